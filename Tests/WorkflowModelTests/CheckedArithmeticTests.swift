import Foundation
import Testing
import WorkflowModel

/// Extreme user values give an evaluation error (or a defined value), never a trap: every
/// operator and function that turns numbers into other numbers.
@Suite struct CheckedArithmeticTests {
    private static let context = EvaluationContext(now: Date(timeIntervalSince1970: 1_795_761_600))

    private static func evaluate(_ source: String) throws -> ExpressionValue {
        try ExpressionEvaluator().evaluate(Expression(parsing: source), record: ["big": .int(.max), "small": .int(.min)], context: context)
    }

    private static func failure(_ source: String) throws -> EvaluationError? {
        do {
            _ = try evaluate(source)
            return nil
        } catch let error as EvaluationError {
            return error
        }
    }

    @Test("round() takes any number of digits, up to the most negative int", arguments: [
        ("round(1.5, -9223372036854775807 - 1)", ExpressionValue.number(0)),
        ("round(1.5, small)", .number(0)),
        ("round(1.5, big)", .number(1.5)),
        ("round(-2.5, -309)", .number(0)),
        ("round(1.25, 400)", .number(1.25)),
        ("round(12345, -9223372036854775807 - 1)", .int(0)),
        ("round(12345, small)", .int(0)),
        ("round(4999999999999999999, -19)", .int(0)),
        ("round(toNumber('1e301'), 15)", .number(1e301)),
        ("round(toNumber('1.2e308'), -308)", .number(pow(10, 308))),
    ])
    func roundTakesAnyDigits(source: String, expected: ExpressionValue) throws {
        #expect(try Self.evaluate(source) == expected)
    }

    @Test("round() whose result is out of range is an overflow error", arguments: [
        ("round(big, -1)", "round() of int 9223372036854775807 is out of the int range"),
        ("round(big, -19)", "round() of int 9223372036854775807 is out of the int range"),
        ("round(small, -19)", "round() of int -9223372036854775808 is out of the int range"),
        ("round(toNumber('1.7e308'), -308)", "round() of number 1.7e+308 is out of the number range"),
    ])
    func roundOutOfRange(source: String, message: String) throws {
        let error = try #require(try Self.failure(source))
        #expect(error.kind == .overflow)
        #expect(error.message == message)
        #expect(error.offset == 0)
    }

    @Test("integer operators report overflow instead of trapping", arguments: [
        ("big + 1", "+", 4), ("small - 1", "-", 6), ("big * 2", "*", 4), ("small * -1", "*", 6), ("small % -1", "%", 6),
    ])
    func integerOverflow(source: String, op: String, offset: Int) throws {
        let error = try #require(try Self.failure(source))
        #expect(error.kind == .overflow)
        #expect(error.message.hasPrefix("cannot apply '\(op)' to int "), "\(error.message)")
        #expect(error.message.hasSuffix(": the result is out of the int range; convert one side with toNumber()"))
        #expect(error.offset == offset)
    }

    @Test func negationAndAbsoluteValueOfTheMostNegativeInt() throws {
        #expect(try Self.failure("-small")?.message == "cannot apply '-' to int -9223372036854775808: the result is out of the int range")
        #expect(try Self.failure("abs(small)")?.message == "abs() of int -9223372036854775808 is out of the int range")
        #expect(try Self.evaluate("small / -1") == .number(9.223372036854775808e18))
    }

    @Test("conversions to int refuse what an int cannot hold", arguments: [
        "toInt(toNumber('1e19'))", "toInt(toNumber('9223372036854775808'))", "toInt('1e19')", "toInt(toNumber('-1e19'))",
    ])
    func conversionsToInt(source: String) throws {
        let error = try #require(try Self.failure(source))
        #expect(error.kind == .overflow)
        #expect(error.message.hasSuffix(": it is out of the int range"), "\(error.message)")
    }

    @Test("an int argument given as a number past the int range is a type error, not a trap", arguments: [
        "substring('abc', toNumber('1e19'))", "round(1.5, toNumber('1e300'))", "substring('abc', toNumber('-1e19'))",
    ])
    func integerArgumentsPastTheRange(source: String) throws {
        let error = try #require(try Self.failure(source))
        #expect(error.kind == .type)
    }

    @Test func substringTakesTheExtremeInts() throws {
        #expect(try Self.evaluate("substring('abc', big, big)") == "")
        #expect(try Self.evaluate("substring('abc', small, big)") == "abc")
        #expect(try Self.evaluate("substring('abc', 1, small)") == "")
    }

    @Test func aDecimalLiteralPastTheDoubleRangeIsASyntaxError() {
        let literal = "1" + String(repeating: "0", count: 400) + ".5"
        #expect(throws: ExpressionError(.syntax, "the number \(literal) is too large; the largest is about 1.8e308", at: 0)) {
            try Expression(parsing: literal)
        }
    }

    @Test func nowIsFormattedForAnyClock() {
        #expect(ISOTimestamp(Date(timeIntervalSince1970: 1e300)).truncatedToSeconds.text == "9999-12-31T23:59:59Z")
        #expect(ISOTimestamp(Date(timeIntervalSince1970: -1e300)).truncatedToSeconds.text == "0001-01-01T00:00:00Z")
        #expect(ISOTimestamp(Date(timeIntervalSince1970: .nan)).truncatedToSeconds.text.hasSuffix("Z"))
    }
}
