/// Literal conformances, so records and expected values read naturally in code and tests:
/// `let record: [String: ExpressionValue] = ["username": "ada", "followers": 42]`.
extension ExpressionValue: ExpressibleByNilLiteral {
    /// `nil` is `.null`.
    public init(nilLiteral: ()) { self = .null }
}

extension ExpressionValue: ExpressibleByBooleanLiteral {
    /// `true` and `false` are `.bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension ExpressionValue: ExpressibleByIntegerLiteral {
    /// Integer literals are `.int`.
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension ExpressionValue: ExpressibleByFloatLiteral {
    /// Floating-point literals are `.number`.
    public init(floatLiteral value: Double) { self = .number(value) }
}

extension ExpressionValue: ExpressibleByStringLiteral {
    /// String literals are `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension ExpressionValue: ExpressibleByArrayLiteral {
    /// Array literals are `.array`.
    public init(arrayLiteral elements: ExpressionValue...) { self = .array(elements) }
}

extension ExpressionValue: ExpressibleByDictionaryLiteral {
    /// Dictionary literals are `.object`; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, ExpressionValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
