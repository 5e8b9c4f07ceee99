import GRDB
import GRDBSQLite
import WorkflowEngine

/// Tells SQLite to copy a bound text value (the `SQLITE_TRANSIENT` macro, which Swift cannot import).
private let copyBoundText = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension ColumnValue {
    /// Binds the value to parameter `index` (1-based) of a prepared statement, straight through
    /// the C API: the upsert loop's hot path, where building GRDB `StatementArguments` for every
    /// row cost more than SQLite itself. Returns SQLite's result code.
    func bind(to statement: SQLiteStatement, at index: Int32) -> Int32 {
        switch self {
        case .null: return sqlite3_bind_null(statement, index)
        case .integer(let number): return sqlite3_bind_int64(statement, index, number)
        case .real(let number): return sqlite3_bind_double(statement, index, number)
        case .boolean(let flag): return sqlite3_bind_int64(statement, index, flag ? 1 : 0)
        case .text(var text):
            return text.withUTF8 { bytes in
                // An empty buffer may have no address, and a NULL pointer would bind NULL.
                guard let base = bytes.baseAddress else { return sqlite3_bind_text(statement, index, "", 0, copyBoundText) }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(statement, index, $0, Int32(bytes.count), copyBoundText)
                }
            }
        }
    }
}

extension StoreError {
    /// A GRDB or SQLite failure as a store error; store errors pass through.
    static func sqlite(_ error: any Error) -> StoreError {
        switch error {
        case let error as StoreError: error
        case let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED:
            .database("the database is locked by another process (a long write, or a sqlite3 shell holding a transaction); try again when it has finished")
        case let error as DatabaseError: .database(error.message ?? "SQLite error \(error.resultCode.rawValue)")
        default: .database("\(error)")
        }
    }
}
