import ArgumentParser
import Foundation
import WorkflowEngine
import WorkflowModel

/// `wfrun status [NAME]`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each workflow's state, next fires, last run, and the servers alive.",
        discussion: """
            For each workflow of the folder (and each one started or stopped in
            the store): started, stopped, running on a node, or paused until a
            rate limit resets; its schedule in words; the next three fires in
            its zone and in UTC; its last run; and the fires skipped (overlap, a
            failed run) or missed since that run. Then the servers alive.

            Examples:
              wfrun status
              wfrun status syncTwitter --json
              wfrun status --nodes
            """)

    @Argument(help: ArgumentHelp("One workflow (default: all).", valueName: "name"))
    var name: String?

    @Flag(help: "Only list the serving nodes and their last heartbeat.")
    var nodes = false

    @Flag(help: "Print JSON on standard output.")
    var json = false

    @OptionGroup var control: ControlOptions

    mutating func run() async throws {
        let clock = try ServiceClock.fromEnvironment()
        let catalog = control.catalog()
        let store = try await StoreLocation.openControl(control.db, forReading: true)
        let report: ControlStatus.Report
        do {
            report = try await ControlStatus.report(store: store, catalog: catalog, only: name, clock: clock)
        } catch {
            FileHandleOutput.standardError.write("wfrun: \(error)\n")
            try? await store.close()
            throw ExitCode(1)
        }
        try? await store.close()
        if let name, report.workflows.isEmpty {
            FileHandleOutput.standardError.write("wfrun: no workflow named '\(name)' in \(control.workflows) or in the store\n")
            throw ExitCode(2)
        }
        if json {
            FileHandleOutput.standardOutput.write(ControlStatus.json(report, nodesOnly: nodes) + "\n")
        } else {
            FileHandleOutput.standardOutput.write(ControlStatus.text(report, nodesOnly: nodes))
        }
    }
}

/// What `status` reads and how it prints it.
enum ControlStatus {
    /// A node is alive while its heartbeat (every 5 s) is younger than this.
    static let aliveWithin: Double = 15

    struct Report: Encodable {
        var now: Date
        var workflows: [Workflow]
        var nodes: [Node]
    }

    struct Workflow: Encodable {
        var name: String
        var file: String?
        /// started, stopped, running, paused
        var state: String
        var startedOrStopped: String
        var runningOn: String?
        var pausedUntil: Date?
        var schedule: String?
        var timeZone: String?
        var next: [Fire]
        var lastRun: LastRun?
        var skippedSince: Int
        var missedSince: Int
    }

    struct Fire: Encodable {
        var local: String
        var utc: String
    }

    struct LastRun: Encodable {
        var id: Int64
        var status: String
        var startedAt: Date
        var endedAt: Date?
        var seconds: Double?
        var error: String?
    }

    struct Node: Encodable {
        var node: String
        var heartbeatAt: Date
        var secondsAgo: Double
        var runs: Int
        var listen: String?
    }

    /// The nodes whose heartbeat is recent.
    static func aliveNodes(_ store: any ControlStore) async throws -> [NodeRecord] {
        let now = try await store.databaseNow()
        return try await store.nodes().filter { now.timeIntervalSince($0.heartbeatAt) < aliveWithin && !$0.owner.isKnownGone }
    }

