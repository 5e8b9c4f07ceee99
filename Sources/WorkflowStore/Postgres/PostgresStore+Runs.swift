import Foundation
import PostgresNIO
import WorkflowEngine

extension PostgresStore {
    /// Records a new run and returns it with its id.
    public func beginRun(_ run: RunRecord) async throws(StoreError) -> RunRecord {
        var binds = PostgresBindings()
        binds.append(run.workflow)
        binds.append(run.file)
        binds.append(run.status.rawValue)
        binds.append(RunParametersText.encode(run.parameters))
        binds.append(run.startedAt)
        binds.append(run.endedAt)
        binds.append(run.error)
        binds.append(run.owner?.token)
        binds.append(run.leaseUntil)
        let rows = try await query(engine.insertRun, binds)
        guard let row = rows.first else { throw StoreError.database("inserting a run returned no id") }
        var started = run
        started.id = try decode(row.makeRandomAccess(), column: 0, as: Int64.self)
        return started
    }

    /// Updates a run's status, end and error.
    public func updateRun(_ run: RunRecord) async throws(StoreError) {
        var binds = PostgresBindings()
        binds.append(run.id)
        binds.append(run.status.rawValue)
        binds.append(run.endedAt)
        binds.append(run.error)
        _ = try await query(engine.updateRun, binds)
    }

    /// The run with this id.
    public func run(id: Int64) async throws(StoreError) -> RunRecord? {
        var binds = PostgresBindings()
        binds.append(id)
        return try await runs(engine.selectRun, binds).first
    }

    /// Runs, newest first, of one workflow or of all.
    public func runs(workflow: String?, limit: Int) async throws(StoreError) -> [RunRecord] {
        var binds = PostgresBindings()
        if let workflow {
            binds.append(workflow)
            binds.append(Int64(limit))
            return try await runs(engine.selectRunsOfWorkflow, binds)
        }
        binds.append(Int64(limit))
        return try await runs(engine.selectRuns, binds)
    }

    /// The newest run of `workflow` that is running, failed or interrupted, unless a later run
    /// of it succeeded.
    public func resumableRun(workflow: String) async throws(StoreError) -> RunRecord? {
        var binds = PostgresBindings()
        binds.append(workflow)
        return try await runs(engine.selectResumableRun, binds).first
    }

    /// Inserts or replaces the state of one activity in one run.
    public func saveActivityRun(_ activity: ActivityRunRecord) async throws(StoreError) {
        try await saveActivityRuns([activity])
    }

    /// Saves several activity states in one transaction, after the fence of their runs: a
    /// process that lost a run never overwrites the states its new owner records.
    public func saveActivityRuns(_ activities: [ActivityRunRecord]) async throws(StoreError) {
        guard !activities.isEmpty else { return }
        let statements = activities.map { activity in
            var binds = PostgresBindings()
            binds.append(activity.run)
            binds.append(activity.activity)
            binds.append(activity.kind)
            binds.append(activity.status.rawValue)
            binds.append(Int64(activity.attempts))
            binds.append(Int64(activity.recordsIn))
            binds.append(Int64(activity.recordsOut))
            binds.append(activity.startedAt)
            binds.append(activity.endedAt)
            binds.append(activity.error)
            binds.append(activity.outcome)
            return PostgresQuery(unsafeSQL: engine.saveActivityRun, binds: binds)
        }
        let runs = Set(activities.map(\.run))
        let logger = logger
        try await transaction { connection in
            for run in runs.sorted() { try await self.fence(connection, run: run) }
            for statement in statements { try await connection.query(statement, logger: logger) }
        }
    }

    /// Every activity state of a run, in the order they started.
    public func activityRuns(run: Int64) async throws(StoreError) -> [ActivityRunRecord] {
        var binds = PostgresBindings()
        binds.append(run)
        return try await query(engine.selectActivityRuns, binds).map { row throws(StoreError) in
            let (run, activity, kind, status, attempts, recordsIn, recordsOut, startedAt, endedAt, error, outcome) = try decode(
                row, (Int64, String, String, String, Int64, Int64, Int64, Date, Date?, String?, String?).self)
            return ActivityRunRecord(
                run: run, activity: activity, kind: kind, status: try Self.status(status), attempts: Int(attempts),
                recordsIn: Int(recordsIn), recordsOut: Int(recordsOut), startedAt: startedAt, endedAt: endedAt,
                error: error, outcome: outcome)
        }
    }

