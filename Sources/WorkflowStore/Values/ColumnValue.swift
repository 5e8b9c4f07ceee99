import WorkflowEngine
import WorkflowModel

/// A record's value once checked against its column and converted to what both backends bind.
/// Timestamps are UTC ISO-8601 text, dates `YYYY-MM-DD`, JSON compact text with sorted keys, so
/// that equal values have equal forms and "did it change" is a plain comparison.
enum ColumnValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case boolean(Bool)
    case text(String)

    /// Converts `value` for `column` of `table`, or says why it does not fit.
    init(_ value: ExpressionValue, for column: DataColumn, table: String) throws(StoreError) {
        if case .null = value {
            self = .null
            return
        }
        let converted: ColumnValue? =
            switch (column.type, value) {
            case (.string, .string(let text)): .text(text)
            case (.integer, .int(let number)): .integer(number)
            case (.number, .int(let number)): .real(Double(number))
            // SQLite cannot store NaN (it becomes NULL) and JSON has no infinities.
            case (.number, .number(let number)) where number.isFinite: .real(number)
            case (.boolean, .bool(let flag)): .boolean(flag)
            case (.timestamp, .string(let text)): ISOTimestamp.normalized(text).map(ColumnValue.text)
            case (.date, .string(let text)): ISOTimestamp.isDate(text) ? .text(text) : nil
            case (.json, _): .text(value.json)
            default: nil
            }
        guard let converted else {
            throw StoreError.typeMismatch(table: table, column: column.name, value: value.description, expected: column.type)
        }
        self = converted
    }

    /// True for `.null`.
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value as a record field of a column of `type`: booleans back to `bool`, timestamps
    /// and dates as ISO text, JSON parsed.
    func expressionValue(as type: DataType) -> ExpressionValue {
        switch (self, type) {
        case (.null, _): .null
        case (.boolean(let flag), _): .bool(flag)
        case (.integer(let number), .boolean): .bool(number != 0)
        case (.integer(let number), .number): .number(Double(number))
        case (.integer(let number), _): .int(number)
        case (.real(let number), _): .number(number)
        case (.text(let text), .json): JSONText.parse(text) ?? .string(text)
        case (.text(let text), _): .string(text)
        }
    }
}
