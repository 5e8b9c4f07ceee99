import Testing
import WorkflowModel

/// wfrun's one JSON reader: exact types, every escape, errors that say what and where, and
/// bounds that hold for any input.
@Suite struct JSONReaderTests {
    static func parse(_ text: String) throws -> ExpressionValue {
        try JSONReader.value(from: Array(text.utf8)[...])
    }

    static func failure(_ text: String) -> JSONSyntaxError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error as? JSONSyntaxError
        }
    }

    @Test(arguments: [
        ("true", ExpressionValue.bool(true)), ("false", .bool(false)), ("1", .int(1)), ("0", .int(0)), ("-0", .int(0)),
        ("null", .null), ("1.0", .number(1)), ("1e2", .number(100)), ("-2.5E-1", .number(-0.25)),
        ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
        ("9223372036854775808", .number(9223372036854775808)), (" \"x\" ", .string("x")),
    ])
    func scalarsKeepTheirExactType(text: String, expected: ExpressionValue) throws {
        #expect(try Self.parse(text) == expected)
    }

    @Test func stringsDecodeEveryEscape() throws {
        #expect(try Self.parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83c\udf89 é🎉""#) == .string("a\"b\\c/d\u{8}\u{c}\n\r\té🎉 é🎉"))
    }

    @Test func objectsAndArraysNest() throws {
        #expect(try Self.parse(#"{"a": [1, {"b": []}, {}], "a2": {"c": null}, "a": "last"}"#) == ["a": "last", "a2": ["c": nil]])
        #expect(try Self.parse("[ [ ] , [1] ]") == [[], [1]])
    }

    @Test(arguments: [
        ("", "the text ends where a value should be", 0),
        ("{\"a\" 1}", "expected ':' after the field name \"a\", found '1'", 5),
        ("{\"a\": 1,}", "expected a quoted field name, found '}'", 8),
        ("[1 2]", "expected ',' or ']' in an array, found '2'", 3),
        ("\"abc", "a string is never closed", 0),
        ("\"a\tb\"", "a control character (code 9) in a string must be escaped, e.g. \\n", 2),
        ("\"\\x\"", "\\x is not a JSON escape", 1),
        ("\"\\ud83c\"", "a \\u escape of a high surrogate must be followed by a low one", 7),
        ("01", "a number cannot start with 0 (write 7, not 07)", 1),
        ("1.", "a number needs digits after '.'", 2),
        ("tru", "unexpected 't' where a value should be", 0),
        ("1e999", "the number is out of range", 0),
        ("{} x", "unexpected 'x' after the value", 3),
    ])
    func errorsSayWhatAndWhere(text: String, message: String, offset: Int) {
        let error = Self.failure(text)
        #expect(error?.message == message)
        #expect(error?.offset == offset)
    }

    @Test func invalidUTF8AndDeepNestingAreRefused() {
        #expect(throws: JSONSyntaxError.self) { try JSONReader.value(from: [0x22, 0xC3, 0x28, 0x22][...]) }
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(Self.failure(deep)?.message == "nested deeper than 256 levels")
    }
}
