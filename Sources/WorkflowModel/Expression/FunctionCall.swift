import Foundation

/// One call of a built-in function on evaluated arguments, with the helpers that check their types
/// and word the errors.
struct FunctionCall {
    let function: BuiltinFunction
    let arguments: [ExpressionValue]
    let offset: Int

    func apply() throws(EvaluationError) -> ExpressionValue {
        switch function {
        case .concat:
            return .string(arguments.map { $0.text ?? "" }.joined())
        case .isNull:
            return .bool(arguments[0] == .null)
        case .toInt, .toNumber, .toString, .round, .abs:
            return try convert()
        case .date:
            return try date()
        default:
            // Every remaining function gives null when any argument is null.
            if arguments.contains(.null) { return .null }
            return try text()
        }
    }

    private func text() throws(EvaluationError) -> ExpressionValue {
        switch function {
        case .lower: return .string(try string(0).lowercased())
        case .upper: return .string(try string(0).uppercased())
        case .trim: return .string(try string(0).trimmingCharacters(in: .whitespacesAndNewlines))
        case .length:
            switch arguments[0] {
            case .array(let items): return .int(Int64(items.count))
            case .string(let text): return .int(Int64(text.count))
            default: throw wrongType(0, expected: "a string or an array")
            }
        case .substring: return .string(try substring())
        case .contains:
            let (text, part) = (try string(0), try string(1))
            return .bool(part.isEmpty || text.contains(part))
        case .startsWith: return .bool(try string(0).hasPrefix(try string(1)))
        case .endsWith: return .bool(try string(0).hasSuffix(try string(1)))
        case .replace:
            let (text, old, new) = (try string(0), try string(1), try string(2))
            return .string(old.isEmpty ? text : text.replacingOccurrences(of: old, with: new))
        default: return .null
        }
    }

    /// `substring(s, start[, length])` over characters, clamping `start` and `length` to the text.
    private func substring() throws(EvaluationError) -> String {
        let characters = Array(try string(0))
        let start = min(max(try integer(1), 0), Int64(characters.count))
        let available = Int64(characters.count) - start
        let length = arguments.count > 2 ? min(max(try integer(2), 0), available) : available
        return String(characters[Int(start)..<Int(start + length)])
    }

    // MARK: - Argument checks

    func string(_ index: Int) throws(EvaluationError) -> String {
        guard case .string(let text) = arguments[index] else { throw wrongType(index, expected: "a string") }
        return text
    }

    /// An int, or a number that is whole.
    func integer(_ index: Int) throws(EvaluationError) -> Int64 {
        switch arguments[index] {
        case .int(let value): return value
        case .number(let value) where value == value.rounded() && abs(value) < 9e18: return Int64(value)
        default: throw wrongType(index, expected: "an int")
        }
    }

    func wrongType(_ index: Int, expected: String) -> EvaluationError {
        let position = function.arity == 1...1 ? "" : " as its \(Self.ordinals[index]) argument"
        return EvaluationError(
            .type, "\(function.rawValue)() takes \(expected)\(position), got \(arguments[index])", at: offset)
    }

    private static let ordinals = ["first", "second", "third", "fourth"]
}
