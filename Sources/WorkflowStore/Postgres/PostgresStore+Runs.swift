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
        _ = try await query(engine.saveActivityRun, binds)
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
        try await query(sql, binds).map { row throws(StoreError) in
            let (id, workflow, file, status, parameters, startedAt, endedAt, error) = try decode(
                row, (Int64, String, String, String, String, Date, Date?, String?).self)
            return RunRecord(
                id: id, workflow: workflow, file: file, status: try Self.status(status),
                parameters: try RunParametersText.decode(parameters), startedAt: startedAt, endedAt: endedAt, error: error)
        }
    }

    /// Decodes a row as a tuple of types.
    func decode<each Column: PostgresDecodable>(_ row: PostgresRow, _ types: (repeat each Column).Type) throws(StoreError) -> (repeat each Column) {
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
