import Foundation
import Logging
import SocialConnectors
import WorkflowEngine
import WorkflowModel

/// The heart of `wfrun serve`: once a second it reads the workflows' state from the store, fires
/// the schedules that are due, takes queued triggers, resumes interrupted and paused runs and
/// takes over runs whose node died; every run goes on in this process under its lease, at most
/// `maxRuns` at a time. Everything it decides is claimed through the store first, so several
/// nodes on one PostgreSQL never fire one instant twice.
actor ServiceScheduler {
    struct Settings: Sendable {
        var maxRuns: Int
        var leaseSeconds: Double
        var batchSize: Int
        var maxWait: Double
        /// How long one HTTP request may take (`--request-timeout`), in seconds.
        var requestTimeout: Double
        /// Where tracked links point (`--public-url`), given to every run.
        var publicURL: URL? = nil
        /// Seconds between rescans of the folder.
        var rescanInterval: Double = 5
        /// Seconds between node heartbeats; a node is dead after three missed ones.
        var heartbeatInterval: Double = 5
    }

    let store: any ControlStore
    let services: SocialServices?
    let node: RunOwner
    private let clock: ServiceClock
    let log: ServiceLog
    let settings: Settings
    let logger: Logger
    /// What `/metrics` counts; nil when nothing listens for it.
    let metrics: ServiceMetrics?
    private var catalog: WorkflowCatalog
    /// Runs going on in this process, by workflow.
    private var running: [String: Task<Void, Never>] = [:]
    /// The newest scheduled instant known to be claimed, per workflow (by any node).
    private var lastFire: [String: Date] = [:]
    /// The next instant of each workflow after the anchor it was computed from: a schedule is
    /// computed once per fire, not once per tick.
    private var nextDue: [String: (anchor: Date, next: Date?)] = [:]
    private var lastRescan = Date.distantPast
    private var lastHeartbeat = Date.distantPast
    private var lastOrphanCheck = Date.distantPast
    private var lastResumeCheck = Date.distantPast
    private var rescanRequested = false
    /// Fires claimed by this node, waiting for a free slot.
    private var queue: [(entry: WorkflowCatalog.Entry, fire: FireRecord)] = []
    /// The store's clock minus this process's, as of the last tick: a fire's lateness is
    /// measured on the clock its instant was written with.
    private var databaseSkew: TimeInterval = 0
    /// Live nodes on the store (this one included), as of the last heartbeat.
    private var aliveNodes = 1
    private var stopping = false
    /// When the last tick completed (the readiness probe looks at it).
    private(set) var lastTick: Date?

    init(
        store: any ControlStore, services: SocialServices?, folder: String, node: RunOwner, clock: ServiceClock,
        log: ServiceLog, settings: Settings, logger: Logger, metrics: ServiceMetrics? = nil
    ) {
        self.store = store
        self.services = services
        self.node = node
        self.clock = clock
        self.log = log
        self.settings = settings
        self.logger = logger
        self.metrics = metrics
        catalog = WorkflowCatalog(folder: folder)
    }

    /// How many runs this node holds now.
    var runCount: Int { running.count }

    /// Asks for a rescan of the folder at the next tick (SIGHUP).
    func requestRescan() { rescanRequested = true }

    /// The served workflows as loaded now (the console reads them).
    var catalogSnapshot: WorkflowCatalog { catalog }

    /// Ticks until cancelled or `stop()`.
    func serve() async {
        while !stopping && !Task.isCancelled {
            let started = ContinuousClock.now
            do {
                try await tick()
                lastTick = Date()
            } catch {
                // A query cut short by the stop is not an error worth a line.
                if error is CancellationError || Task.isCancelled || stopping { break }
                log.event("error", message: "\(error)")
            }
            let took = ContinuousClock.now - started
            let wait = pause(now: clock.shifted(Date())) - took
            logger.debug("tick took \(took); next in \(wait)")
            if wait > .zero { try? await Task.sleep(for: wait) }
        }
    }

    /// Stops claiming, cancels the runs (each stops at its next batch boundary and is recorded
    /// interrupted, resumable) and waits for them, at most `grace` seconds.
    func stop(grace: Double) async -> Bool {
        stopping = true
        // Queued fires stay claimed: the next start of a node adopts them.
        queue.removeAll()
        let tasks = Array(running.values)
        for task in tasks { task.cancel() }
        var finished = true
        do {
            try await withBoundedWait(seconds: grace) { () async -> Void in
                for task in tasks { await task.value }
            }
        } catch {
            finished = false
        }
        try? await store.removeNode(node)
        return finished
    }

    // MARK: One tick

    private func tick() async throws {
        let realNow = Date()
        if rescanRequested || realNow.timeIntervalSince(lastRescan) >= settings.rescanInterval {
            rescanRequested = false
            lastRescan = realNow
            report(catalog.scan())
        }
        if realNow.timeIntervalSince(lastHeartbeat) >= settings.heartbeatInterval {
            lastHeartbeat = realNow
            try await store.heartbeat(node: node, runs: running.count)
            let databaseNow = try await store.databaseNow()
            aliveNodes = max(1, try await store.nodes().filter {
                databaseNow.timeIntervalSince($0.heartbeatAt) < settings.heartbeatInterval * 3 && !$0.owner.isKnownGone
            }.count)
        }
        let databaseNow = try await store.databaseNow()
        databaseSkew = databaseNow.timeIntervalSince(Date())
        let now = clock.shifted(databaseNow)
        let controls = Dictionary(try await store.controls().map { ($0.workflow, $0) }, uniquingKeysWith: { _, last in last })
        let started = catalog.entries.values.filter { controls[$0.workflow.name]?.state == .started }
        // Every 2 s: a paused run goes on, and a dead node's run is taken over, within the lease
        // plus 2 s; an idle node makes one query fewer per second.
        if realNow.timeIntervalSince(lastResumeCheck) >= 2 {
            lastResumeCheck = realNow
            try await resumeWaitingRuns(databaseNow: databaseNow)
        }
        // A node is dead only after three missed heartbeats: its fires are looked for at that pace.
        if realNow.timeIntervalSince(lastOrphanCheck) >= settings.heartbeatInterval {
            lastOrphanCheck = realNow
            try await adoptOrphanFires(databaseNow: databaseNow, now: now)
        }
        try await takeTriggers(now: now)
        // Workflows whose newest fire is unknown here (new, reloaded, left to other nodes) are
        // read in one query, not one each.
        if started.contains(where: { lastFire[$0.workflow.name] == nil }) {
            let newest = try await store.lastScheduledFires()
            for entry in started where lastFire[entry.workflow.name] == nil {
                lastFire[entry.workflow.name] = newest[entry.workflow.name] ?? .distantPast
            }
        }
        var plans: [(WorkflowCatalog.Entry, FirePlan)] = []
        for entry in inNodeOrder(started) {
            guard let schedule = entry.schedule, let control = controls[entry.workflow.name],
                let plan = try await duePlan(entry, schedule: schedule, since: control.changedAt, now: now)
            else { continue }
            plans.append((entry, plan))
        }
        if !plans.isEmpty {
            try await fire(plans, now: { [clock] in clock.shifted(databaseNow.addingTimeInterval(Date().timeIntervalSince(realNow))) })
        }
        try await drainQueue()
    }

    /// How long to wait before the next tick: until the soonest next fire, at most a second.
    private func pause(now: Date) -> Duration {
        // A fire that came due while the tick ran is claimed at once, not a second later.
        guard let soonest = nextDue.values.compactMap(\.next).min() else { return .seconds(1) }
        let seconds = clock.realSeconds(soonest.timeIntervalSince(now))
        return .milliseconds(Int64(max(1, min(1000, seconds * 1000 + 1))))
    }

    /// The workflows in an order of this node's own (a rotation by its process id), so that
    /// nodes sharing a database start their claims on different workflows.
    private func inNodeOrder(_ entries: [WorkflowCatalog.Entry]) -> [WorkflowCatalog.Entry] {
        let sorted = entries.sorted { $0.workflow.name < $1.workflow.name }
        guard !sorted.isEmpty else { return sorted }
        let offset = Int(node.pid) % sorted.count
        return Array(sorted[offset...] + sorted[..<offset])
    }

    private var hasCapacity: Bool { !stopping && running.count < settings.maxRuns }

    /// Interrupted runs (a stopped server, a person's Ctrl-C), paused runs whose wait is over, and
    /// runs whose node died (lease expired) are resumed, started workflow or not: they are the
    /// continuation of a run already asked for. Failed runs wait for a person.
    private func resumeWaitingRuns(databaseNow: Date) async throws {
        for run in try await store.waitingRuns() where hasCapacity && running[run.workflow] == nil {
            guard let entry = catalog.entries[run.workflow] else { continue }
            switch run.status {
            case .interrupted:
                if let resumeAt = run.resumeAt, resumeAt > databaseNow { continue }
                launch(entry, fire: nil, parameters: [:], why: run.resumeAt == nil ? "resuming" : "resuming after its pause", resuming: run.id)
            case .running:
                let expired = (run.leaseUntil ?? .distantPast) <= databaseNow || run.owner?.isKnownGone == true
                guard expired, run.owner != node else { continue }
                launch(entry, fire: nil, parameters: [:], why: "taking over from \(run.owner.map { "\($0)" } ?? "a process that is gone")", resuming: run.id)
            default:
                continue
            }
        }
    }

    /// Fires claimed by a node that died before their run began: they run here.
    private func adoptOrphanFires(databaseNow: Date, now: Date) async throws {
        let orphans = try await store.claimedFires().filter { running[$0.workflow] == nil && catalog.entries[$0.workflow] != nil }
        guard !orphans.isEmpty else { return }
        let alive = Set(try await store.nodes().filter {
            databaseNow.timeIntervalSince($0.heartbeatAt) < settings.heartbeatInterval * 3 && !$0.owner.isKnownGone
        }.map(\.owner))
        for fire in orphans where hasCapacity && running[fire.workflow] == nil {
            if let holder = fire.node, alive.contains(holder) { continue }
            guard let entry = catalog.entries[fire.workflow],
                let adopted = try await store.adoptFire(id: fire.id, from: fire.node, to: node, at: now)
            else { continue }
            log.event("adopted", fire.workflow, ["fire": "\(fire.id)", "from": fire.node.map { "\($0)" } ?? "?"], message: "its node died before the run began")
            launch(entry, fire: adopted, parameters: adopted.parameters, why: "adopted")
        }
    }

    /// Queued triggers of served workflows, oldest first.
    private func takeTriggers(now: Date) async throws {
        while hasCapacity {
            let free = catalog.entries.keys.filter { running[$0] == nil }
            guard !free.isEmpty, let fire = try await store.claimTrigger(workflows: free, node: node, at: now) else { return }
            guard let entry = catalog.entries[fire.workflow] else { continue }
            log.event("triggered", fire.workflow, ["fire": "\(fire.id)"])
            launch(entry, fire: fire, parameters: fire.parameters, why: "triggered")
        }
    }

    /// The fire a started workflow's schedule asks for now, if any.
    private func duePlan(_ entry: WorkflowCatalog.Entry, schedule: Schedule, since startedAt: Date, now: Date) async throws -> FirePlan? {
        let name = entry.workflow.name
        if lastFire[name] == nil { lastFire[name] = try await store.lastScheduledFire(workflow: name) ?? .distantPast }
        let anchor = max(lastFire[name] ?? .distantPast, startedAt)
        let next: Date?
        if let cached = nextDue[name], cached.anchor == anchor {
            next = cached.next
        } else {
            next = schedule.nextFire(after: anchor)
            nextDue[name] = (anchor, next)
        }
        guard let next, next <= now else { return nil }
        // Past fires are bounded: a schedule every minute missed for a year is 525,600 instants.
        let due = schedule.fires(after: anchor, through: now, limit: 1_000_000)
        return FirePlan.plan(due: due, now: now, catchUp: schedule.missedRuns == .runOnce)
    }

    /// Claims the due fires in one transaction, then runs, skips or queues each one claimed. Alone
    /// on its store a node claims them all (its runs wait in a queue for a free slot); beside other
    /// nodes it claims its share plus what it can start at once, and leaves the rest to them.
    private func fire(_ plans: [(WorkflowCatalog.Entry, FirePlan)], now: () -> Date) async throws {
        let share = aliveNodes <= 1 ? plans.count : (plans.count + aliveNodes - 1) / aliveNodes + max(0, settings.maxRuns - running.count)
        let chosen = plans.prefix(share)
        let firedAt = now()
        let claims = chosen.map { entry, plan in
            FireClaim(
                workflow: entry.workflow.name, scheduledAt: plan.scheduledAt, earlier: plan.earlier, node: node, firedAt: firedAt,
                outcome: plan.outcome)
        }
        let claimed = try await store.claimFires(Array(claims))
        for (entry, plan) in chosen { lastFire[entry.workflow.name] = plan.scheduledAt }
        // Left to the other nodes: reread at the next tick, and claimed here if still due then.
        for (entry, _) in plans.dropFirst(share) { lastFire[entry.workflow.name] = nil }
        guard !claimed.isEmpty else { return }
        let latest = Dictionary(try await store.latestRuns().map { ($0.workflow, $0) }, uniquingKeysWith: { first, _ in first })
        let entries = Dictionary(chosen.map { ($0.0.workflow.name, $0.0) }, uniquingKeysWith: { first, _ in first })
        for fire in claimed {
            guard let entry = entries[fire.workflow] else { continue }
            let name = fire.workflow
            let scheduled = ISOTimestamp(fire.scheduledAt).text
            var fields: KeyValuePairs<String, String> = ["scheduled": scheduled, "fire": "\(fire.id)"]
            if fire.missed > 0 { fields = ["scheduled": scheduled, "fire": "\(fire.id)", "missed": "\(fire.missed)"] }
            if fire.outcome == .missed {
                log.event("missed", name, fields, message: "missed while no server ran; missedRuns=\"skip\" waits for the next fire")
                continue
            }
            if running[name] != nil || queue.contains(where: { $0.entry.workflow.name == name }) {
                try await store.settleFire(id: fire.id, outcome: .overlap, run: nil, detail: "the previous run was still going")
                log.event("skipped", name, fields, message: "the previous run is still going (overlap)")
                continue
            }
            if let previous = latest[name], previous.status == .failed {
                let detail = "run \(previous.id) failed and waits for a person: `wfrun trigger \(name)` resumes it"
                try await store.settleFire(id: fire.id, outcome: .failedRun, run: previous.id, detail: detail)
                log.event("skipped", name, fields, message: detail)
                continue
            }
            log.event("fired", name, fields)
            queue.append((entry, fire))
        }
    }

    /// Starts queued fires while there are free slots.
    private func drainQueue() async throws {
        while hasCapacity, !queue.isEmpty {
            let (entry, fire) = queue.removeFirst()
            if running[entry.workflow.name] != nil {
                try await store.settleFire(id: fire.id, outcome: .overlap, run: nil, detail: "the previous run was still going")
                log.event("skipped", entry.workflow.name, ["fire": "\(fire.id)"], message: "the previous run is still going (overlap)")
                continue
            }
            launch(entry, fire: fire, parameters: [:], why: "fired")
        }
    }

    // MARK: Runs

    private func launch(_ entry: WorkflowCatalog.Entry, fire: FireRecord?, parameters: [String: String], why: String, resuming: Int64? = nil) {
        let name = entry.workflow.name
        let task = Task { [weak self] in
            guard let self else { return }
            await self.execute(entry, fire: fire, parameters: parameters, why: why, resuming: resuming)
            await self.finished(name)
        }
        running[name] = task
        metrics?.runsRunning(running.count)
        if let fire, let metrics {
            // A schedule's instants are on the scheduler's timeline, a trigger's on the store's clock.
            let storeNow = Date().addingTimeInterval(databaseSkew)
            let now = fire.reason == .schedule ? clock.shifted(storeNow) : storeNow
            metrics.fireStarted(workflow: name, reason: fire.reason, lateness: now.timeIntervalSince(fire.scheduledAt))
        }
    }

    private func finished(_ name: String) async {
        running[name] = nil
        metrics?.runsRunning(running.count)
        // A free slot: the next queued fire starts now, not at the next tick.
        try? await drainQueue()
    }

    // MARK: Reporting

    private func report(_ changes: [WorkflowCatalog.Change]) {
        for change in changes {
            switch change {
            case .loaded(let entry), .reloaded(let entry):
                var fields: KeyValuePairs<String, String> = ["file": entry.file]
                if let schedule = entry.schedule { fields = ["file": entry.file, "schedule": schedule.summary] }
                if case .reloaded = change {
                    lastFire[entry.workflow.name] = nil
                    nextDue[entry.workflow.name] = nil
                }
                log.event(isReload(change) ? "reloaded" : "loaded", entry.workflow.name, fields)
            case .removed(let name, let file):
                lastFire[name] = nil
                nextDue[name] = nil
                log.event("removed", name, ["file": file], message: "no longer fires")
            case .invalid(let file, let diagnostics):
                log.event("invalid", nil, ["file": file], message: "skipped until fixed: " + diagnostics.joined(separator: " | "))
            }
        }
    }

    private func isReload(_ change: WorkflowCatalog.Change) -> Bool {
        if case .reloaded = change { return true }
        return false
    }
}
