import Foundation

/// `toInt`, `toNumber`, `toString`, `round` and `abs`; each gives `null` for `null`.
extension FunctionCall {
    func convert() throws(EvaluationError) -> ExpressionValue {
        if arguments.contains(.null) { return .null }
        let value = arguments[0]
        switch function {
        case .toInt: return .int(try toInt(value))
        case .toNumber: return .number(try toNumber(value))
        case .toString: return .string(value.text ?? "")
        case .round: return try round(value)
        default: return try absolute(value)
        }
    }

    private func toInt(_ value: ExpressionValue) throws(EvaluationError) -> Int64 {
        switch value {
        case .int(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        case .number(let number): return try truncated(number, from: value)
        case .string(let text):
            if let number = Int64(text) { return number }  // the common case, without trimming
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let number = Int64(trimmed) { return number }
            guard let number = Self.decimal(trimmed) else { throw unreadable(value, as: "a number") }
            return try truncated(number, from: value)
        default: throw wrongType(0, expected: "a string, a number or a bool")
        }
    }

    private func toNumber(_ value: ExpressionValue) throws(EvaluationError) -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .number(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        case .string(let text):
            guard let number = Self.decimal(text) ?? Self.decimal(text.trimmingCharacters(in: .whitespaces)) else {
                throw unreadable(value, as: "a number")
            }
            return number
        default: throw wrongType(0, expected: "a string, an int or a bool")
        }
    }

    /// A finite decimal number as people write it (`-1.5`, `2e3`); not `nan`, `inf` or hex.
    private static func decimal(_ text: String) -> Double? {
        guard !text.isEmpty,
            text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || "+-.eE".unicodeScalars.contains($0) }),
            let number = Double(text), number.isFinite
        else { return nil }
        return number
    }

    private func truncated(_ number: Double, from value: ExpressionValue) throws(EvaluationError) -> Int64 {
        guard number.isFinite, let whole = Int64(exactly: number.rounded(.towardZero)) else {
            throw EvaluationError(.overflow, "toInt() cannot convert \(value): it is out of the int range", at: offset)
        }
        return whole
    }

    private func unreadable(_ value: ExpressionValue, as kind: String) -> EvaluationError {
        EvaluationError(.conversion, "\(function.rawValue)() cannot read \(value) as \(kind)", at: offset)
    }

    /// Half away from zero; `digits` may be negative (`round(1234, -2)` is 1200). Ints stay ints.
    /// Any `digits` is taken: past what the value can hold the answer is the value itself (more
    /// digits than it has) or 0 (a power of ten beyond it); a result out of range is an error.
    private func round(_ value: ExpressionValue) throws(EvaluationError) -> ExpressionValue {
        let digits = arguments.count > 1 ? try integer(1) : 0
        switch value {
        case .int(let number):
            guard digits < 0 else { return value }
            // 10^19 is past Int64.max: the nearest multiple is 0, or 10^19 itself (out of range).
            guard digits > -19 else {
                guard digits == -19, number.magnitude >= 5_000_000_000_000_000_000 else { return .int(0) }
                throw outOfRange(value, "int")
            }
            var factor: Int64 = 1
            for _ in 0..<(-digits) { factor *= 10 }
            var quotient = number / factor
            let remainder = number % factor
            if remainder.magnitude * 2 >= factor.magnitude { quotient += number < 0 ? -1 : 1 }
            let (rounded, overflow) = quotient.multipliedReportingOverflow(by: factor)
            guard !overflow else { throw outOfRange(value, "int") }
            return .int(rounded)
        case .number(let number):
            // A double has at most 17 significant digits and no finite one reaches 10^309.
            guard digits <= 15, number.isFinite else { return value }
            guard digits >= -308 else { return .number(0) }
            let scale = pow(10, Double(digits.magnitude))
            let rounded: Double
            if digits >= 0 {
                let scaled = number * scale
                // So large that it has no fractional digits left to round.
                guard scaled.isFinite else { return value }
                rounded = scaled.rounded(.toNearestOrAwayFromZero) / scale
            } else {
                rounded = (number / scale).rounded(.toNearestOrAwayFromZero) * scale
            }
            guard rounded.isFinite else { throw outOfRange(value, "number") }
            return .number(rounded)
        default:
            throw wrongType(0, expected: "an int or a number")
        }
    }

    private func outOfRange(_ value: ExpressionValue, _ type: String) -> EvaluationError {
        EvaluationError(.overflow, "round() of \(value) is out of the \(type) range", at: offset)
    }

    private func absolute(_ value: ExpressionValue) throws(EvaluationError) -> ExpressionValue {
        switch value {
        case .int(let number):
            guard number != .min else {
                throw EvaluationError(.overflow, "abs() of \(value) is out of the int range", at: offset)
            }
            return .int(Swift.abs(number))
        case .number(let number): return .number(Swift.abs(number))
        default: throw wrongType(0, expected: "an int or a number")
        }
    }
}
