import Foundation
import GRDB
import WorkflowEngine
import WorkflowModel

/// The console's reads: runs filtered and paged, counted, the last runs of each workflow, a log
/// from a position, a data table a page at a time. Each is one index-backed statement.
extension SQLiteStore {
    /// The runs `query` selects, newest first.
    public func runs(matching query: RunQuery) async throws(StoreError) -> [RunRecord] {
        let statement = engine.selectRuns(matching: query)
        return try await runs(statement.sql, Self.arguments(statement.values))
    }

    /// How many runs `query` selects, whatever its position and limit.
    public func countRuns(matching query: RunQuery) async throws(StoreError) -> Int {
        let statement = engine.countRuns(matching: query)
        let arguments = Self.arguments(statement.values)
        return try await read { db in try Int.fetchOne(db, sql: statement.sql, arguments: arguments) ?? 0 }
    }

    /// The last `perWorkflow` runs of each of `workflows`, newest first, in one query.
    public func latestRuns(perWorkflow: Int, workflows: [String]) async throws(StoreError) -> [String: [RunRecord]] {
        guard perWorkflow > 0, !workflows.isEmpty else { return [:] }
        let arguments = Self.arguments([.texts(Array(Set(workflows)).sorted()), .integer(Int64(perWorkflow))])
        return Dictionary(grouping: try await runs(engine.selectLatestRunsPerWorkflow, arguments), by: \.workflow)
    }

    /// At most `limit` lines of a run's log after line `after`, oldest first.
    public func logs(run: Int64, after: Int64?, limit: Int) async throws(StoreError) -> RunLogPage {
        let sql = engine.selectLogPage
        let arguments: StatementArguments = [run, after ?? 0, max(0, limit)]
        let entries = try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row throws(StoreError) in
                guard let level = RunLogEntry.Level(rawValue: row[3]) else {
                    throw StoreError.database("unknown log level \(row[3] as String) in run_log")
                }
                guard let at = ISOTimestamp(parsing: row[5] as String, zoneless: .refused)?.date else {
                    throw StoreError.database("unreadable instant \(row[5] as String) in run_log")
                }
                return RunLogEntry(run: row[1], activity: row[2], level: level, message: row[4], at: at, sequence: row[0])
            }
        }
        return RunLogPage(entries: entries, last: entries.last?.sequence ?? after)
    }

    /// At most `limit` rows of a data table after `cursor`, in row order.
    public func rows(of schema: DataSchema, after cursor: DataCursor?, limit: Int) async throws(StoreError) -> DataPage {
        if let cursor, cursor.table != schema.name {
            throw StoreError.database(DataCursorError.otherTable(cursor: cursor.table, table: schema.name).description)
        }
        guard limit > 0, !absentTables.withLock({ $0.contains(schema.name) }) else { return .empty }
        let sql = TableSQL(table: TableDefinition(schema), dialect: SQLiteDialect())
        // One row more than asked says whether there is a next page.
        var (rows, ids) = try await SQLiteRowSource.page(of: self, sql: sql, after: cursor?.rowID ?? 0, limit: min(limit, Int.max - 1) + 1)
        let more = rows.count > limit
        if more {
            rows.removeLast()
            ids.removeLast()
        }
        let positions = ids.map { DataCursor(table: schema.name, rowID: $0) }
        return DataPage(rows: rows, positions: positions, next: more ? positions.last : nil)
    }

    /// GRDB arguments of a bound statement's values.
    static func arguments(_ values: [QueryValue]) -> StatementArguments {
        StatementArguments(values.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .text(let text): text
            case .integer(let number): number
            case .instant(let date): ISOTimestamp(date).text
            case .texts(let texts): JSONTextList.encode(texts)
            }
        })
    }
}

/// A list of texts as a JSON array, for `json_each`.
enum JSONTextList {
    static func encode(_ texts: [String]) -> String {
        // Encoding strings cannot fail; the fallback only keeps the signature total.
        (try? String(decoding: JSONEncoder().encode(texts), as: UTF8.self)) ?? "[]"
    }
}
