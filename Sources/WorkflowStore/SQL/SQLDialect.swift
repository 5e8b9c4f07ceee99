import WorkflowModel

/// How one SQL engine spells the few things that differ between SQLite and PostgreSQL. Every
/// statement the two backends share is built from these by `TableSQL` and `EngineSQL`, so the
/// SQL lives in one place.
protocol SQLDialect: Sendable {
    /// The n-th (1-based) statement parameter: `?1` in SQLite, `$1` in PostgreSQL. Numbered
    /// parameters let one statement use a value twice without binding it twice.
    func parameter(_ index: Int) -> String
    /// The n-th parameter carrying a value of a column of `type` in its text or native form
    /// (PostgreSQL casts text to timestamps, dates and JSON; SQLite stores the text).
    func parameter(_ index: Int, type: DataType) -> String
    /// The expression that reads `quotedColumn` of `type` in the form the backend decodes.
    func readExpression(_ quotedColumn: String, type: DataType) -> String
    /// The column type of a data schema type.
    func columnType(_ type: DataType) -> String
    /// The expression a run's lease ends at, given a parameter: on SQLite the instant itself
    /// (computed by the one machine that holds the file), on PostgreSQL the server's clock plus
    /// the parameter's seconds.
    func leaseUntil(_ parameter: String) -> String
    /// The column type of the engine tables' instants.
    var instantType: String { get }
    /// The definition of a surrogate integer primary key that grows with each insert.
    var surrogateKey: String { get }
    /// The operator that is true when two values differ, treating NULL as a value.
    var distinctOperator: String { get }
    /// A query returning the names of the columns of the table named by parameter 1.
    var tableColumnsQuery: String { get }
    /// True when the engine tables keep instants as canonical ISO-8601 text (SQLite), false
    /// when natively (PostgreSQL): a range on text needs care with fractions of a second.
    var instantsAreText: Bool { get }
    /// True when the database joins LATERAL subqueries (PostgreSQL); SQLite reaches the same
    /// rows through a correlated `IN`.
    var hasLateralJoins: Bool { get }
    /// A FROM item, named `alias`, with one row per text of the list bound to parameter
    /// `index` (`QueryValue.texts`), its column being `alias.value`.
    func textList(_ index: Int, alias: String) -> String
}

extension SQLDialect {
    /// An identifier, always quoted, with embedded quotes doubled.
    func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Identifiers quoted and separated by commas.
    func quotedList(_ identifiers: [String]) -> String {
        identifiers.map(quoted).joined(separator: ", ")
    }
}
