import WorkflowModel

/// PostgreSQL's spelling: native booleans, instants, dates and JSONB.
struct PostgresDialect: SQLDialect {
    func parameter(_ index: Int) -> String { "$\(index)" }

    func parameter(_ index: Int, type: DataType) -> String {
        switch type {
        case .timestamp, .date, .json: "$\(index)::\(columnType(type))"
        default: "$\(index)"
        }
    }

    /// Dates and JSON are read as text; instants natively (microseconds, exact).
    func readExpression(_ quotedColumn: String, type: DataType) -> String {
        switch type {
        case .date: "to_char(\(quotedColumn), 'YYYY-MM-DD')"
        case .json: "\(quotedColumn)::text"
        default: quotedColumn
        }
    }

    func columnType(_ type: DataType) -> String {
        switch type {
        case .string: "TEXT"
        case .integer: "BIGINT"
        case .number: "DOUBLE PRECISION"
        case .boolean: "BOOLEAN"
        case .timestamp: "TIMESTAMPTZ"
        case .date: "DATE"
        case .json: "JSONB"
        }
    }

    /// The lease end is the server's clock plus the seconds bound (database time decides leases).
    func leaseUntil(_ parameter: String) -> String { "clock_timestamp() + \(parameter) * interval '1 second'" }
    var instantType: String { "TIMESTAMPTZ" }
    var surrogateKey: String { "BIGSERIAL PRIMARY KEY" }
    var distinctOperator: String { "IS DISTINCT FROM" }
    var tableColumnsQuery: String {
        "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1"
    }

    var instantsAreText: Bool { false }
    var hasLateralJoins: Bool { true }
    /// The list travels as a `text[]`.
    func textList(_ index: Int, alias: String) -> String { "unnest($\(index)::text[]) AS \(quoted(alias)) (\"value\")" }

    /// The element type of the array parameter that carries a column's values in a batch
    /// upsert; timestamps, dates and JSON travel as text and are cast by the statement.
    func arrayElementType(_ type: DataType) -> String {
        switch type {
        case .string, .timestamp, .date, .json: "text"
        case .integer: "int8"
        case .number: "float8"
        case .boolean: "bool"
        }
    }
}
