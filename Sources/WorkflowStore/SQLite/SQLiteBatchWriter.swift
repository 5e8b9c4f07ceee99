import GRDB
import GRDBSQLite
import WorkflowEngine

/// Writes one checked batch inside a write transaction, a record at a time through one cached
/// prepared `INSERT … ON CONFLICT DO UPDATE … WHERE (a value differs)` per set of columns.
/// The counts are exact: no change means the row was already equal; a change that set the last
/// inserted row id (reset to 0 before each record) is an insert, any other change an update.
///
/// GRDB prepares and caches the statement; the loop itself binds, steps and reads the counts
/// through the SQLite C API, because GRDB's per-execution bookkeeping (arguments, observation,
/// scheduling checks) cost more than SQLite's own work at a million rows. Nothing it skips
/// applies here: the statements are plain DML inside the transaction GRDB opened.
struct SQLiteBatchWriter {
    let batch: UpsertBatch
    /// `now`, bound to `created_at`/`updated_at`.
    let now: ColumnValue

    /// Writes every record and returns the counts.
    func write(_ db: Database) throws -> UpsertCounts {
        let sql = TableSQL(table: batch.table, dialect: SQLiteDialect())
        guard let connection = db.sqliteConnection else { throw StoreError.database("the database is closed") }
        let width = batch.table.columns.count
        var counts = UpsertCounts()
        var row = 0
        while row < batch.count {
            // A run of records that give the same columns shares one statement.
            let set = batch.columnSets[row]
            var end = row + 1
            while end < batch.count && batch.columnSets[end] == set { end += 1 }
            let columns = set.indexes(below: width)
            let statement = try db.cachedStatement(sql: sql.rowUpsert(columns: columns, key: batch.key).upsert).sqliteStatement
            let missingRequired = batch.missingRequiredColumn(in: set)
            let nowIndex = Int32(columns.count + 1)
            // A statement is bound only when reset, and left reset for the next batch whatever happens.
            sqlite3_reset(statement)
            defer { sqlite3_reset(statement) }
            if batch.table.hasManagedColumns { try check(now.bind(to: statement, at: nowIndex), connection) }

            try batch.values.withUnsafeBufferPointer { values in
                for record in row..<end {
                    sqlite3_reset(statement)
                    let base = record * width
                    for (position, column) in columns.enumerated() {
                        try check(values[base + column].bind(to: statement, at: Int32(position + 1)), connection)
                    }
                    sqlite3_set_last_insert_rowid(connection, 0)
                    let code = sqlite3_step(statement)
                    guard code == SQLITE_DONE else { throw failure(code, connection) }
                    if sqlite3_changes(connection) == 0 {
                        counts.unchanged += 1
                    } else if sqlite3_last_insert_rowid(connection) != 0 {
                        if let missingRequired {
                            throw StoreError.missingValue(table: batch.table.name, column: missingRequired)
                        }
                        counts.inserted += 1
                    } else {
                        counts.updated += 1
                    }
                }
            }
            row = end
        }
        return counts
    }

    private func check(_ code: Int32, _ connection: SQLiteConnection) throws {
        guard code == SQLITE_OK else { throw failure(code, connection) }
    }

    private func failure(_ code: Int32, _ connection: SQLiteConnection) -> StoreError {
        StoreError.database(String(cString: sqlite3_errmsg(connection)) + " (SQLite error \(code))")
    }
}
