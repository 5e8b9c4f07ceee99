/// The functions an expression can call: the one catalog the parser, the lint and the evaluator
/// share. The raw value is the name as written.
public enum BuiltinFunction: String, CaseIterable, Sendable, Hashable {
    /// `lower(s)`: the text in lower case.
    case lower
    /// `upper(s)`: the text in upper case.
    case upper
    /// `trim(s)`: the text without leading and trailing white space.
    case trim
    /// `length(s)`: the number of characters (or of items, for an array).
    case length
    /// `substring(s, start[, length])`: part of the text, from a 0-based start; out-of-range
    /// bounds are clamped.
    case substring
    /// `concat(a, b, …)`: the arguments as text, joined; `null` adds nothing.
    case concat
    /// `coalesce(a, b, …)`: the first argument that is not `null`.
    case coalesce
    /// `contains(s, part)`: whether the text contains `part`.
    case contains
    /// `startsWith(s, prefix)`: whether the text starts with `prefix`.
    case startsWith
    /// `endsWith(s, suffix)`: whether the text ends with `suffix`.
    case endsWith
    /// `replace(s, old, new)`: the text with every `old` replaced by `new`.
    case replace
    /// `toInt(v)`: a whole number from a string, number or bool; numbers are truncated.
    case toInt
    /// `toNumber(v)`: a number from a string, int or bool.
    case toNumber
    /// `toString(v)`: the value as text.
    case toString
    /// `round(n[, digits])`: the number rounded half away from zero, to `digits` decimals.
    case round
    /// `abs(n)`: the absolute value.
    case abs
    /// `isNull(v)`: whether the value is `null`.
    case isNull
    /// `now()`: the run's clock as an ISO-8601 UTC timestamp, `2026-11-27T06:40:00Z`.
    case now
    /// `date(v)`: the UTC day, `YYYY-MM-DD`, of an ISO-8601 timestamp.
    case date
    /// `param('name')`: a workflow parameter; the name must be a string literal.
    case param

    /// How many arguments the function takes; `Int.max` as the upper bound means "any number".
    public var arity: ClosedRange<Int> {
        switch self {
        case .lower, .upper, .trim, .length, .toInt, .toNumber, .toString, .abs, .isNull, .date, .param: 1...1
        case .substring: 2...3
        case .concat, .coalesce: 1...Int.max
        case .contains, .startsWith, .endsWith: 2...2
        case .replace: 3...3
        case .round: 1...2
        case .now: 0...0
        }
    }

    /// The arity in words, for messages: `1 argument`, `2 or 3 arguments`, `at least 1 argument`,
    /// `no arguments`.
    public var arityDescription: String {
        let range = arity
        func count(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }
        if range.upperBound == Int.max { return "at least \(count(range.lowerBound))" }
        if range.lowerBound == range.upperBound {
            return range.lowerBound == 0 ? "no arguments" : count(range.lowerBound)
        }
        if range.upperBound == range.lowerBound + 1 { return "\(range.lowerBound) or \(count(range.upperBound))" }
        return "from \(range.lowerBound) to \(count(range.upperBound))"
    }

    /// The catalog entry closest to a misspelt name, if one is close enough to suggest: the
    /// nearest by edit distance (`NameSuggestion`), else one whose name begins with it (`substr`).
    public static func closest(to name: String) -> BuiltinFunction? {
        if let near = NameSuggestion.closest(to: name, in: allCases.map(\.rawValue)) { return BuiltinFunction(rawValue: near) }
        let wanted = name.lowercased()
        guard wanted.count >= 3 else { return nil }
        return allCases.first { $0.rawValue.lowercased().hasPrefix(wanted) }
    }
}
