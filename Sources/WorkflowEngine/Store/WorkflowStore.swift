import Foundation
import WorkflowModel

/// What the engine needs from storage. Two backends implement it natively (SQLite through GRDB,
/// PostgreSQL through postgres-nio); the engine never knows which one it has.
public protocol WorkflowStore: Sendable {
    /// Creates the engine tables and the data tables of `schemas`, or migrates them: a column
    /// added to a data schema is added to its table. Idempotent.
    func prepare(schemas: [DataSchema]) async throws

    // MARK: Runs

    /// Records a new run and returns it with its id.
    func beginRun(_ run: RunRecord) async throws -> RunRecord
    /// Updates a run's status, end and error.
    func updateRun(_ run: RunRecord) async throws
    /// The run with this id.
    func run(id: Int64) async throws -> RunRecord?
    /// Runs, newest first, of one workflow or of all.
    func runs(workflow: String?, limit: Int) async throws -> [RunRecord]
    /// The runs `query` selects, newest (highest id) first, at most `query.limit` of them.
    func runs(matching query: RunQuery) async throws -> [RunRecord]
    /// How many runs `query` selects, whatever its `beforeID` and `limit`.
    func countRuns(matching query: RunQuery) async throws -> Int
    /// The last `perWorkflow` runs of each of `workflows`, newest first, in one query; a
    /// workflow without runs has no entry.
    func latestRuns(perWorkflow: Int, workflows: [String]) async throws -> [String: [RunRecord]]
    /// The newest run of `workflow` that did not succeed and can be resumed (running, failed or
    /// interrupted), if any.
    func resumableRun(workflow: String) async throws -> RunRecord?
    /// Takes the run of a workflow for one process, in one transaction that no other claim of
    /// the same workflow can interleave with: a live run (running, its lease not expired and its
    /// owner not known to be gone) is `busy`; otherwise the newest unfinished run is resumed
    /// (unless `restart`), or a new one begins. The claimed run is `running`, owned by
    /// `request.owner`, with a lease of `request.leaseSeconds` from the database's clock.
    func claimRun(_ request: RunClaimRequest) async throws -> RunClaim
    /// Extends the lease of `run` by `seconds` from now (the database's clock) if `owner` still
    /// holds it; false when it does not (the run ended, or another process took it over).
    func renewLease(run: Int64, owner: RunOwner, seconds: Double) async throws -> Bool
    /// Records the final status, end and error of `run` and releases its lease, if `owner` still
    /// holds it; false (and nothing written) when it does not.
    func finishRun(_ run: RunRecord, owner: RunOwner) async throws -> Bool

    /// Inserts or replaces the state of one activity in one run (keyed by run and activity).
    func saveActivityRun(_ activity: ActivityRunRecord) async throws
    /// Saves several activity states at once (one transaction where the backend can); the
    /// engine's state writer batches them this way so that recording costs little per activity.
    func saveActivityRuns(_ activities: [ActivityRunRecord]) async throws
    /// Every activity state of a run, in the order they started.
    func activityRuns(run: Int64) async throws -> [ActivityRunRecord]
    /// Appends a log line to a run.
    func appendLog(_ entry: RunLogEntry) async throws
    /// A run's log, oldest first.
    func logs(run: Int64) async throws -> [RunLogEntry]
    /// At most `limit` lines of a run's log after the line whose sequence is `after` (from the
    /// first when nil), oldest first, each with its `sequence`.
    func logs(run: Int64, after: Int64?, limit: Int) async throws -> RunLogPage

    // MARK: Data and checkpoints

