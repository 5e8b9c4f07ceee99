import Foundation
import Logging
import WorkflowModel

/// What a run needs from outside the workflow: storage, plug-ins, time and observers.
public struct RunEnvironment: Sendable {
    /// Storage for runs, checkpoints and data.
    public var store: any WorkflowStore
    /// The data schemas tables are made from.
    public var schemas: DataSchemaLibrary
    /// Connectors that can fetch.
    public var connectors: ConnectorRegistry
    /// Activity plug-ins.
    public var activities: ActivityRegistry
    /// Time.
    public var clock: any EngineClock
    /// Log lines, with the run id and activity name as metadata.
    public var logger: Logger
    /// Told about progress (the CLI draws it); optional.
    public var observer: (any RunObserver)?

    /// Creates an environment.
    public init(
        store: any WorkflowStore, schemas: DataSchemaLibrary, connectors: ConnectorRegistry,
        activities: ActivityRegistry, clock: any EngineClock = SystemClock(), logger: Logger = Logger(label: "wfrun"),
        observer: (any RunObserver)? = nil
    ) {
        self.store = store
        self.schemas = schemas
        self.connectors = connectors
        self.activities = activities
        self.clock = clock
        self.logger = logger
        self.observer = observer
    }
}

/// Receives a run's progress as it happens.
public protocol RunObserver: Sendable {
    /// An activity started (or restarted, after a retry); `meter` counts its records live.
    func activityStarted(_ activity: String, kind: ActivityKind, attempt: Int, meter: ActivityMeter)
    /// An activity's state changed: finished, failed, or records moved.
    func activityUpdated(_ record: ActivityRunRecord)
    /// A log line was written.
    func logged(_ entry: RunLogEntry)
}

/// How to run.
public struct RunOptions: Sendable {
    /// `--param NAME=VALUE` values, as text.
    public var parameters: [String: String]
    /// Read and transform, but write nothing.
    public var dryRun: Bool
    /// Start a new run even when an unfinished one could be resumed.
    public var restart: Bool
    /// Records per batch.
    public var batchSize: Int
    /// The workflow file as the user named it.
    public var file: String
    /// The process the run belongs to.
    public var owner: RunOwner
    /// How long the run's lease lasts without a heartbeat (renewed every third of it), in seconds.
    public var leaseSeconds: Double
    /// How long to wait for another process's live run of the workflow to end, in seconds
    /// (0: refuse at once).
    public var waitForOwner: Double
    /// The fire of `wfrun serve` this run is for, settled with the claim.
    public var fire: Int64?
    /// Only resume this run; begin nothing if it is no longer waiting (`wfrun serve`).
    public var onlyResuming: Int64?
    /// Told once the run is claimed (begun or resumed), before any activity runs.
    public var onClaimed: (@Sendable (RunRecord, _ resumed: Bool) async -> Void)?
    /// How `publish` activities send (proofs, unknown recipients, tracked links).
    public var publishing = PublishOptions()

    /// The lease of a run when nothing else is said: a dead process on another host is noticed
    /// within 15 s (as Quartz's cluster check-in), and a heartbeat every 5 s costs one short
    /// write.
    public static let defaultLeaseSeconds: Double = 15

    /// Creates options.
    public init(
        file: String, parameters: [String: String] = [:], dryRun: Bool = false, restart: Bool = false, batchSize: Int = 1000,
        owner: RunOwner = .current, leaseSeconds: Double = defaultLeaseSeconds, waitForOwner: Double = 0
    ) {
        self.file = file
        self.parameters = parameters
        self.dryRun = dryRun
        self.restart = restart
        self.batchSize = batchSize
        self.owner = owner
        self.leaseSeconds = leaseSeconds
        self.waitForOwner = waitForOwner
    }
}

/// What a run did, for the summary table and `--json`.
public struct RunSummary: Sendable, Codable {
    /// The run (with its final status).
    public var run: RunRecord
    /// Whether it continued an earlier unfinished run.
    public var resumed: Bool
    /// Every activity's final state, in the order they started.
    public var activities: [ActivityRunRecord]
    /// Upsert outcomes per upsert activity.
    public var upserts: [String: UpsertCounts]
}

/// Why a run could not start or did not finish.
public enum RunError: Error, CustomStringConvertible, Sendable {
    /// Activities of kinds this build cannot run.
    case unsupportedActivities([String])
    /// A parameter problem (missing, undeclared, wrong type).
    case parameter(String)
    /// An activity could not be prepared.
    case setup(String)
    /// Another live process holds a run of the workflow.
    case busy(RunRecord)
    /// The unfinished run was started with other parameters than those given.
    case parametersDiffer(RunRecord, given: [String: String])
    /// The run ended but its end could not be written (the store was lost).
    case unrecorded(RunRecord, reason: String)
    /// The run to resume is no longer waiting: another process finished or took it.
    case nothingToResume(Int64)

    public var description: String {
        switch self {
        case .unsupportedActivities(let names):
            "this build cannot run \(names.joined(separator: ", ")) yet; remove them or wait for their plug-in"
        case .parameter(let message): message
        case .setup(let message): message
        case .busy(let run):
            """
            run \(run.id) of \(run.workflow) is in progress in \(run.owner.map { "\($0)" } ?? "another process")\
            \(run.leaseUntil.map { " (its lease runs to \(ISO8601DateFormatter().string(from: $0)) and is renewed while it lives)" } ?? ""); \
            wait for it with --wait DURATION, or stop it\(run.owner.map { " (kill -TERM \($0.pid) on \($0.host))" } ?? ""): nothing was run
            """
        case .parametersDiffer(let run, let given):
            """
            run \(run.id) of \(run.workflow) is unfinished and was started with \(Self.parameterList(run.parameters)), \
            not \(Self.parameterList(given)): resume it with the same values (or with no --param: it keeps its own), \
            or start afresh with --restart: nothing was run
            """
        case .nothingToResume(let id):
            "run \(id) is no longer waiting to be resumed: another process finished or took it"
        case .unrecorded(let run, let reason):
            "run \(run.id) ended (\(run.status.rawValue)\(run.error.map { ": \($0)" } ?? "")) but its end could not be recorded: \(reason); the next `wfrun run` resumes it"
        }
    }

    /// What the process should exit with: 3 for a run held by another process (try later),
    /// 1 for a run whose end was not recorded, 2 for the rest (a usage or workflow problem).
    public var exitCode: Int32 {
        switch self {
        case .busy: 3
        case .unrecorded: 1
        default: 2
        }
    }

    /// `--param a=1 --param b=2`, or `no --param`.
    static func parameterList(_ parameters: [String: String]) -> String {
        parameters.isEmpty ? "no --param" : parameters.sorted { $0.key < $1.key }.map { "--param \($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
