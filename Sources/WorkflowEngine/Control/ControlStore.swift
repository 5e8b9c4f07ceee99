import Foundation

/// What `wfrun serve`, `start`, `stop`, `trigger` and `status` keep in the store: whether each
/// workflow is started, every fire (scheduled or asked for), and the serving nodes. The state lives
/// in the store, not in a process, so the commands work with or without a server and several
/// servers on one PostgreSQL share it. Claims use the database's clock and its unique keys, so a
/// fire is taken by one node only, whatever the nodes' clocks say.
public protocol ControlStore: WorkflowStore {
    /// The database's clock (on SQLite, this machine's).
    func databaseNow() async throws -> Date

    /// Marks workflows started or stopped at `instant` (the scheduler's clock: fires before a
    /// start are not missed ones).
    func setState(_ state: WorkflowState, of workflows: [String], by who: String, at instant: Date) async throws
    /// Every workflow that was ever started or stopped.
    func controls() async throws -> [WorkflowControl]

    /// Claims the scheduled fire of `fire.workflow` at `fire.scheduledAt` for `fire.node`: inserts
    /// its row, unique per (workflow, scheduled instant), counting as missed the `earlier` instants
    /// newer than the newest fire recorded, in one transaction that no other claim of the
    /// workflow interleaves with. Nil when that instant, or a later one, is already recorded.
    func claimFire(_ fire: FireClaim) async throws -> FireRecord?
    /// Claims several fires in one transaction (each as `claimFire` would); returns those claimed.
    func claimFires(_ fires: [FireClaim]) async throws -> [FireRecord]
    /// The newest run of each workflow, whatever its status.
    func latestRuns() async throws -> [RunRecord]
    /// The newest scheduled instant recorded for each workflow that has one (one query).
    func lastScheduledFires() async throws -> [String: Date]
    /// The newest scheduled instant recorded for `workflow`, whatever its outcome.
    func lastScheduledFire(workflow: String) async throws -> Date?
    /// Queues a run of `workflow` asked for by a person (`wfrun trigger`), for a server to take.
    func queueTrigger(workflow: String, parameters: [String: String], by who: String) async throws -> FireRecord
    /// Takes the oldest queued trigger of one of `workflows` for `node` (each trigger is taken
    /// once: `FOR UPDATE SKIP LOCKED` on PostgreSQL, one writer on SQLite).
    func claimTrigger(workflows: [String], node: RunOwner, at instant: Date) async throws -> FireRecord?
    /// The newest run of each workflow when it is running or interrupted: the runs a server may
    /// have to resume or take over (one query, however many workflows).
    func waitingRuns() async throws -> [RunRecord]
    /// Fires claimed by a node and not settled yet (their run may not have begun).
    func claimedFires() async throws -> [FireRecord]
    /// Takes over fire `id`, claimed by `from` (a node that died before settling it), for
    /// `to`; nil when it was settled or taken over meanwhile.
    func adoptFire(id: Int64, from: RunOwner?, to: RunOwner, at instant: Date) async throws -> FireRecord?
    /// Records what became of a fire: the run it started, or why it did not run.
    func settleFire(id: Int64, outcome: FireOutcome, run: Int64?, detail: String?) async throws
    /// Fires, newest first, of one workflow or of all.
    func fires(workflow: String?, limit: Int) async throws -> [FireRecord]

    /// Registers a serving node. With `exclusive` (SQLite: one server per file), a live node
    /// already registered is returned instead and nothing is written.
    func registerNode(_ node: NodeRecord, exclusive: Bool, aliveWithin seconds: Double) async throws -> NodeRecord?
    /// Records that `node` is alive (the database's clock).
    func heartbeat(node: RunOwner, runs: Int) async throws
    /// Removes a node that stops.
    func removeNode(_ node: RunOwner) async throws
    /// Every registered node, with its last heartbeat.
    func nodes() async throws -> [NodeRecord]
}

/// Whether a workflow's schedule fires: a workflow is stopped until a person starts it.
public enum WorkflowState: String, Sendable, Hashable, Codable, CaseIterable {
    case started, stopped
}

/// A row of `workflow_control`.
public struct WorkflowControl: Sendable, Hashable, Codable {
    public var workflow: String
    public var state: WorkflowState
    /// When the state last changed: fires before a start are not "missed".
    public var changedAt: Date
    /// Who changed it (a user and host, or a node).
    public var changedBy: String