    static func report(store: any ControlStore, catalog: WorkflowCatalog, only: String?, clock: ServiceClock) async throws -> Report {
        let databaseNow = try await store.databaseNow()
        let now = clock.shifted(databaseNow)
        let controls = Dictionary(try await store.controls().map { ($0.workflow, $0) }, uniquingKeysWith: { _, last in last })
        var names = Set(catalog.entries.keys).union(controls.keys)
        if let only { names = names.filter { $0 == only } }
        var workflows: [Workflow] = []
        for name in names.sorted() {
            let entry = catalog.entries[name]
            let control = controls[name]
            let lastRun = try await store.runs(workflow: name, limit: 1).first
            var state = control?.state.rawValue ?? WorkflowState.stopped.rawValue
            var runningOn: String?
            var pausedUntil: Date?
            if let lastRun, lastRun.status == .running, let lease = lastRun.leaseUntil, lease > databaseNow {
                state = "running"
                runningOn = lastRun.owner.map { "\($0)" }
            } else if let lastRun, lastRun.status == .interrupted, let resumeAt = lastRun.resumeAt, resumeAt > databaseNow {
                state = "paused"
                pausedUntil = resumeAt
            }
            let fires = try await store.fires(workflow: name, limit: 200)
            let since = fires.filter { fire in lastRun.map { fire.firedAt ?? fire.scheduledAt >= clock.shifted($0.startedAt) } ?? true }
            let schedule = entry?.schedule
            let next = schedule.map { schedule in upcoming(schedule, after: now) } ?? []
            workflows.append(Workflow(
                name: name, file: entry?.file, state: state,
                startedOrStopped: control.map { "\($0.state.rawValue) by \($0.changedBy) at \(ISOTimestamp($0.changedAt).text)" } ?? "never started",
                runningOn: runningOn, pausedUntil: pausedUntil, schedule: schedule?.summary,
                timeZone: schedule?.timeZoneName, next: next,
                lastRun: lastRun.map { run in
                    LastRun(
                        id: run.id, status: run.status.rawValue, startedAt: run.startedAt, endedAt: run.endedAt,
                        seconds: run.endedAt.map { $0.timeIntervalSince(run.startedAt) }, error: run.error)
                },
                skippedSince: since.filter { $0.outcome == .overlap || $0.outcome == .failedRun }.count,
                missedSince: since.reduce(0) { $0 + $1.missed + ($1.outcome == .missed ? 1 : 0) }))
        }
        let nodes = try await store.nodes().filter { databaseNow.timeIntervalSince($0.heartbeatAt) < aliveWithin && !$0.owner.isKnownGone }
        return Report(
            now: now, workflows: workflows,
            nodes: nodes.map {
                Node(node: "\($0.owner)", heartbeatAt: $0.heartbeatAt, secondsAgo: databaseNow.timeIntervalSince($0.heartbeatAt), runs: $0.runs, listen: $0.listen)
            })
    }

    /// The next three fires, in the schedule's zone and in UTC.
    static func upcoming(_ schedule: Schedule, after now: Date) -> [Fire] {
        var fires: [Fire] = []
        var instant = now
        while fires.count < 3, let next = schedule.nextFire(after: instant) {
            fires.append(Fire(local: schedule.localText(of: next), utc: ISOTimestamp(next).text))
            instant = next
        }
        return fires
    }

    static func text(_ report: Report, nodesOnly: Bool) -> String {
        var lines: [String] = []
        if !nodesOnly {
            for workflow in report.workflows {
                var head = "\(workflow.name)  \(workflow.state)"
                if let on = workflow.runningOn { head += " on \(on)" }
                if let until = workflow.pausedUntil { head += " until \(ISOTimestamp(until).text)" }
                lines.append(head)
                lines.append("  schedule   \(workflow.schedule ?? "none (runs only when triggered)")")
                if !workflow.next.isEmpty {
                    lines.append("  next       " + workflow.next.map { "\($0.local) (\($0.utc))" }.joined(separator: ", "))
                }
                if let run = workflow.lastRun {
                    let took = run.seconds.map { String(format: ", took %.1fs", $0) } ?? ""
                    lines.append("  last run   \(run.id) \(run.status) at \(ISOTimestamp(run.startedAt).text)\(took)")
                } else {
                    lines.append("  last run   none")
                }
                if workflow.skippedSince > 0 || workflow.missedSince > 0 {
                    lines.append("  since then \(workflow.skippedSince) skipped, \(workflow.missedSince) missed")
                }
                lines.append("  state      \(workflow.startedOrStopped)")
            }
        }
        if report.nodes.isEmpty {
            lines.append("no server is running on this store")
        } else {
            lines.append("servers:")
            for node in report.nodes {
                lines.append(String(format: "  %@, heartbeat %.0fs ago, %d running%@", node.node, node.secondsAgo, node.runs, node.listen.map { ", listening on \($0)" } ?? ""))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ report: Report, nodesOnly: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISOTimestamp(date).text)
        }
        let data: Data?
        if nodesOnly {
            data = try? encoder.encode(["nodes": report.nodes])
        } else {
            data = try? encoder.encode(report)
        }
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