    /// Appends a log line to a run.
    public func appendLog(_ entry: RunLogEntry) async throws(StoreError) {
        var binds = PostgresBindings()
        binds.append(entry.run)
        binds.append(entry.activity)
        binds.append(entry.level.rawValue)
        binds.append(entry.message)
        binds.append(entry.at)
        _ = try await query(engine.insertLog, binds)
    }

    /// A run's log, oldest first.
    public func logs(run: Int64) async throws(StoreError) -> [RunLogEntry] {
        var binds = PostgresBindings()
        binds.append(run)
        return try await query(engine.selectLogs, binds).map { row throws(StoreError) in
            let (run, activity, level, message, at) = try decode(row, (Int64, String?, String, String, Date).self)
            guard let level = RunLogEntry.Level(rawValue: level) else {
                throw StoreError.database("unknown log level \(level) in run_log")
            }
            return RunLogEntry(run: run, activity: activity, level: level, message: message, at: at)
        }
    }

    private func runs(_ sql: String, _ binds: PostgresBindings) async throws(StoreError) -> [RunRecord] {
        try await query(sql, binds).map { row throws(StoreError) in try Self.runRecord(row) }
    }

    static func runRecord(_ row: PostgresRow) throws(StoreError) -> RunRecord {
        let (id, workflow, file, status, parameters, startedAt, endedAt, error, owner, leaseUntil, resumeAt) = try decodeRow(
            row, (Int64, String, String, String, String, Date, Date?, String?, String?, Date?, Date?).self)
        return RunRecord(
            id: id, workflow: workflow, file: file, status: try Self.status(status),
            parameters: try RunParametersText.decode(parameters), startedAt: startedAt, endedAt: endedAt, error: error,
            owner: owner.flatMap(RunOwner.init(token:)), leaseUntil: leaseUntil, resumeAt: resumeAt)
    }

    // MARK: Ownership

    /// Claims the run of a workflow in one transaction that holds an advisory lock on the
    /// workflow's name, so that claims of one workflow are taken one at a time whatever the
    /// number of processes and hosts; the server's clock decides leases.
    public func claimRun(_ request: RunClaimRequest) async throws(StoreError) -> RunClaim {
        let claim = try await claimInTransaction(request)
        switch claim {
        case .started(let run), .resumed(let run): heldRuns.withLock { $0[run.id] = request.owner.token }
        case .busy, .parametersDiffer, .nothingToResume: break
        }
        return claim
    }

    /// Throws `runLost` unless `run`, when this process claimed it, is still running as its own.
    /// Called inside the transaction that commits for the run; the row is locked (FOR SHARE)
    /// until it commits, so no claim can take the run over in between.
    func fence(_ connection: PostgresConnection, run: Int64) async throws {
        guard let token = heldRuns.withLock({ $0[run] }) else { return }
        var binds = PostgresBindings()
        binds.append(run)
        var owner: String?
        var status: String?
        for try await (rowOwner, rowStatus) in try await connection.query(
            PostgresQuery(unsafeSQL: engine.selectOwner + " FOR SHARE", binds: binds), logger: logger
        ).decode((String?, String).self) {
            owner = rowOwner
            status = rowStatus
        }
        guard owner == token, status == RunStatus.running.rawValue else {
            throw StoreError.runLost(run: run, heldBy: owner.flatMap(RunOwner.init(token:)).map { "\($0)" })
        }
    }

