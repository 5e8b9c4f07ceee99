import GRDB
import WorkflowEngine

/// Writes one checked batch inside a write transaction, a record at a time through cached
/// prepared statements: the insert first (nothing happens when the key exists), then, only for
/// an existing key, the update that changes the row only when a value differs. The change count
/// after each statement gives the exact inserted, updated and unchanged counts.
struct SQLiteBatchWriter {
    /// The statements for records that give one set of columns.
    private struct Statements {
        let columns: [Int]
        let insert: Statement
        let update: Statement?
        /// A required column these records lack: fine for an update, an error for an insert.
        let missingRequired: String?
    }

    let batch: UpsertBatch
    /// `now`, bound to `created_at`/`updated_at`.
    let now: DatabaseValue

    /// Writes every record and returns the counts.
    func write(_ db: Database) throws -> UpsertCounts {
        let sql = TableSQL(table: batch.table, dialect: SQLiteDialect())
        var counts = UpsertCounts()
        var cache: [ColumnSet: Statements] = [:]
        var current: (set: ColumnSet, statements: Statements)?
        var values: [DatabaseValue] = []
        for row in 0..<batch.count {
            let set = batch.columnSets[row]
            let statements: Statements
            if let current, current.set == set {
                statements = current.statements
            } else if let cached = cache[set] {
                statements = cached
                current = (set, cached)
            } else {
                let columns = set.indexes(below: batch.table.columns.count)
                let row = sql.rowUpsert(columns: columns, key: batch.key)
                statements = Statements(
                    columns: columns, insert: try db.cachedStatement(sql: row.insert),
                    update: try row.update.map { try db.cachedStatement(sql: $0) },
                    missingRequired: batch.missingRequiredColumn(in: set))
                cache[set] = statements
                current = (set, statements)
            }

            values.removeAll(keepingCapacity: true)
            for column in statements.columns {
                values.append(batch.value(row: row, column: column).databaseValue)
            }
            if batch.table.hasManagedColumns { values.append(now) }
            let arguments = StatementArguments(values)

            statements.insert.setUncheckedArguments(arguments)
            try statements.insert.execute()
            if db.changesCount > 0 {
                if let missing = statements.missingRequired {
                    throw StoreError.missingValue(table: batch.table.name, column: missing)
                }
                counts.inserted += 1
                continue
            }
            guard let update = statements.update else {
                counts.unchanged += 1
                continue
            }
            update.setUncheckedArguments(arguments)
            try update.execute()
            if db.changesCount > 0 {
                counts.updated += 1
            } else {
                counts.unchanged += 1
            }
        }
        return counts
    }
}
