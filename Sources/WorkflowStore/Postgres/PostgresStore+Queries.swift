import Foundation
import PostgresNIO
import WorkflowEngine
import WorkflowModel

/// The console's reads: runs filtered and paged, counted, the last runs of each workflow, a log
/// from a position, a data table a page at a time. Each is one index-backed statement.
extension PostgresStore {
    /// The runs `query` selects, newest first.
    public func runs(matching query: RunQuery) async throws(StoreError) -> [RunRecord] {
        let statement = engine.selectRuns(matching: query)
        return try await self.query(statement.sql, Self.binds(statement.values)).map { row throws(StoreError) in try Self.runRecord(row) }
    }

    /// How many runs `query` selects, whatever its position and limit.
    public func countRuns(matching query: RunQuery) async throws(StoreError) -> Int {
        let statement = engine.countRuns(matching: query)
        guard let row = try await self.query(statement.sql, Self.binds(statement.values)).first else { return 0 }
        return Int(try decode(row.makeRandomAccess(), column: 0, as: Int64.self))
    }

    /// The last `perWorkflow` runs of each of `workflows`, newest first, in one query.
    public func latestRuns(perWorkflow: Int, workflows: [String]) async throws(StoreError) -> [String: [RunRecord]] {
        guard perWorkflow > 0, !workflows.isEmpty else { return [:] }
        let binds = Self.binds([.texts(Array(Set(workflows)).sorted()), .integer(Int64(perWorkflow))])
        let runs = try await query(engine.selectLatestRunsPerWorkflow, binds).map { row throws(StoreError) in try Self.runRecord(row) }
        return Dictionary(grouping: runs, by: \.workflow)
    }

    /// At most `limit` lines of a run's log after line `after`, oldest first.
    public func logs(run: Int64, after: Int64?, limit: Int) async throws(StoreError) -> RunLogPage {
        var binds = PostgresBindings()
        binds.append(run)
        binds.append(after ?? 0)
        binds.append(Int64(max(0, limit)))
        let entries = try await query(engine.selectLogPage, binds).map { row throws(StoreError) in
            let (sequence, run, activity, level, message, at) = try decode(row, (Int64, Int64, String?, String, String, Date).self)
            guard let level = RunLogEntry.Level(rawValue: level) else {
                throw StoreError.database("unknown log level \(level) in run_log")
            }
            return RunLogEntry(run: run, activity: activity, level: level, message: message, at: at, sequence: sequence)
        }
        return RunLogPage(entries: entries, last: entries.last?.sequence ?? after)
    }

    /// At most `limit` rows of a data table after `cursor`, in row order.
    public func rows(of schema: DataSchema, after cursor: DataCursor?, limit: Int) async throws(StoreError) -> DataPage {
        if let cursor, cursor.table != schema.name {
            throw StoreError.database(DataCursorError.otherTable(cursor: cursor.table, table: schema.name).description)
        }
        guard limit > 0 else { return .empty }
        let sql = TableSQL(table: TableDefinition(schema), dialect: PostgresDialect())
        // One row more than asked says whether there is a next page.
        var (rows, ids) = try await PostgresRowSource.page(of: self, sql: sql, after: cursor?.rowID ?? 0, limit: min(limit, Int.max - 1) + 1)
        let more = rows.count > limit
        if more {
            rows.removeLast()
            ids.removeLast()
        }
        let positions = ids.map { DataCursor(table: schema.name, rowID: $0) }
        return DataPage(rows: rows, positions: positions, next: more ? positions.last : nil)
    }

    /// Bindings of a bound statement's values.
    static func binds(_ values: [QueryValue]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .text(let text): binds.append(text)
            case .integer(let number): binds.append(number)
            case .instant(let date): binds.append(date)
            case .texts(let texts): binds.append(texts)
            }
        }
        return binds
    }
}
