import Foundation
import Synchronization
import WorkflowModel

/// Everything one activation can use: the run, the store, the clock, the parameters, the log.
public struct ActivityContext: Sendable {
    /// The run's id.
    public var run: Int64
    /// The activity's definition.
    public var activity: Activity
    /// Where the workflow file is (relative file paths are resolved against it).
    public var workflowDirectory: String
    /// Storage.
    public var store: any WorkflowStore
    /// The data schemas.
    public var schemas: DataSchemaLibrary
    /// The connectors installed.
    public var connectors: ConnectorRegistry
    /// Parameters and `now()` for expressions.
    public var evaluation: EvaluationContext
    /// Time: `now` and sleeping, injected so tests never sleep for real.
    public var clock: any EngineClock
    /// Nothing is written when true; writes are described in the log instead.
    public var dryRun: Bool
    /// Records per batch for sources.
    public var batchSize: Int
    /// For a source: the checkpoint to resume after (from the run's committed checkpoints).
    public var resumeAfter: Checkpoint?
    /// Counts the records this activity reads and writes (shown in progress and history).
    public var meter: ActivityMeter
    /// How `publish` sends (proofs, unknown recipients, tracked links).
    public var publishing = PublishOptions()
    /// Writes to the run's log (and the console).
    public var log: @Sendable (RunLogEntry.Level, String) async -> Void

    /// Creates a context.
    public init(
        run: Int64, activity: Activity, workflowDirectory: String, store: any WorkflowStore, schemas: DataSchemaLibrary,
        connectors: ConnectorRegistry, evaluation: EvaluationContext, clock: any EngineClock, dryRun: Bool,
        batchSize: Int, resumeAfter: Checkpoint?, meter: ActivityMeter,
        log: @escaping @Sendable (RunLogEntry.Level, String) async -> Void
    ) {
        self.run = run
        self.activity = activity
        self.workflowDirectory = workflowDirectory
        self.store = store
        self.schemas = schemas
        self.connectors = connectors
        self.evaluation = evaluation
        self.clock = clock
        self.dryRun = dryRun
        self.batchSize = batchSize
        self.resumeAfter = resumeAfter
        self.meter = meter
        self.log = log
    }
}

/// Record counters of one activity, updated from whichever task pulls its stream.
public final class ActivityMeter: Sendable {
    private let counts = Mutex((recordsIn: 0, recordsOut: 0, upserts: UpsertCounts()))

    /// Creates a meter at zero.
    public init() {}

    /// Adds records read.
    public func read(_ count: Int) { counts.withLock { $0.recordsIn += count } }
    /// Adds records passed on or written.
    public func wrote(_ count: Int) { counts.withLock { $0.recordsOut += count } }
    /// Adds upsert outcomes.
    public func upserted(_ result: UpsertCounts) { counts.withLock { $0.upserts = $0.upserts + result } }

    /// The counters now.
    public var snapshot: (recordsIn: Int, recordsOut: Int, upserts: UpsertCounts) { counts.withLock { $0 } }
}
