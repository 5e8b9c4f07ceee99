import Foundation
import Logging
import WorkflowModel
import WorkflowXML

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

    /// Creates options.
    public init(file: String, parameters: [String: String] = [:], dryRun: Bool = false, restart: Bool = false, batchSize: Int = 1000) {
        self.file = file
        self.parameters = parameters
        self.dryRun = dryRun
        self.restart = restart
        self.batchSize = batchSize
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

    public var description: String {
        switch self {
        case .unsupportedActivities(let names):
            "this build cannot run \(names.joined(separator: ", ")) yet; remove them or wait for their plug-in"
        case .parameter(let message): message
        case .setup(let message): message
        }
    }
}
