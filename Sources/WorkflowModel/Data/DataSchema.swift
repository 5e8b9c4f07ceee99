/// A data table's shape, read from `Schemas/data/NAME.xml`: its columns and keys. `validate`
/// checks `map` and `upsert` against it; the store creates and migrates tables from it.
public struct DataSchema: Sendable, Hashable {
    /// The table name, snake_case (`visitor`, `post_stats`).
    public var name: String
    /// What people read.
    public var label: String?
    /// The columns, in declaration order.
    public var columns: [DataColumn]
    /// Unique keys and plain indexes.
    public var keys: [DataKey]

    /// Creates a schema.
    public init(name: String, label: String? = nil, columns: [DataColumn], keys: [DataKey]) {
        self.name = name
        self.label = label
        self.columns = columns
        self.keys = keys
    }

    /// The column with this name, if any.
    public func column(named name: String) -> DataColumn? {
        columns.first { $0.name == name }
    }

    /// The keys that are unique, each as its set of columns.
    public var uniqueKeys: [DataKey] { keys.filter(\.unique) }

    /// True when `columns` (in any order) is exactly one of the unique keys.
    public func isUniqueKey(_ columns: [String]) -> Bool {
        let wanted = Set(columns)
        return uniqueKeys.contains { Set($0.columns) == wanted && $0.columns.count == columns.count }
    }
}

/// One column of a data schema.
public struct DataColumn: Sendable, Hashable {
    /// The column name, snake_case.
    public var name: String
    /// Its type.
    public var type: DataType
    /// Whether a row must have a value.
    public var required: Bool
    /// The only values allowed, when the column is an enumeration.
    public var allowedValues: [String]?
    /// What people read.
    public var label: String?

    /// Creates a column.
    public init(name: String, type: DataType, required: Bool = false, allowedValues: [String]? = nil, label: String? = nil) {
        self.name = name
        self.type = type
        self.required = required
        self.allowedValues = allowedValues
        self.label = label
    }

    /// Whether `value` may be written to this column as far as its allowed values go: anything
    /// when it has none, otherwise null or a value whose text (`ExpressionValue.text`) is one
    /// of them. The type is checked elsewhere.
    public func allows(_ value: ExpressionValue) -> Bool {
        guard let allowedValues, let text = value.text else { return true }
        return allowedValues.contains(text)
    }
}

/// The types a column can have.
public enum DataType: String, Sendable, Hashable, CaseIterable {
    case string, integer, number, boolean, timestamp, date, json
}

/// A key of a data schema: unique (what `upsert` matches on) or a plain index.
public struct DataKey: Sendable, Hashable {
    /// The key's name, if it has one.
    public var name: String?
    /// The columns, in order.
    public var columns: [String]
    /// Whether no two rows may share these columns' values.
    public var unique: Bool

    /// Creates a key.
    public init(name: String? = nil, columns: [String], unique: Bool = true) {
        self.name = name
        self.columns = columns
        self.unique = unique
    }
}
