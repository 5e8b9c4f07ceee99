import WorkflowModel

/// The statements of one data table in one dialect: its definition, its migration, and how it is
/// read. The upsert statements are in `TableSQL+Upsert.swift`.
struct TableSQL<Dialect: SQLDialect>: Sendable {
    /// The table.
    let table: TableDefinition
    /// The dialect.
    let dialect: Dialect

    /// The quoted table name.
    var name: String { dialect.quoted(table.name) }

    /// `CREATE TABLE IF NOT EXISTS` with a surrogate `id` first, then every schema column. No
    /// NOT NULL: `required` is checked by the store (a column added later could not have one).
    var createTable: String {
        let columns = table.schema.columns.map { dialect.quoted($0.name) + " " + dialect.columnType($0.type) }
        let definitions = ["\(dialect.quoted(TableDefinition.idColumn)) \(dialect.surrogateKey)"] + columns
        return "CREATE TABLE IF NOT EXISTS \(name) (\(definitions.joined(separator: ", ")))"
    }

    /// One `CREATE [UNIQUE] INDEX IF NOT EXISTS` per key.
    var createIndexes: [String] {
        table.schema.keys.map { key in
            let suffix = key.unique ? "key" : "idx"
            let indexName = ([table.name] + key.columns + [suffix]).joined(separator: "_")
            return "CREATE \(key.unique ? "UNIQUE " : "")INDEX IF NOT EXISTS \(dialect.quoted(indexName)) ON \(name) (\(dialect.quotedList(key.columns)))"
        }
    }

    /// Adds a column that a newer version of the schema declares.
    func addColumn(_ column: DataColumn) -> String {
        "ALTER TABLE \(name) ADD COLUMN \(dialect.quoted(column.name)) \(dialect.columnType(column.type))"
    }

    /// The columns `selectPage` returns after `id`, in order.
    var selectedColumns: [DataColumn] { table.schema.columns }

    /// One page of rows after the `id` in parameter 1, at most parameter 2 of them, in `id` order.
    var selectPage: String {
        let columns = selectedColumns.map { dialect.readExpression(dialect.quoted($0.name), type: $0.type) }
        let id = dialect.quoted(TableDefinition.idColumn)
        return "SELECT \(([id] + columns).joined(separator: ", ")) FROM \(name) WHERE \(id) > \(dialect.parameter(1)) ORDER BY \(id) LIMIT \(dialect.parameter(2))"
    }

    /// The number of rows.
    var count: String { "SELECT COUNT(*) FROM \(name)" }
}
