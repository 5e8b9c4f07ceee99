import GRDB
import GRDBSQLite
import Synchronization
import WorkflowEngine
import WorkflowModel

/// The rows of one SQLite data table, pulled a batch at a time: each `next()` reads the rows
/// after the last `id` seen (keyset pagination) in its own read transaction, so a long read
/// never holds a snapshot open while the consumer works. A batch shorter than `batchSize` ends
/// the stream.
final class SQLiteRowSource: BatchSource {
    private let store: SQLiteStore
    private let sql: TableSQL<SQLiteDialect>
    private let batchSize: Int
    /// The last `id` read, or nil once the table is exhausted.
    private let lastID = Mutex<Int64?>(0)

    init(store: SQLiteStore, sql: TableSQL<SQLiteDialect>, batchSize: Int) {
        self.store = store
        self.sql = sql
        self.batchSize = max(1, batchSize)
    }

    func next() async throws -> RecordBatch? {
        guard let after = lastID.withLock({ $0 }) else { return nil }
        let (records, ids) = try await Self.page(of: store, sql: sql, after: after, limit: batchSize)
        lastID.withLock { $0 = records.count < batchSize ? nil : ids.last }
        return records.isEmpty ? nil : RecordBatch(records: records)
    }

    /// At most `limit` rows after row `after`, in `id` order, with their ids, in one read
    /// transaction. `rows(of:after:limit:)` reads its pages here too.
    static func page(
        of store: SQLiteStore, sql: TableSQL<SQLiteDialect>, after: Int64, limit: Int
    ) async throws(StoreError) -> ([WorkflowEngine.Record], [Int64]) {
        let query = sql.selectPage
        let names = sql.selectedColumns.map(\.name)
        let types = sql.selectedColumns.map(\.type)
        return try await store.read { db in
            // GRDB prepares and caches the query; rows are read through the C API, which saves
            // a `Row` and a `DatabaseValue` per cell.
            let statement = try db.cachedStatement(sql: query).sqliteStatement
            sqlite3_reset(statement)
            defer { sqlite3_reset(statement) }
            sqlite3_bind_int64(statement, 1, after)
            sqlite3_bind_int64(statement, 2, Int64(limit))
            var records: [WorkflowEngine.Record] = []
            var ids: [Int64] = []
            // Bounded: a page asked for with no limit (Int.max) must not reserve it.
            records.reserveCapacity(min(limit, 100_000))
            ids.reserveCapacity(min(limit, 100_000))
            while true {
                let code = sqlite3_step(statement)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw StoreError.database(String(cString: sqlite3_errmsg(sqlite3_db_handle(statement))))
                }
                ids.append(sqlite3_column_int64(statement, 0))
                var record = WorkflowEngine.Record(minimumCapacity: names.count)
                for index in names.indices {
                    record[names[index]] = Self.value(statement, Int32(index + 1)).expressionValue(as: types[index])
                }
                records.append(record)
            }
            return (records, ids)
        }
    }

    /// The value in a column of the current row.
    private static func value(_ statement: SQLiteStatement, _ column: Int32) -> ColumnValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        default:
            // Text (and, were one ever stored, a blob) as UTF-8.
            guard let bytes = sqlite3_column_text(statement, column) else { return .null }
            let count = Int(sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
        }
    }
}
