/// A value in an expression, and the value of a record's field: records are
/// `[String: ExpressionValue]`, and a field may hold a nested object or an array.
///
/// `int` and `number` are distinct so that counts and identifiers stay exact; arithmetic and
/// comparisons mix them freely.
public enum ExpressionValue: Sendable, Hashable {
    /// No value: a missing field, a JSON `null`, or a function given `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number.
    case int(Int64)
    /// A floating-point number.
    case number(Double)
    /// Text.
    case string(String)
    /// An ordered list.
    case array([ExpressionValue])
    /// Named fields; a record's nested object.
    case object([String: ExpressionValue])

    /// The type's name as messages show it: `null`, `bool`, `int`, `number`, `string`, `array`,
    /// `object`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// True for `true`, false for `false` and `null`, and true for every other value.
    ///
    /// Conditions accept only booleans and `null`; the evaluator's `evaluateCondition` enforces
    /// that, so use this only once the value is known to be one of those.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let flag): flag
        default: true
        }
    }

    /// True for `.null`.
    public var isNull: Bool { self == .null }

    /// The value as `toString()` and `concat()` render it: strings as they are, numbers without a
    /// trailing `.0` when whole, arrays and objects as JSON; `nil` for `null`.
    public var text: String? {
        switch self {
        case .null: nil
        case .string(let string): string
        default: json
        }
    }

    /// The value as compact JSON, objects with their keys sorted so the text is stable.
    public var json: String {
        switch self {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let value): String(value)
        case .number(let value): Self.format(value)
        case .string(let string): Self.jsonQuoted(string)
        case .array(let items): "[" + items.map(\.json).joined(separator: ",") + "]"
        case .object(let fields):
            "{" + fields.keys.sorted().map { Self.jsonQuoted($0) + ":" + fields[$0]!.json }.joined(separator: ",") + "}"
        }
    }

    /// Renders a double the way people write numbers: `3` rather than `3.0` when it is whole.
    static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)
    }

    private static func jsonQuoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension ExpressionValue: CustomStringConvertible {
    /// The type and the value, as error messages show them: `string 'abc'`, `int 3`, `null`.
    /// Long values are cut at 40 characters.
    public var description: String {
        switch self {
        case .null: return "null"
        case .string(let string): return "string '\(Self.shortened(string))'"
        default: return "\(typeName) \(Self.shortened(json))"
        }
    }

    private static func shortened(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(39)) + "…" : text
    }
}