    private func claimInTransaction(_ request: RunClaimRequest) async throws(StoreError) -> RunClaim {
        let engine = engine
        let logger = logger
        return try await transaction { connection -> RunClaim in
            func rows(_ sql: String, _ binds: PostgresBindings) async throws -> [PostgresRow] {
                var rows: [PostgresRow] = []
                for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
                    rows.append(row)
                }
                return rows
            }
            var lock = PostgresBindings()
            lock.append("wfrun.run/" + request.run.workflow)
            _ = try await rows("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", lock)
            var now = Date()
            for try await instant in try await connection.query("SELECT clock_timestamp()", logger: logger).decode(Date.self) {
                now = instant
            }
            let lease = now.addingTimeInterval(request.leaseSeconds)
            var workflow = PostgresBindings()
            workflow.append(request.run.workflow)
            let running = try await rows(engine.selectRunningRuns, workflow).map { row throws(StoreError) in try Self.runRecord(row) }
            if let live = RunClaimRule.liveRun(among: running, now: now, claimant: request.owner) { return .busy(live) }
            var resumed: RunRecord?
            let resumable = request.restart
                ? nil : try await rows(engine.selectResumableRun, workflow).first.map({ row throws(StoreError) in try Self.runRecord(row) })
            if let only = request.onlyResuming, resumable?.id != only { return .nothingToResume(only) }
            if let previous = resumable {
                guard RunClaimRule.parametersMatch(previous, request) else { return .parametersDiffer(previous) }
                var take = PostgresBindings()
                take.append(previous.id)
                take.append(request.owner.token)
                take.append(lease)
                _ = try await rows(engine.takeRun, take)
                resumed = previous
            }
            var claimed = RunClaimRule.held(resumed ?? request.run, by: request.owner, until: lease)
            if resumed == nil {
                var insert = PostgresBindings()
                insert.append(claimed.workflow)
                insert.append(claimed.file)
                insert.append(RunStatus.running.rawValue)
                insert.append(RunParametersText.encode(claimed.parameters))
                insert.append(claimed.startedAt)
                insert.append(Date?.none)
                insert.append(String?.none)
                insert.append(request.owner.token)
                insert.append(lease)
                guard let row = try await rows(engine.insertRun, insert).first else {
                    throw StoreError.database("inserting a run returned no id")
                }
                claimed.id = try Self.decodeRow(row, Int64.self)
            }
            if let fire = request.fire {
                var settle = PostgresBindings()
                settle.append(fire)
                settle.append(FireOutcome.ran.rawValue)
                settle.append(claimed.id)
                settle.append(String?.none)
                _ = try await rows(engine.settleFire, settle)
            }
            for stale in running where stale.id != claimed.id {
                var abandon = PostgresBindings()
                abandon.append(stale.id)
                abandon.append(now)
                abandon.append(RunClaimRule.abandonedMessage(by: claimed.id))
                _ = try await rows(engine.abandonRun, abandon)
            }
            return resumed == nil ? .started(claimed) : .resumed(claimed)
        }
    }

    /// Extends the lease (from the server's clock) if `owner` still holds `run`.
    public func renewLease(run: Int64, owner: RunOwner, seconds: Double) async throws(StoreError) -> Bool {
        var binds = PostgresBindings()
        binds.append(run)
        binds.append(owner.token)
        binds.append(seconds)
        return try await !query(engine.renewLease + " RETURNING 1", binds).isEmpty
    }

    /// Records the end of `run` if `owner` still holds it.
    public func finishRun(_ run: RunRecord, owner: RunOwner) async throws(StoreError) -> Bool {
        var binds = PostgresBindings()
        binds.append(run.id)
        binds.append(owner.token)
        binds.append(run.status.rawValue)
        binds.append(run.endedAt)
        binds.append(run.error)
        binds.append(run.resumeAt)
        let finished = try await !query(engine.finishRun + " RETURNING 1", binds).isEmpty
        heldRuns.withLock { _ = $0.removeValue(forKey: run.id) }
        return finished
    }

    /// Decodes a row as a tuple of types.
    func decode<each Column: PostgresDecodable>(_ row: PostgresRow, _ types: (repeat each Column).Type) throws(StoreError) -> (repeat each Column) {
        try Self.decodeRow(row, types)
    }

    /// Decodes a row as a tuple of types.
    static func decodeRow<each Column: PostgresDecodable>(_ row: PostgresRow, _ types: (repeat each Column).Type) throws(StoreError) -> (repeat each Column) {
        do {
            return try row.decode(types)
        } catch {
            throw StoreError.database("unexpected column types: \(error)")
        }
    }

    private static func status(_ text: String) throws(StoreError) -> RunStatus {
        guard let status = RunStatus(rawValue: text) else { throw StoreError.database("unknown status \(text)") }
        return status
    }
}
