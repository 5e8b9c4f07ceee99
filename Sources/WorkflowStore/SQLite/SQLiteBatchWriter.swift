import GRDB
import GRDBSQLite
import WorkflowEngine

/// Writes one checked batch inside a write transaction with as few statements as possible: one
/// cached multi-row `INSERT … VALUES (…), (…) ON CONFLICT DO UPDATE … WHERE (a value differs)`
/// per run of records giving the same columns (split to stay under SQLite's parameter limit).
///
/// The counts are exact. The change count is the inserts plus the real updates. A new row takes
/// the largest id plus one, so the inserts are the last inserted id (reset to 0 before the
/// statement: an update leaves it alone) minus the largest id before. Every other record found
/// its row already equal.
///
/// GRDB prepares and caches the statement; binding and stepping go through the SQLite C API,
/// because building GRDB `StatementArguments` for every record cost more than SQLite's own
/// work. Nothing GRDB's execution bookkeeping does applies here: the statement is plain DML
/// inside the transaction GRDB opened.
struct SQLiteBatchWriter {
    /// Records per statement at most: one statement text serves every full chunk.
    static let maximumRowsPerStatement = 500

    let batch: UpsertBatch
    /// `now`, bound to `created_at`/`updated_at`.
    let now: ColumnValue
    /// The store's statement texts.
    let texts: StatementTextCache

    /// Writes every record and returns the counts.
    func write(_ db: Database) throws -> UpsertCounts {
        guard batch.count > 0 else { return UpsertCounts() }
        guard let connection = db.sqliteConnection else { throw StoreError.database("the database is closed") }
        let sql = TableSQL(table: batch.table, dialect: SQLiteDialect())
        // Cached: a statement prepared once per run, not parsed again for every batch.
        var highestID = try Int64.fetchOne(db.cachedStatement(sql: sql.maximumID)) ?? 0
        let parameterLimit = Int(sqlite3_limit(connection, SQLITE_LIMIT_VARIABLE_NUMBER, -1))
        var counts = UpsertCounts()
        var start = 0
        while start < batch.count {
            let set = batch.columnSets[start]
            let columns = set.indexes(below: batch.table.columns.count)
            let rowLimit = min(Self.maximumRowsPerStatement, max(1, (parameterLimit - 1) / max(1, columns.count)))
            var end = start + 1
            while end < batch.count && end - start < rowLimit && batch.columnSets[end] == set { end += 1 }

            let text = texts.text(for: .init(schema: batch.table.schema, columns: set, key: batch.key, keep: batch.keep, rows: end - start)) {
                sql.valuesUpsert(columns: columns, key: batch.key, keep: batch.keep, rows: end - start)
            }
            let statement = try db.cachedStatement(sql: text)
            let returned = try run(statement.sqliteStatement, rows: start..<end, columns: columns, highestID: &highestID, connection)
            if returned.inserted > 0, let missing = batch.missingRequiredColumn(in: set) {
                throw StoreError.missingValue(table: batch.table.name, column: missing)
            }
            counts.inserted += returned.inserted
            counts.updated += returned.updated
            counts.unchanged += (end - start) - returned.inserted - returned.updated
            start = end
        }
        return counts
    }

    /// Binds the records of `rows` and `now`, runs the statement, and counts what it did.
    ///
    /// Text values are bound in place (`SQLITE_STATIC`): their bytes are first gathered into one
    /// buffer that outlives the step. Binding each with `SQLITE_TRANSIENT` made SQLite copy it
    /// into an allocation of its own, a malloc, a copy and a free per text value, which showed in
    /// the profile of the store's thread (several text columns per record).
    private func run(
        _ statement: SQLiteStatement, rows: Range<Int>, columns: [Int], highestID: inout Int64, _ connection: SQLiteConnection
    ) throws -> (inserted: Int, updated: Int) {
        let width = batch.table.columns.count
        let managed = batch.table.hasManagedColumns
        let text = BoundText(batch.values, rows: rows, columns: columns, width: width, extra: managed ? now : nil)
        // A statement is bound only when reset, and is left reset for the next batch whatever
        // happens; its bindings are cleared before the text they point to goes.
        sqlite3_reset(statement)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
            text.deallocate()
        }
        try batch.values.withUnsafeBufferPointer { values in
            var index: Int32 = 1
            for row in rows {
                let base = row * width
                for column in columns {
                    try check(text.bind(values[base + column], to: statement, at: index), connection)
                    index += 1
                }
            }
            if managed { try check(text.bind(now, to: statement, at: index), connection) }
        }
        sqlite3_set_last_insert_rowid(connection, 0)
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else { throw failure(code, connection) }
        let changes = Int(sqlite3_changes(connection))
        let lastInserted = sqlite3_last_insert_rowid(connection)
        let inserted = lastInserted == 0 ? 0 : Int(lastInserted - highestID)
        highestID = max(highestID, lastInserted)
        let updated = changes - inserted
        return (inserted, updated)
    }

    private func check(_ code: Int32, _ connection: SQLiteConnection) throws {
        guard code == SQLITE_OK else { throw failure(code, connection) }
    }

    private func failure(_ code: Int32, _ connection: SQLiteConnection) -> StoreError {
        StoreError.database(String(cString: sqlite3_errmsg(connection)) + " (SQLite error \(code))")
    }
}
