import PostgresNIO
import Synchronization
import WorkflowEngine
import WorkflowModel

/// The rows of one PostgreSQL data table, pulled a batch at a time: each `next()` runs one query
/// for the rows after the last `id` seen (keyset pagination). A batch shorter than `batchSize`
/// ends the stream.
final class PostgresRowSource: BatchSource {
    /// Microseconds between 1970-01-01 and 2000-01-01, PostgreSQL's epoch.
    private static let postgresEpoch: Int64 = 946_684_800 * 1_000_000

    private let store: PostgresStore
    private let sql: TableSQL<PostgresDialect>
    private let batchSize: Int
    /// The last `id` read, or nil once the table is exhausted.
    private let lastID = Mutex<Int64?>(0)

    init(store: PostgresStore, sql: TableSQL<PostgresDialect>, batchSize: Int) {
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

    /// At most `limit` rows after row `after`, in `id` order, with their ids, in one query.
    /// `rows(of:after:limit:)` reads its pages here too.
    static func page(
        of store: PostgresStore, sql: TableSQL<PostgresDialect>, after: Int64, limit: Int
    ) async throws(StoreError) -> ([WorkflowEngine.Record], [Int64]) {
        var binds = PostgresBindings()
        binds.append(after)
        binds.append(Int64(limit))
        let rows = try await store.query(sql.selectPage, binds)
        let columns = sql.selectedColumns
        var records: [WorkflowEngine.Record] = []
        var ids: [Int64] = []
        records.reserveCapacity(rows.count)
        ids.reserveCapacity(rows.count)
        for row in rows {
            let cells = row.makeRandomAccess()
            ids.append(try store.decode(cells, column: 0, as: Int64.self))
            var record = WorkflowEngine.Record(minimumCapacity: columns.count)
            for (offset, column) in columns.enumerated() {
                record[column.name] = try Self.value(cells[offset + 1], type: column.type).expressionValue(as: column.type)
            }
            records.append(record)
        }
        return (records, ids)
    }

    private static func value(_ cell: PostgresCell, type: DataType) throws(StoreError) -> ColumnValue {
        guard cell.bytes != nil else { return .null }
        do {
            switch type {
            case .integer: return .integer(try cell.decode(Int64.self))
            case .number: return .real(try cell.decode(Double.self))
            case .boolean: return .boolean(try cell.decode(Bool.self))
            case .timestamp:
                // Read the exact microseconds rather than through a Double `Date`.
                guard cell.format == .binary, var bytes = cell.bytes, let micro = bytes.readInteger(as: Int64.self),
                    let text = ISOTimestamp(microseconds: micro + postgresEpoch)?.text
                else { return .text(try cell.decode(String.self)) }
                return .text(text)
            case .string, .date, .json: return .text(try cell.decode(String.self))
            }
        } catch {
            throw StoreError.database("cannot read \(cell.columnName): \(error)")
        }
    }
}

extension PostgresStore {
    /// Decodes one cell of a row.
    func decode<T: PostgresDecodable>(_ row: PostgresRandomAccessRow, column: Int, as type: T.Type) throws(StoreError) -> T {
        do {
            return try row[column].decode(type)
        } catch {
            throw StoreError.database("cannot read \(row[column].columnName): \(error)")
        }
    }
}
