/// A prefix operator.
public enum UnaryOperator: String, Sendable, Hashable, CaseIterable {
    /// `-x`: arithmetic negation.
    case negate = "-"
    /// `not x`: logical negation.
    case not
}

/// An infix operator; the raw value is the operator as written.
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    /// `a or b`, short-circuit.
    case or
    /// `a and b`, short-circuit.
    case and
    /// `a == b`.
    case equal = "=="
    /// `a != b`.
    case notEqual = "!="
    /// `a < b`.
    case less = "<"
    /// `a <= b`.
    case lessOrEqual = "<="
    /// `a > b`.
    case greater = ">"
    /// `a >= b`.
    case greaterOrEqual = ">="
    /// `a + b`: addition, or the concatenation of two strings.
    case add = "+"
    /// `a - b`.
    case subtract = "-"
    /// `a * b`.
    case multiply = "*"
    /// `a / b`: always a number (`7 / 2` is `3.5`).
    case divide = "/"
    /// `a % b`: the remainder, with the sign of `a`.
    case remainder = "%"

    /// True for the six comparison operators.
    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }
}
