import Foundation
import Testing
import WorkflowModel

/// 2026-11-27T06:40:00Z.
private let runStart = Date(timeIntervalSince1970: 1_795_761_600)

private let record: [String: ExpressionValue] = [
    "name": "Ada",
    "count": 5,
    "ratio": 0.5,
    "active": true,
    "nothing": nil,
    "tags": ["x", "y", "z"],
    "user": ["name": "ada", "followers": 1200, "profile": ["lang": "en"]],
]

private let context = EvaluationContext(parameters: ["since": "2026-01-01", "limit": 10], now: runStart)

private func evaluate(_ source: String, now: Date = runStart) throws -> ExpressionValue {
    let expression = try Expression(parsing: source)
    var context = context
    context.now = now
    return try ExpressionEvaluator().evaluate(expression, record: record, context: context)
}

private func evaluationError(_ source: String) throws -> EvaluationError? {
    let expression = try Expression(parsing: source)
    do {
        _ = try ExpressionEvaluator().evaluate(expression, record: record, context: context)
        return nil
    } catch {
        return error
    }
}

@Suite struct ExpressionEvaluatorTests {
    @Test(arguments: [
        ("user.name", ExpressionValue.string("ada")),
        ("user.profile.lang", "en"),
        ("user.missing", nil),
        ("user.name.first", nil),
        ("missing", nil),
        ("missing.deep.path", nil),
        ("nothing", nil),
        ("tags", .array(["x", "y", "z"])),
        ("tags.first", nil),
    ])
    func paths(source: String, expected: ExpressionValue) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test(arguments: [
        ("1 + 2", ExpressionValue.int(3)),
        ("7 - 10", -3),
        ("6 * 7", 42),
        ("7 / 2", 3.5),
        ("6 / 3", 2.0),
        ("7 % 3", 1),
        ("-7 % 3", -1),
        ("1 + 2.5", 3.5),
        ("2.5 * 2", 5.0),
        ("7.5 % 2", 1.5),
        ("count - ratio", 4.5),
        ("-count", -5),
        ("-ratio", -0.5),
        ("'a' + 'b'", "ab"),
        ("null + 1", nil),
        ("missing * 2", nil),
        ("2 - nothing", nil),
        ("-missing", nil),
        ("1 + 2 * 3 - 4 / 2", 5.0),
    ])
    func arithmetic(source: String, expected: ExpressionValue) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test(arguments: [
        ("1 < 2", true), ("2 <= 2", true), ("3 > 2.5", true), ("2 >= 3", false),
        ("2 == 2.0", true), ("2 != 2", false), ("count == 5", true),
        ("'abc' < 'abd'", true), ("'b' > 'a'", true), ("'a' == 'a'", true), ("'A' == 'a'", false),
        ("true == true", true), ("true != false", true),
        ("null == null", true), ("missing == null", true), ("null == 1", false), ("null != 1", true),
        ("missing < 1", false), ("missing <= 1", false), ("1 > null", false), ("null >= null", false),
        ("tags == tags", true), ("user != user", false),
    ])
    func comparisons(source: String, expected: Bool) throws {
        #expect(try evaluate(source) == .bool(expected))
    }

    @Test(arguments: [
        ("true and false", false), ("true and true", true), ("false or true", true), ("false or false", false),
        ("not false", true), ("not true", false), ("not null", true), ("not missing", true),
        ("null and true", false), ("null or true", true), ("missing or nothing", false),
        ("count > 1 and count < 10", true), ("active and name == 'Ada'", true),
        // Short-circuit: the right side would fail.
        ("false and 1 / 0 == 1", false), ("true or lower(1) == 'x'", true), ("null and 'x'", false),
    ])
    func logic(source: String, expected: Bool) throws {
        #expect(try evaluate(source) == .bool(expected))
    }

