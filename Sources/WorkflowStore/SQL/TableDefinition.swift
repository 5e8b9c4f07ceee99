import WorkflowEngine
import WorkflowModel

/// The table of one data schema as the store sees it: the columns a record may write, and the
/// `created_at`/`updated_at` columns the store manages itself.
struct TableDefinition: Sendable {
    /// The name of the surrogate key column every data table has.
    static let idColumn = "id"
    /// The engine's own tables, which no data schema may be named after.
    static let engineTables: Set<String> = ["schema_version", "run", "activity_run", "run_log", "checkpoint"]

    /// The schema it comes from.
    let schema: DataSchema
    /// The columns a record may write, in schema order (the managed ones excluded).
    let columns: [DataColumn]
    /// True when the schema has a `created_at` timestamp, set on insert.
    let hasCreatedAt: Bool
    /// True when the schema has an `updated_at` timestamp, set on insert and on a real change.
    let hasUpdatedAt: Bool
    /// The index of each writable column by name.
    let columnIndex: [String: Int]
    /// The writable columns' names, types and `required` flags, apart: the upsert loop reads
    /// them for every record and should not copy whole `DataColumn`s to do so.
    let names: [String]
    let types: [DataType]
    let required: [Bool]
    /// Whether each writable column has allowed `values` to check.
    let restricted: [Bool]

    /// The table name.
    var name: String { schema.name }

    /// True when the store sets `now` on insert or update.
    var hasManagedColumns: Bool { hasCreatedAt || hasUpdatedAt }

    /// The shape of `schema`'s table.
    init(_ schema: DataSchema) {
        self.schema = schema
        let managed = Set(schema.columns.filter { Self.isManaged($0) }.map(\.name))
        columns = schema.columns.filter { !managed.contains($0.name) }
        hasCreatedAt = managed.contains("created_at")
        hasUpdatedAt = managed.contains("updated_at")
        var index: [String: Int] = [:]
        for (position, column) in columns.enumerated() { index[column.name] = position }
        columnIndex = index
        names = columns.map(\.name)
        types = columns.map(\.type)
        required = columns.map(\.required)
        restricted = columns.map { $0.allowedValues != nil }
    }

    /// `created_at` and `updated_at`, when they are timestamps, belong to the store: values a
    /// record gives for them are ignored.
    static func isManaged(_ column: DataColumn) -> Bool {
        (column.name == "created_at" || column.name == "updated_at") && column.type == .timestamp
    }

    /// True when a record field of this name is ignored rather than written.
    func isManagedName(_ name: String) -> Bool {
        (name == "created_at" && hasCreatedAt) || (name == "updated_at" && hasUpdatedAt)
    }

    /// The writable-column indexes of `key`, which must be one of the schema's unique keys.
    func keyIndexes(_ key: [String]) throws(StoreError) -> [Int] {
        var indexes: [Int] = []
        for column in key {
            guard let index = columnIndex[column] else {
                throw StoreError.unknownColumn(table: name, column: column)
            }
            indexes.append(index)
        }
        guard !key.isEmpty, schema.isUniqueKey(key) else {
            let keys = schema.uniqueKeys.map { "(" + $0.columns.joined(separator: ", ") + ")" }.joined(separator: ", ")
            throw StoreError.database(
                "the upsert key (\(key.joined(separator: ", "))) is not a unique key of \(name); its unique keys are \(keys.isEmpty ? "none" : keys)")
        }
        return indexes
    }

    /// Why the schema cannot be a table, if it cannot.
    func problem() -> String? {
        if Self.engineTables.contains(name) {
            return "a data schema cannot be named \(name): wfrun uses that table itself"
        }
        if schema.column(named: Self.idColumn) != nil {
            return "the data schema \(name) has a column named id, which the store uses as the row number"
        }
        return nil
    }
}
