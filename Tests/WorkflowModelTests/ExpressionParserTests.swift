import Testing
import WorkflowModel

/// Renders a tree with every operation parenthesized, so precedence is visible in one string.
private func render(_ node: ExpressionNode) -> String {
    switch node.kind {
    case .literal(let value): value.json
    case .path(let path): path.joined(separator: ".")
    case .unary(.negate, let operand): "(-\(render(operand)))"
    case .unary(.not, let operand): "(not \(render(operand)))"
    case .binary(let op, let lhs, let rhs): "(\(render(lhs)) \(op.rawValue) \(render(rhs)))"
    case .call(let function, let arguments): "\(function.rawValue)(\(arguments.map(render).joined(separator: ", ")))"
    }
}

private func parseError(_ source: String) -> ExpressionError? {
    do {
        _ = try Expression(parsing: source)
        return nil
    } catch {
        return error
    }
}

@Suite struct ExpressionParserTests {
    @Test(arguments: [
        ("a or b and c", "(a or (b and c))"),
        ("a and b or c", "((a and b) or c)"),
        ("not a and b", "((not a) and b)"),
        ("not a == b", "(not (a == b))"),
        ("not not a", "(not (not a))"),
        ("a == b and c != d or e", "(((a == b) and (c != d)) or e)"),
        ("a < b + 1", "(a < (b + 1))"),
        ("a + b * c", "(a + (b * c))"),
        ("a - b - c", "((a - b) - c)"),
        ("a % b / c * d", "(((a % b) / c) * d)"),
        ("(a + b) * c", "((a + b) * c)"),
        ("-a * b", "((-a) * b)"),
        ("- -a", "(-(-a))"),
        ("a - -1.5", "(a - -1.5)"),
        ("-2", "-2"),
        ("a.b.c >= 10", "(a.b.c >= 10)"),
        ("concat(a, 'x', 1)", "concat(a, \"x\", 1)"),
        ("lower(trim(user.name)) == param('who')", "(lower(trim(user.name)) == param(\"who\"))"),
        ("now()", "now()"),
        ("  a\n+\tb  ", "(a + b)"),
        ("_x1 <= y_2", "(_x1 <= y_2)"),
    ])
    func precedence(source: String, expected: String) throws {
        #expect(render(try Expression(parsing: source).root) == expected)
    }

