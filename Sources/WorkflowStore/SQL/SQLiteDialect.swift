import WorkflowModel

/// SQLite's spelling. Timestamps, dates and JSON are stored as text (UTC ISO-8601, `YYYY-MM-DD`,
/// compact JSON) so that the sqlite3 shell shows them as people read them; booleans are 0 or 1.
struct SQLiteDialect: SQLDialect {
    func parameter(_ index: Int) -> String { "?\(index)" }
    func parameter(_ index: Int, type: DataType) -> String { "?\(index)" }
    func readExpression(_ quotedColumn: String, type: DataType) -> String { quotedColumn }

    func columnType(_ type: DataType) -> String {
        switch type {
        case .string, .timestamp, .date, .json: "TEXT"
        case .integer, .boolean: "INTEGER"
        case .number: "REAL"
        }
    }

    /// The lease end is computed by the caller and bound as text.
    func leaseUntil(_ parameter: String) -> String { parameter }
    var instantType: String { "TEXT" }
    var surrogateKey: String { "INTEGER PRIMARY KEY" }
    var distinctOperator: String { "IS NOT" }
    var tableColumnsQuery: String { "SELECT name FROM pragma_table_info(?1)" }
    var instantsAreText: Bool { true }
    var hasLateralJoins: Bool { false }
    /// The list travels as a JSON array of strings.
    func textList(_ index: Int, alias: String) -> String { "json_each(?\(index)) AS \(quoted(alias))" }
}