    @Test(arguments: [
        ("lower('AbC')", ExpressionValue.string("abc")),
        ("upper(name)", "ADA"),
        ("trim('  a b \\n\\t')", "a b"),
        ("length('héllo')", 5),
        ("length(tags)", 3),
        ("length(missing)", nil),
        ("lower(missing)", nil),
        ("upper(nothing)", nil),
        ("trim(null)", nil),
        ("substring('abcdef', 2)", "cdef"),
        ("substring('abcdef', 2, 3)", "cde"),
        ("substring('abc', -5, 2)", "ab"),
        ("substring('abc', 10)", ""),
        ("substring('abc', 1, 100)", "bc"),
        ("substring('abc', 1, -1)", ""),
        ("substring('abc', 1.0, 1)", "b"),
        ("substring(missing, 1)", nil),
        ("concat('a', 1, 2.5, true, null, missing, 'z')", "a12.5truez"),
        ("concat(3.0)", "3"),
        ("concat(tags)", #"["x","y","z"]"#),
        ("concat(user.profile)", #"{"lang":"en"}"#),
        ("coalesce(missing, null, 'x', 'y')", "x"),
        ("coalesce(missing, nothing)", nil),
        ("coalesce('a', 1 / 0)", "a"),
        ("contains('hello', 'ell')", true),
        ("contains('hello', 'xyz')", false),
        ("contains('hello', '')", true),
        ("contains(null, 'a')", nil),
        ("startsWith('hello', 'he')", true),
        ("startsWith('hello', 'lo')", false),
        ("endsWith('hello', 'lo')", true),
        ("endsWith(missing, 'lo')", nil),
        ("replace('a-b-c', '-', '+')", "a+b+c"),
        ("replace('abc', '', 'x')", "abc"),
        ("replace('abc', 'b', null)", nil),
        ("toInt('42')", 42),
        ("toInt(' -7 ')", -7),
        ("toInt('3.9')", 3),
        ("toInt(3.9)", 3),
        ("toInt(-3.9)", -3),
        ("toInt(true)", 1),
        ("toInt(12)", 12),
        ("toInt(null)", nil),
        ("toNumber('1.5')", 1.5),
        ("toNumber(' 2e3 ')", 2000.0),
        ("toNumber(2)", 2.0),
        ("toNumber(false)", 0.0),
        ("toNumber(missing)", nil),
        ("toString(42)", "42"),
        ("toString(2.5)", "2.5"),
        ("toString(3.0)", "3"),
        ("toString(true)", "true"),
        ("toString('x')", "x"),
        ("toString(null)", nil),
        ("toString(user.profile)", #"{"lang":"en"}"#),
        ("round(2.5)", 3.0),
        ("round(-2.5)", -3.0),
        ("round(2.4)", 2.0),
        ("round(3.14159, 2)", 3.14),
        ("round(1234.5, -2)", 1200.0),
        ("round(7)", 7),
        ("round(1234, -2)", 1200),
        ("round(1250, -2)", 1300),
        ("round(-1250, -2)", -1300),
        ("round(5, -20)", 0),
        ("round(null)", nil),
        ("abs(-3)", 3),
        ("abs(-2.5)", 2.5),
        ("abs(4)", 4),
        ("abs(missing)", nil),
        ("isNull(missing)", true),
        ("isNull(nothing)", true),
        ("isNull(0)", false),
        ("isNull('')", false),
        ("now()", "2026-11-27T06:40:00Z"),
        ("date(now())", "2026-11-27"),
        ("date('2026-11-27T06:40:00Z')", "2026-11-27"),
        ("date('2026-11-27T06:40:00.123Z')", "2026-11-27"),
        ("date('2026-11-27T23:30:00-05:00')", "2026-11-28"),
        ("date('2026-01-01T00:30:00+01:00')", "2025-12-31"),
        ("date('2026-01-01T00:30:00+0100')", "2025-12-31"),
        ("date('2026-11-27 06:40')", "2026-11-27"),
        ("date('2026-11-27')", "2026-11-27"),
        ("date('2024-02-29T12:00:00Z')", "2024-02-29"),
        ("date(missing)", nil),
        ("param('since')", "2026-01-01"),
        ("param('limit') * 2", 20),
    ])
    func functions(source: String, expected: ExpressionValue) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test func nowUsesTheInjectedClock() throws {
        #expect(try evaluate("now()", now: Date(timeIntervalSince1970: 1_795_761_600.999)) == "2026-11-27T06:40:00Z")
        #expect(try evaluate("now()", now: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(try evaluate("now()", now: Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
        #expect(try evaluate("date(now())", now: Date(timeIntervalSince1970: 0)) == "1970-01-01")
    }

    @Test(arguments: [
        ("'abc' < 3", EvaluationError.Kind.type,
         "cannot apply '<' to string 'abc' and int 3; convert one side with toString(), toInt() or toNumber()", 6),
        ("count == '5'", .type,
         "cannot apply '==' to int 5 and string '5'; convert one side with toString(), toInt() or toNumber()", 6),
        ("true < false", .type, "cannot apply '<' to bool true and bool false; bools compare only with == and !=", 5),
        ("tags > tags", .type,
         #"cannot apply '>' to array ["x","y","z"] and array ["x","y","z"]; arrays compare only with == and !="#, 5),
        ("'a' + 1", .type, "cannot apply '+' to string 'a' and int 1; use concat() to join text with other values", 4),
        ("true - 1", .type, "cannot apply '-' to bool true and int 1; it takes ints and numbers", 5),
        ("user.profile * 2", .type, #"cannot apply '*' to object {"lang":"en"} and int 2; it takes ints and numbers"#, 13),
        ("1 / 0", .divisionByZero, "cannot apply '/' to int 1 and int 0: division by zero", 2),
        ("1 % 0", .divisionByZero, "cannot apply '%' to int 1 and int 0: division by zero", 2),
        ("1.5 / 0.0", .divisionByZero, "cannot apply '/' to number 1.5 and number 0: division by zero", 4),
        ("9223372036854775807 + 1", .overflow,
         "cannot apply '+' to int 9223372036854775807 and int 1: the result is out of the int range; convert one side with toNumber()", 20),
        ("toNumber('1e300') * toNumber('1e300')", .overflow,
         "cannot apply '*' to number 1e+300 and number 1e+300: the result is too large", 18),
        ("1 and true", .type, "cannot apply 'and' to int 1; it takes true, false or null", 2),
        ("false or 'x'", .type, "cannot apply 'or' to string 'x'; it takes true, false or null", 6),
        ("not 'x'", .type, "cannot apply 'not' to string 'x'; it takes true, false or null", 0),
        ("-'x'", .type, "cannot apply '-' to string 'x'; it takes an int or a number", 0),
        ("lower(3)", .type, "lower() takes a string, got int 3", 0),
        ("x == length(true)", .type, "length() takes a string or an array, got bool true", 5),
        ("substring('abc', 'x')", .type, "substring() takes an int as its second argument, got string 'x'", 0),
        ("substring('abc', 1.5)", .type, "substring() takes an int as its second argument, got number 1.5", 0),
        ("contains(1, 'a')", .type, "contains() takes a string as its first argument, got int 1", 0),
        ("toInt('abc')", .conversion, "toInt() cannot read string 'abc' as a number", 0),
        ("toInt('0x10')", .conversion, "toInt() cannot read string '0x10' as a number", 0),
        ("toNumber('nan')", .conversion, "toNumber() cannot read string 'nan' as a number", 0),
        ("toInt(toNumber('1e300'))", .overflow, "toInt() cannot convert number 1e+300: it is out of the int range", 0),
        ("toInt(tags)", .type, #"toInt() takes a string, a number or a bool, got array ["x","y","z"]"#, 0),
        ("abs('x')", .type, "abs() takes an int or a number, got string 'x'", 0),
        ("round(1.5, 'x')", .type, "round() takes an int as its second argument, got string 'x'", 0),
        ("param('missing')", .missingParameter,
         "param('missing') has no value; give the parameter a default or pass --param missing=VALUE", 0),
        ("date('yesterday')", .conversion,
         "date() cannot read string 'yesterday' as an ISO-8601 timestamp such as 2026-11-27T06:40:00Z", 0),
        ("date('2026-02-29')", .conversion,
         "date() cannot read string '2026-02-29' as an ISO-8601 timestamp such as 2026-11-27T06:40:00Z", 0),
        ("date(42)", .type, "date() takes an ISO-8601 timestamp string, got int 42", 0),
    ])
    func errors(source: String, kind: EvaluationError.Kind, message: String, offset: Int) throws {
        let error = try evaluationError(source)
        #expect(error?.kind == kind)
        #expect(error?.message == message)
        #expect(error?.offset == offset)
    }

    @Test func longestExpressionEvaluates() throws {
        let longest = Array(repeating: "count", count: 500).joined(separator: " + ")
        #expect(try evaluate(longest) == 2500)
    }

    @Test func longValuesAreShortenedInMessages() throws {
        let long = String(repeating: "a", count: 50)
        let error = try evaluationError("'\(long)' < 1")
        #expect(error?.message.hasPrefix("cannot apply '<' to string '\(String(repeating: "a", count: 39))…' and int 1") == true)
    }

    @Test(arguments: [("active", true), ("count > 10", false), ("missing", false), ("nothing == null", true)])
    func conditions(source: String, expected: Bool) throws {
        let expression = try Expression(parsing: source)
        #expect(try ExpressionEvaluator().evaluateCondition(expression, record: record, context: context) == expected)
    }

    @Test func conditionThatIsNotABoolIsAnError() throws {
        let expression = try Expression(parsing: "name")
        #expect {
            try ExpressionEvaluator().evaluateCondition(expression, record: record, context: context)
        } throws: { error in
            (error as? EvaluationError)?.message
                == "the condition gives string 'Ada', not true or false; compare it, e.g. x != null or x == 'text'"
        }
    }

    @Test func valuesDescribeThemselves() {
        #expect(ExpressionValue.null.typeName == "null")
        #expect(ExpressionValue.number(1.5).description == "number 1.5")
        #expect(ExpressionValue.null.description == "null")
        #expect(ExpressionValue.bool(false).isTruthy == false)
        #expect(ExpressionValue.null.isTruthy == false)
        #expect(ExpressionValue.bool(true).isTruthy)
        #expect(ExpressionValue.string("a\"b\n").json == #""a\"b\n""#)
    }
}