    /// Upserts `records` into the schema's table by `key` (a unique key of the schema) and, in
    /// the same transaction, records `checkpoint` as committed by `sink` in `run`. Only the
    /// columns present in a record are written; `created_at`/`updated_at`, when the schema has
    /// them, are managed here (`updated_at` moves only when a value changed).
    func upsert(
        _ records: [Record], into schema: DataSchema, key: [String],
        checkpoint: CommittedCheckpoint?, now: Date
    ) async throws -> UpsertCounts
    /// Like `upsert(_:into:key:checkpoint:now:)`, but the `keep` columns are written only when
    /// a row is inserted: an existing row keeps its value (a subscription's first date).
    func upsert(
        _ records: [Record], into schema: DataSchema, key: [String], keep: [String],
        checkpoint: CommittedCheckpoint?, now: Date
    ) async throws -> UpsertCounts
    /// Ends the rows this run did not see: sets `column` to `now` in every row whose `column` is
    /// null and whose `seen_run` is not `run`, among the rows that share their `scope` values
    /// with a row this run saw (all rows when `scope` is empty and this run saw any). Returns how
    /// many rows it ended. Nothing is deleted.
    func endUnseen(in schema: DataSchema, column: String, scope: [String], run: Int64, now: Date) async throws -> Int
    /// Records a checkpoint without data (a batch that filtered down to nothing).
    func commit(_ checkpoint: CommittedCheckpoint) async throws
    /// Every checkpoint committed in a run.
    func checkpoints(run: Int64) async throws -> [CommittedCheckpoint]

    /// The rows of a data table in batches of `batchSize`, in key order, read lazily.
    func rows(of schema: DataSchema, batchSize: Int) -> any BatchSource
    /// The number of rows of a data table.
    func count(of schema: DataSchema) async throws -> Int
    /// One page of a data table: at most `limit` rows after `cursor` (from the first row when
    /// nil), in the order of `rows(of:batchSize:)`, read by key (never by offset), with the
    /// cursor of the next page when there are more rows.
    func rows(of schema: DataSchema, after cursor: DataCursor?, limit: Int) async throws -> DataPage

    /// Closes connections.
    func close() async throws
}

extension WorkflowStore {
    /// Upserts with every column updated on conflict.
    public func upsert(
        _ records: [Record], into schema: DataSchema, key: [String], checkpoint: CommittedCheckpoint?, now: Date
    ) async throws -> UpsertCounts {
        try await upsert(records, into: schema, key: key, keep: [], checkpoint: checkpoint, now: now)
    }

    /// One save after the other, for backends without a batch path.
    public func saveActivityRuns(_ activities: [ActivityRunRecord]) async throws {
        for activity in activities { try await saveActivityRun(activity) }
    }
}

/// A checkpoint as committed by one sink of one run.
public struct CommittedCheckpoint: Sendable, Hashable {
    /// The run.
    public var run: Int64
    /// The sink activity that committed it.
    public var sink: String
    /// The source position.
    public var checkpoint: Checkpoint

    /// Creates a committed checkpoint.
    public init(run: Int64, sink: String, checkpoint: Checkpoint) {
        self.run = run
        self.sink = sink
        self.checkpoint = checkpoint
    }
}

/// What one upsert did.
public struct UpsertCounts: Sendable, Hashable, Codable {
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int

    /// Creates counts.
    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
    }

    /// The sum of two counts.
    public static func + (lhs: UpsertCounts, rhs: UpsertCounts) -> UpsertCounts {
        UpsertCounts(inserted: lhs.inserted + rhs.inserted, updated: lhs.updated + rhs.updated, unchanged: lhs.unchanged + rhs.unchanged)
    }
}

/// The status of a run or an activity.
public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case running, succeeded, failed, interrupted, skipped
}

/// A row of the `run` table.
public struct RunRecord: Sendable, Hashable, Codable {
    /// Assigned by the store.
    public var id: Int64
    public var workflow: String
    /// The workflow file as given.
    public var file: String
    public var status: RunStatus
    /// The parameters the run used, as given (text).
    public var parameters: [String: String]
    public var startedAt: Date
    public var endedAt: Date?
    /// The error that ended the run, if any (never a secret).
    public var error: String?
    /// The process that holds (or last held) the run; nil for runs of stores older than leases.
    public var owner: RunOwner?
    /// Until when the owner's lease runs; nil once the run has ended.
    public var leaseUntil: Date?
    /// When a run paused before a long rate-limit wait may go on (`wfrun serve` resumes it then).
    public var resumeAt: Date?

    /// Creates a run record.
    public init(
        id: Int64 = 0, workflow: String, file: String, status: RunStatus, parameters: [String: String] = [:],
        startedAt: Date, endedAt: Date? = nil, error: String? = nil, owner: RunOwner? = nil, leaseUntil: Date? = nil,
        resumeAt: Date? = nil
    ) {
        self.id = id
        self.workflow = workflow
        self.file = file
        self.status = status
        self.parameters = parameters
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.error = error
        self.owner = owner
        self.leaseUntil = leaseUntil
        self.resumeAt = resumeAt
    }
}

