import GRDB
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
        let query = sql.selectPage
        let columns = sql.selectedColumns
        let limit = batchSize
        let page = try await store.read { db in
            var records: [WorkflowEngine.Record] = []
            var last = after
            let rows = try Row.fetchCursor(db, sql: query, arguments: [after, limit])
            while let row = try rows.next() {
                last = row[0]
                var record = WorkflowEngine.Record(minimumCapacity: columns.count)
                for (offset, column) in columns.enumerated() {
                    let stored: DatabaseValue = row[offset + 1]
                    record[column.name] = ColumnValue(stored).expressionValue(as: column.type)
                }
                records.append(record)
            }
            return (records, last)
        }
        lastID.withLock { $0 = page.0.count < limit ? nil : page.1 }
        return page.0.isEmpty ? nil : RecordBatch(records: page.0)
    }
}