    /// Creates a control row.
    public init(workflow: String, state: WorkflowState, changedAt: Date, changedBy: String) {
        self.workflow = workflow
        self.state = state
        self.changedAt = changedAt
        self.changedBy = changedBy
    }
}

/// Why a fire happened.
public enum FireReason: String, Sendable, Hashable, Codable {
    /// The workflow's schedule.
    case schedule
    /// `wfrun trigger`: "execute pending tasks now".
    case trigger
}

/// What became of a fire.
public enum FireOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// A trigger waiting for a server.
    case queued
    /// Claimed by a node, not settled yet.
    case claimed
    /// It ran (or resumed) a run.
    case ran
    /// The previous run of the workflow was still going.
    case overlap = "skipped: overlap"
    /// The last run failed and waits for a person.
    case failedRun = "skipped: failed run"
    /// Fires missed while no server ran, not caught up (`missedRuns="skip"`).
    case missed = "missed"
    /// The run could not start (its file is invalid now, parameters, the store).
    case refused = "refused"
}

/// What a node asks for when a scheduled fire is due.
public struct FireClaim: Sendable, Hashable {
    public var workflow: String
    /// The instant the schedule gave.
    public var scheduledAt: Date
    /// The node claiming it.
    public var node: RunOwner
    /// When it claims it (the scheduler's clock).
    public var firedAt: Date
    /// The due instants before `scheduledAt` (missed while no server ran) that this fire stands
    /// for, unless another node fired them.
    public var earlier: [Date]
    /// The outcome it is recorded with at once: `claimed` when it is to run, `missed` when the
    /// missed-run policy skips it.
    public var outcome: FireOutcome

    /// Creates a claim.
    public init(workflow: String, scheduledAt: Date, earlier: [Date] = [], node: RunOwner, firedAt: Date, outcome: FireOutcome = .claimed) {
        self.workflow = workflow
        self.scheduledAt = scheduledAt
        self.node = node
        self.firedAt = firedAt
        self.earlier = earlier
        self.outcome = outcome
    }

    /// How many of the `earlier` instants are newer than `last`, the newest fire recorded.
    public func missed(after last: Date?) -> Int {
        guard let last else { return earlier.count }
        return earlier.count { $0 > last }
    }
}

/// A row of `fire`: one scheduled instant or one trigger, and what became of it.
public struct FireRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var workflow: String
    public var reason: FireReason
    /// The schedule's instant, or when the trigger was asked for.
    public var scheduledAt: Date
    /// When a node took it (nil while queued).
    public var firedAt: Date?
    /// The node that took it.
    public var node: RunOwner?
    /// The run it ran.
    public var run: Int64?
    public var outcome: FireOutcome
    /// Earlier scheduled instants this fire stands for (missed while no server ran).
    public var missed: Int
    /// A trigger's `--param` values.
    public var parameters: [String: String]
    /// Why it did not run, or who asked for it.
    public var detail: String?

    /// Creates a fire record.
    public init(
        id: Int64, workflow: String, reason: FireReason, scheduledAt: Date, firedAt: Date?, node: RunOwner?, run: Int64?,
        outcome: FireOutcome, missed: Int, parameters: [String: String], detail: String?
    ) {
        self.id = id
        self.workflow = workflow
        self.reason = reason
        self.scheduledAt = scheduledAt
        self.firedAt = firedAt
        self.node = node
        self.run = run
        self.outcome = outcome
        self.missed = missed
        self.parameters = parameters
        self.detail = detail
    }

    /// How late the fire started, in seconds (nil while queued).
    public var lateness: Double? { firedAt.map { $0.timeIntervalSince(scheduledAt) } }
}

/// A row of `node`: a `wfrun serve` process.
public struct NodeRecord: Sendable, Hashable, Codable {
    public var owner: RunOwner
    public var startedAt: Date
    public var heartbeatAt: Date
    /// Its HTTP listener, such as `127.0.0.1:8686`.
    public var listen: String?
    /// How many runs it held at its last heartbeat.
    public var runs: Int

    /// Creates a node record.
    public init(owner: RunOwner, startedAt: Date, heartbeatAt: Date, listen: String?, runs: Int = 0) {
        self.owner = owner
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
        self.listen = listen
        self.runs = runs
    }
}