/// A row of the `activity_run` table: one activity in one run.
public struct ActivityRunRecord: Sendable, Hashable, Codable {
    public var run: Int64
    public var activity: String
    public var kind: String
    public var status: RunStatus
    /// Attempts made (1 without retries).
    public var attempts: Int
    public var recordsIn: Int
    public var recordsOut: Int
    public var startedAt: Date
    public var endedAt: Date?
    public var error: String?
    /// The transitions taken when it finished (`next`, `then`, `else`, `onError`), comma-separated,
    /// so that a resumed run can replay control flow without running it again.
    public var outcome: String?

    /// Creates an activity run record.
    public init(
        run: Int64, activity: String, kind: String, status: RunStatus, attempts: Int = 0, recordsIn: Int = 0,
        recordsOut: Int = 0, startedAt: Date, endedAt: Date? = nil, error: String? = nil, outcome: String? = nil
    ) {
        self.run = run
        self.activity = activity
        self.kind = kind
        self.status = status
        self.attempts = attempts
        self.recordsIn = recordsIn
        self.recordsOut = recordsOut
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.error = error
        self.outcome = outcome
    }
}

/// A row of the `run_log` table.
public struct RunLogEntry: Sendable, Hashable, Codable {
    public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        case debug, info, warning, error
    }

    public var run: Int64
    /// The activity that wrote it, if any.
    public var activity: String?
    public var level: Level
    public var message: String
    public var at: Date
    /// The line's position in the store's log (its row id), increasing with each line: set by
    /// `logs(run:after:limit:)`, nil otherwise (and ignored by `appendLog`).
    public var sequence: Int64?

    /// Creates a log entry.
    public init(run: Int64, activity: String?, level: Level, message: String, at: Date, sequence: Int64? = nil) {
        self.run = run
        self.activity = activity
        self.level = level
        self.message = message
        self.at = at
        self.sequence = sequence
    }
}

/// Why the store refused something, in words a person can act on.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// The store cannot be opened (bad path, read-only, locked, corrupt, bad URL).
    case cannotOpen(location: String, reason: String)
    /// A value does not fit its column.
    case typeMismatch(table: String, column: String, value: String, expected: DataType)
    /// A required column has no value.
    case missingValue(table: String, column: String)
    /// A value is not one of the column's allowed `values`.
    case valueNotAllowed(table: String, column: String, value: String, allowed: [String])
    /// A record names a column the table does not have.
    case unknownColumn(table: String, column: String)
    /// Any other database failure, with the database's message.
    case database(String)
    /// The store was written by a newer wfrun: it is left as it is.
    case newerStore(location: String, version: Int, known: Int)
    /// The file is a database of another application.
    case notAStore(location: String, tables: [String])
    /// This process no longer holds the run (another process took it over after its lease
    /// expired): the batch was not written.
    case runLost(run: Int64, heldBy: String?)

    public var description: String {
        switch self {
        case .cannotOpen(let location, let reason):
            "cannot open the store at \(location): \(reason)"
        case .typeMismatch(let table, let column, let value, let expected):
            "\(table).\(column) expects \(expected.rawValue), got \(value)"
        case .missingValue(let table, let column):
            "\(table).\(column) is required but the record has no value for it"
        case .unknownColumn(let table, let column):
            "\(table) has no column \(column)"
        case .valueNotAllowed(let table, let column, let value, let allowed):
            "\(table).\(column) does not allow '\(value)'; the allowed values are \(allowed.joined(separator: ", "))"
        case .database(let message):
            "database error: \(message)"
        case .newerStore(let location, let version, let known):
            "the store at \(location) was upgraded by a newer wfrun (store version \(version); this wfrun knows versions up to \(known)); use that wfrun or a newer one: nothing was changed"
        case .runLost(let run, let heldBy):
            "run \(run) is now held by \(heldBy ?? "no process") (this process's lease expired and another took it over): nothing of this batch was written"
        case .notAStore(let location, let tables):
            "\(location) is not a wfrun store: it holds tables of another application (\(tables.prefix(5).joined(separator: ", "))\(tables.count > 5 ? ", …" : "")); name a new file with --db: nothing was changed"
        }
    }
}
