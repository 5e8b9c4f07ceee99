import Foundation
import GRDB
import WorkflowEngine
import WorkflowModel

extension SQLiteStore {
    /// Records a new run and returns it with its id.
    public func beginRun(_ run: RunRecord) async throws(StoreError) -> RunRecord {
        let sql = engine.insertRun
        let arguments: StatementArguments = [
            run.workflow, run.file, run.status.rawValue, RunParametersText.encode(run.parameters),
            ISOTimestamp(run.startedAt).text, run.endedAt.map { ISOTimestamp($0).text }, run.error,
            run.owner?.token, run.leaseUntil.map { ISOTimestamp($0).text },
        ]
        let id = try await write { db in try Int64.fetchOne(db, sql: sql, arguments: arguments) }
        guard let id else { throw StoreError.database("inserting a run returned no id") }
        var started = run
        started.id = id
        return started
    }

    /// Updates a run's status, end and error.
    public func updateRun(_ run: RunRecord) async throws(StoreError) {
        let sql = engine.updateRun
        let arguments: StatementArguments = [run.id, run.status.rawValue, run.endedAt.map { ISOTimestamp($0).text }, run.error]
        try await write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    /// The run with this id.
    public func run(id: Int64) async throws(StoreError) -> RunRecord? {
        try await runs(engine.selectRun, [id]).first
    }

    /// Runs, newest first, of one workflow or of all.
    public func runs(workflow: String?, limit: Int) async throws(StoreError) -> [RunRecord] {
        if let workflow {
            return try await runs(engine.selectRunsOfWorkflow, [workflow, limit])
        }
        return try await runs(engine.selectRuns, [limit])
    }

    /// The newest run of `workflow` that is running, failed or interrupted, unless a later run
    /// of it succeeded.
    public func resumableRun(workflow: String) async throws(StoreError) -> RunRecord? {
        try await runs(engine.selectResumableRun, [workflow]).first
    }

    /// Inserts or replaces the state of one activity in one run.
    public func saveActivityRun(_ activity: ActivityRunRecord) async throws(StoreError) {
        let sql = engine.saveActivityRun
        let arguments: StatementArguments = [
            activity.run, activity.activity, activity.kind, activity.status.rawValue, activity.attempts,
            activity.recordsIn, activity.recordsOut, ISOTimestamp(activity.startedAt).text,
            activity.endedAt.map { ISOTimestamp($0).text }, activity.error, activity.outcome,
        ]
        try await write { db in
            try self.fence(db, run: activity.run)
            try db.execute(sql: sql, arguments: arguments)
        }
    }

    /// Saves several activity states in one write transaction, with one cached statement.
    public func saveActivityRuns(_ activities: [ActivityRunRecord]) async throws(StoreError) {
        guard !activities.isEmpty else { return }
        let sql = engine.saveActivityRun
        try await write { db in
            for run in Set(activities.map(\.run)) { try self.fence(db, run: run) }
            let statement = try db.cachedStatement(sql: sql)
            for activity in activities {
                try statement.execute(arguments: [
                    activity.run, activity.activity, activity.kind, activity.status.rawValue, activity.attempts,
                    activity.recordsIn, activity.recordsOut, ISOTimestamp(activity.startedAt).text,
                    activity.endedAt.map { ISOTimestamp($0).text }, activity.error, activity.outcome,
                ])
            }
        }
    }

    /// Every activity state of a run, in the order they started.
    public func activityRuns(run: Int64) async throws(StoreError) -> [ActivityRunRecord] {
        let sql = engine.selectActivityRuns
        return try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: [run]).map { row throws(StoreError) in
                ActivityRunRecord(
                    run: row[0], activity: row[1], kind: row[2], status: try Self.status(row[3]), attempts: row[4],
                    recordsIn: row[5], recordsOut: row[6], startedAt: try Self.instant(row[7]),
                    endedAt: try (row[8] as String?).map(Self.instant), error: row[9], outcome: row[10])
            }
        }
    }

    /// Appends a log line to a run.
    public func appendLog(_ entry: RunLogEntry) async throws(StoreError) {
        let sql = engine.insertLog
        let arguments: StatementArguments = [
            entry.run, entry.activity, entry.level.rawValue, entry.message, ISOTimestamp(entry.at).text,
        ]
        try await write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    /// A run's log, oldest first.
    public func logs(run: Int64) async throws(StoreError) -> [RunLogEntry] {
        let sql = engine.selectLogs
        return try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: [run]).map { row throws(StoreError) in
                guard let level = RunLogEntry.Level(rawValue: row[2]) else {
                    throw StoreError.database("unknown log level \(row[2] as String) in run_log")
                }
                return RunLogEntry(run: row[0], activity: row[1], level: level, message: row[3], at: try Self.instant(row[4]))
            }
        }
    }

    // MARK: Ownership

    /// Claims the run of a workflow in one write transaction: SQLite lets one writer at a time
    /// in, so two processes cannot both find the workflow free.
    public func claimRun(_ request: RunClaimRequest) async throws(StoreError) -> RunClaim {
        let claim = try await claimInTransaction(request)
        switch claim {
        case .started(let run), .resumed(let run): heldRuns.withLock { $0[run.id] = request.owner.token }
        case .busy, .parametersDiffer, .nothingToResume: break
        }
        return claim
    }

    /// Throws `runLost` unless `run`, when this process claimed it, is still running as its own.
    /// Called inside the transaction that commits for the run.
    func fence(_ db: Database, run: Int64) throws {
        guard let token = heldRuns.withLock({ $0[run] }) else { return }
        let row = try Row.fetchOne(db, sql: engine.selectOwner, arguments: [run])
        let owner: String? = row?[0]
        let status: String? = row?[1]
        guard owner == token, status == RunStatus.running.rawValue else {
            throw StoreError.runLost(run: run, heldBy: owner.flatMap(RunOwner.init(token:)).map { "\($0)" })
        }
    }

    private func claimInTransaction(_ request: RunClaimRequest) async throws(StoreError) -> RunClaim {
        let engine = engine
        return try await write { db throws -> RunClaim in
            // One machine holds the file, so its clock is the database's.
            let now = Date()
            let lease = ISOTimestamp(now.addingTimeInterval(request.leaseSeconds)).text
            let running = try Self.runs(db, engine.selectRunningRuns, [request.run.workflow])
            if let live = RunClaimRule.liveRun(among: running, now: now, claimant: request.owner) { return .busy(live) }
            var resumed: RunRecord?
            let resumable = request.restart ? nil : try Self.runs(db, engine.selectResumableRun, [request.run.workflow]).first
            if let only = request.onlyResuming, resumable?.id != only { return .nothingToResume(only) }
            if let previous = resumable {
                guard RunClaimRule.parametersMatch(previous, request) else { return .parametersDiffer(previous) }
                try db.execute(sql: engine.takeRun, arguments: [previous.id, request.owner.token, lease])
                resumed = previous
            }
            var claimed = RunClaimRule.held(resumed ?? request.run, by: request.owner, until: ISOTimestamp(parsing: lease, zoneless: .refused)?.date ?? now)
            if resumed == nil {
                let arguments: StatementArguments = [
                    claimed.workflow, claimed.file, RunStatus.running.rawValue, RunParametersText.encode(claimed.parameters),
                    ISOTimestamp(claimed.startedAt).text, nil, nil, request.owner.token, lease,
                ]
                guard let id = try Int64.fetchOne(db, sql: engine.insertRun, arguments: arguments) else {
                    throw StoreError.database("inserting a run returned no id")
                }
                claimed.id = id
            }
            if let fire = request.fire {
                try db.execute(sql: engine.settleFire, arguments: [fire, FireOutcome.ran.rawValue, claimed.id, nil])
            }
            // Runs still marked running whose owners are gone are not left looking alive.
            for stale in running where stale.id != claimed.id {
                try db.execute(
                    sql: engine.abandonRun,
                    arguments: [stale.id, ISOTimestamp(now).text, RunClaimRule.abandonedMessage(by: claimed.id)])
            }
            return resumed == nil ? .started(claimed) : .resumed(claimed)
        }
    }

    /// Extends the lease if `owner` still holds `run`.
    public func renewLease(run: Int64, owner: RunOwner, seconds: Double) async throws(StoreError) -> Bool {
        let sql = engine.renewLease
        let until = ISOTimestamp(Date().addingTimeInterval(seconds)).text
        return try await write { db in
            try db.execute(sql: sql, arguments: [run, owner.token, until])
            return db.changesCount > 0
        }
    }

    /// Records the end of `run` if `owner` still holds it.
    public func finishRun(_ run: RunRecord, owner: RunOwner) async throws(StoreError) -> Bool {
        let sql = engine.finishRun
        let arguments: StatementArguments = [
            run.id, owner.token, run.status.rawValue, run.endedAt.map { ISOTimestamp($0).text }, run.error,
            run.resumeAt.map { ISOTimestamp($0).text },
        ]
        let finished = try await write { db in
            try db.execute(sql: sql, arguments: arguments)
            return db.changesCount > 0
        }
        heldRuns.withLock { _ = $0.removeValue(forKey: run.id) }
        return finished
    }

    func runs(_ sql: String, _ arguments: StatementArguments) async throws(StoreError) -> [RunRecord] {
        try await read { db in try Self.runs(db, sql, arguments) }
    }

    private static func runs(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws -> [RunRecord] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row throws(StoreError) in
                RunRecord(
                    id: row[0], workflow: row[1], file: row[2], status: try Self.status(row[3]),
                    parameters: try RunParametersText.decode(row[4]), startedAt: try Self.instant(row[5]),
                    endedAt: try (row[6] as String?).map(Self.instant), error: row[7],
                    owner: (row[8] as String?).flatMap(RunOwner.init(token:)), leaseUntil: try (row[9] as String?).map(Self.instant),
                    resumeAt: try (row[10] as String?).map(Self.instant))
        }
    }

    private static func status(_ text: String) throws(StoreError) -> RunStatus {
        guard let status = RunStatus(rawValue: text) else { throw StoreError.database("unknown status \(text)") }
        return status
    }

    private static func instant(_ text: String) throws(StoreError) -> Date {
        guard let date = ISOTimestamp(parsing: text, zoneless: .refused)?.date else { throw StoreError.database("unreadable instant \(text)") }
        return date
    }
}