    @Test(arguments: [
        ("42", ExpressionValue.int(42)),
        ("4.25", .number(4.25)),
        ("-7", .int(-7)),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("null", .null),
        ("'text'", .string("text")),
        ("\"text\"", .string("text")),
        (#"'it\'s'"#, .string("it's")),
        (#""say \"hi\"""#, .string("say \"hi\"")),
        (#"'a\\b'"#, .string("a\\b")),
        (#"'\n\t'"#, .string("\n\t")),
        (#"'"'"#, .string("\"")),
        ("'héllo'", .string("héllo")),
    ])
    func literals(source: String, expected: ExpressionValue) throws {
        #expect(try Expression(parsing: source).root.kind == .literal(expected))
    }

    @Test func offsetsPointAtOperatorsAndCalls() throws {
        let root = try Expression(parsing: "a + lower(b)").root
        #expect(root.offset == 2)
        #expect(root.startOffset == 0)
        guard case .binary(.add, let lhs, let rhs) = root.kind else {
            Issue.record("expected an addition")
            return
        }
        #expect(lhs.offset == 0)
        #expect(rhs.offset == 4)
    }

    @Test func fieldPathsAreDistinctAndInOrder() throws {
        let expression = try Expression(parsing: "coalesce(b.c, a, b.c, lower(a)) == d")
        #expect(expression.fieldPaths == [["b", "c"], ["a"], ["d"]])
        #expect(expression.fieldReferences.map(\.offset) == [9, 14, 17, 28, 35])
    }

    @Test func parameterReferencesPointAtTheName() throws {
        let expression = try Expression(parsing: "x > param('since') or param(\"until\") == 1")
        #expect(expression.parameterReferences == [
            ParameterReference(name: "since", offset: 10),
            ParameterReference(name: "until", offset: 28),
        ])
    }

    @Test func expressionKeepsItsSource() throws {
        let expression = try Expression(parsing: "a + 1")
        #expect(expression.source == "a + 1")
        #expect(expression.description == "a + 1")
        #expect(expression == (try Expression(parsing: "a + 1")))
    }

    @Test(arguments: [
        // Unknown functions, with a suggestion when one is close.
        ("lowr(name)", ExpressionError.Kind.unknownFunction, "unknown function 'lowr'; did you mean 'lower'?", 0),
        ("x == isnull(y)", .unknownFunction, "unknown function 'isnull'; did you mean 'isNull'?", 5),
        ("substr(name, 1)", .unknownFunction, "unknown function 'substr'; did you mean 'substring'?", 0),
        ("frobnicate(x)", .unknownFunction,
         "unknown function 'frobnicate'; the functions are lower, upper, trim, length, substring, concat, coalesce, "
            + "contains, startsWith, endsWith, replace, toInt, toNumber, toString, round, abs, isNull, now, date, param", 0),
        // Arity.
        ("substring(name)", .arity, "'substring' takes 2 or 3 arguments, got 1", 0),
        ("x + lower()", .arity, "'lower' takes 1 argument, got 0", 4),
        ("lower(a, b)", .arity, "'lower' takes 1 argument, got 2", 0),
        ("now(1)", .arity, "'now' takes no arguments, got 1", 0),
        ("concat()", .arity, "'concat' takes at least 1 argument, got 0", 0),
        ("replace(a, b)", .arity, "'replace' takes 3 arguments, got 2", 0),
        // Invalid arguments.
        ("param(since)", .invalidArgument, "param() takes the parameter's name as a quoted string, e.g. param('since')", 6),
        ("param('a' + 'b')", .invalidArgument, "param() takes the parameter's name as a quoted string, e.g. param('since')", 6),
        // Syntax.
        ("concat(a, b", .syntax, "expected ')' after the arguments of 'concat'", 11),
        ("concat(a b)", .syntax, "expected ')' after the arguments of 'concat'", 9),
        ("'abc", .syntax, "unterminated string literal", 0),
        ("x == \"abc", .syntax, "unterminated string literal", 5),
        ("'abc\\", .syntax, "unterminated string literal", 0),
        ("a b", .syntax, "unexpected 'b' after the end of the expression", 2),
        ("lower(a))", .syntax, "unexpected ')' after the end of the expression", 8),
        ("", .syntax, "the expression is empty; write a value, a field path or a function call", 0),
        ("   ", .syntax, "the expression is empty; write a value, a field path or a function call", 0),
        ("a +", .syntax, "expected a value after '+'", 3),
        ("a and", .syntax, "expected a value after 'and'", 5),
        ("and", .syntax, "expected a value, found 'and'", 0),
        ("a * )", .syntax, "expected a value after '*', found ')'", 4),
        ("lower(a,)", .syntax, "expected a value after ',', found ')'", 8),
        ("(a + b", .syntax, "expected ')' to close the opening '('", 6),
        ("a < b < c", .syntax, "comparisons do not chain; join two comparisons with 'and', e.g. a < b and b < c", 6),
        ("a.", .syntax, "expected a field name after '.'", 2),
        ("a.and", .syntax, "expected a field name after '.', found 'and'", 2),
        ("a.b(c)", .syntax, "'a.b' is a field path, not a function; only built-in functions such as lower(…) can be called", 0),
        ("a = 1", .syntax, "'=' is not an operator; write '==' to compare", 2),
        ("!a", .syntax, "'!' is not an operator; write 'not' to negate", 0),
        ("a && b", .syntax, "'&&' is not an operator; write 'and'", 2),
        ("a || b", .syntax, "'||' is not an operator; write 'or'", 2),
        ("a # b", .syntax, "unexpected character '#'; expressions use quotes for text, e.g. 'abc'", 2),
        ("1. + a", .syntax, "expected a digit after the decimal point in '1.'; write e.g. 1.5", 2),
        (#"'a\qb'"#, .syntax, #"unknown escape '\q' in a string literal; use \', \", \\, \n or \t"#, 2),
        ("99999999999999999999", .syntax, "the integer 99999999999999999999 is too large; the largest is 9223372036854775807", 0),
    ])
    func errors(source: String, kind: ExpressionError.Kind, message: String, offset: Int) {
        let error = parseError(source)
        #expect(error?.kind == kind)
        #expect(error?.message == message)
        #expect(error?.offset == offset)
        #expect(error?.description == message)
    }

    @Test func offsetsCountUnicodeScalars() {
        // "é" as one scalar, then as "e" plus a combining accent: the second is one scalar longer.
        #expect(parseError("'\u{E9}' b")?.offset == 4)
        #expect(parseError("'e\u{301}' b")?.offset == 5)
        #expect(parseError("'👍🏽' b")?.offset == 5)
    }

    @Test func deepNestingIsRefused() throws {
        let shallow = String(repeating: "(", count: 60) + "1" + String(repeating: ")", count: 60)
        #expect(try Expression(parsing: shallow).root.kind == .literal(1))
        let deep = String(repeating: "(", count: 65) + "1" + String(repeating: ")", count: 65)
        #expect(parseError(deep)?.message == "the expression nests more than 64 levels deep; simplify it")
        #expect(parseError(String(repeating: "not ", count: 100) + "a")?.kind == .syntax)
    }

    @Test func longExpressionsAreRefused() throws {
        // 499 additions: 999 tokens, the most allowed.
        let longest = Array(repeating: "1", count: 500).joined(separator: " + ")
        #expect(try Expression(parsing: longest).fieldPaths.isEmpty)
        let tooLong = longest + " + 1"
        #expect(parseError(tooLong)?.message == "the expression is too long (more than 1000 names, values and symbols); simplify it")
        #expect(parseError(tooLong)?.offset == 2000)
    }

    @Test(arguments: ["true", "false", "null", "and", "or", "not"])
    func keywordsAreNotFieldNames(keyword: String) {
        #expect(parseError("a.\(keyword)")?.offset == 2)
    }

    @Test func everyFunctionHasAnArity() {
        for function in BuiltinFunction.allCases {
            #expect(function.arity.lowerBound >= 0)
            #expect(!function.arityDescription.isEmpty)
        }
        #expect(BuiltinFunction.concat.arity == 1...Int.max)
        #expect(BuiltinFunction.closest(to: "uper") == .upper)
        #expect(BuiltinFunction.closest(to: "xyzzy") == nil)
    }
}
