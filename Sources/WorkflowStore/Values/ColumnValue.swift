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

    /// `value` converted for a column of `type`, or nil when it does not fit: strings for
    /// strings, ints for integers, ints and finite numbers for numbers, bools for booleans, ISO
    /// text for timestamps and dates (checked, instants normalized to UTC), anything for JSON.
    init?(_ value: ExpressionValue, type: DataType) {
        switch (type, value) {
        case (_, .null): self = .null
        case (.string, .string(let text)): self = .text(text)
        case (.integer, .int(let number)): self = .integer(number)
        case (.number, .int(let number)): self = .real(Double(number))
        // SQLite cannot store NaN (it becomes NULL) and JSON has no infinities.
        case (.number, .number(let number)) where number.isFinite: self = .real(number)
        case (.boolean, .bool(let flag)): self = .boolean(flag)
        case (.timestamp, .string(let text)):
            guard let normalized = ISOTimestamp(parsing: text, zoneless: .refused)?.text else { return nil }
            self = .text(normalized)
        case (.date, .string(let text)) where ISOTimestamp.isCalendarDate(text): self = .text(text)
        case (.json, _): self = .text(value.json)
        default: return nil
        }
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
        case (.text(let text), .json): (try? JSONReader.value(from: text)) ?? .string(text)
        case (.text(let text), _): .string(text)
        }
    }
}
