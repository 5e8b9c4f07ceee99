/// Recursive-descent parser for the expression grammar, loosest binding first:
///
///     or          := and ('or' and)*
///     and         := not ('and' not)*
///     not         := 'not' not | comparison
///     comparison  := additive (('==' | '!=' | '<' | '<=' | '>' | '>=') additive)?
///     additive    := multiplicative (('+' | '-') multiplicative)*
///     multiplicative := unary (('*' | '/' | '%') unary)*
///     unary       := '-' unary | primary
///     primary     := literal | path | call | '(' or ')'
struct ExpressionParser {
    /// Parentheses, calls and prefix operators may nest this deep; deeper is refused rather than
    /// risking the stack.
    static let maximumDepth = 64
    /// An expression may have this many tokens; this also bounds the tree's height (an operator
    /// chain grows it by one per operator), and so the evaluator's recursion.
    static let maximumTokens = 1000

    private var lexer: ExpressionLexer
    private var token: ExpressionToken
    private var previous: ExpressionToken?
    private var depth = 0
    private var tokenCount = 1

    init(source: String) throws(ExpressionError) {
        lexer = ExpressionLexer(source: source)
        token = try lexer.next()
    }

    /// Parses the whole source as one expression.
    mutating func parse() throws(ExpressionError) -> ExpressionNode {
        if token.kind == .end {
            throw ExpressionError(
                .syntax, "the expression is empty; write a value, a field path or a function call", at: 0)
        }
        let root = try parseOr()
        guard token.kind == .end else {
            throw ExpressionError(.syntax, "unexpected \(token.quoted) after the end of the expression", at: token.offset)
        }
        return root
    }

    // MARK: - Operators

    private mutating func parseOr() throws(ExpressionError) -> ExpressionNode {
        var lhs = try parseAnd()
        while token.isKeyword("or") {
            let offset = token.offset
            try advance()
            lhs = ExpressionNode(.binary(.or, lhs, try parseAnd()), at: offset)
        }
        return lhs
    }

    private mutating func parseAnd() throws(ExpressionError) -> ExpressionNode {
        var lhs = try parseNot()
        while token.isKeyword("and") {
            let offset = token.offset
            try advance()
            lhs = ExpressionNode(.binary(.and, lhs, try parseNot()), at: offset)
        }
        return lhs
    }

    private mutating func parseNot() throws(ExpressionError) -> ExpressionNode {
        guard token.isKeyword("not") else { return try parseComparison() }
        let offset = token.offset
        try advance()
        try enter(at: offset)
        defer { depth -= 1 }
        return ExpressionNode(.unary(.not, try parseNot()), at: offset)
    }

    private mutating func parseComparison() throws(ExpressionError) -> ExpressionNode {
        let lhs = try parseAdditive()
        guard let op = comparisonOperator(token) else { return lhs }
        let offset = token.offset
        try advance()
        let rhs = try parseAdditive()
        if comparisonOperator(token) != nil {
            throw ExpressionError(
                .syntax, "comparisons do not chain; join two comparisons with 'and', e.g. a < b and b < c",
                at: token.offset)
        }
        return ExpressionNode(.binary(op, lhs, rhs), at: offset)
    }

    private mutating func parseAdditive() throws(ExpressionError) -> ExpressionNode {
        var lhs = try parseMultiplicative()
        while true {
            let op: BinaryOperator
            if token.isSymbol(.plus) { op = .add } else if token.isSymbol(.minus) { op = .subtract } else { return lhs }
            let offset = token.offset
            try advance()
            lhs = ExpressionNode(.binary(op, lhs, try parseMultiplicative()), at: offset)
        }
    }

    private mutating func parseMultiplicative() throws(ExpressionError) -> ExpressionNode {
        var lhs = try parseUnary()
        while true {
            let op: BinaryOperator
            switch token.kind {
            case .symbol(.star): op = .multiply
            case .symbol(.slash): op = .divide
            case .symbol(.percent): op = .remainder
            default: return lhs
            }
            let offset = token.offset
            try advance()
            lhs = ExpressionNode(.binary(op, lhs, try parseUnary()), at: offset)
        }
    }

    private mutating func parseUnary() throws(ExpressionError) -> ExpressionNode {
        guard token.isSymbol(.minus) else { return try parsePrimary() }
        let offset = token.offset
        try advance()
        try enter(at: offset)
        defer { depth -= 1 }
        let operand = try parseUnary()
        // Fold `-1.5` into a literal, so negative numbers are constants like any other.
        switch operand.kind {
        case .literal(.int(let value)) where value != Int64.min: return ExpressionNode(.literal(.int(-value)), at: offset)
        case .literal(.number(let value)): return ExpressionNode(.literal(.number(-value)), at: offset)
        default: return ExpressionNode(.unary(.negate, operand), at: offset)
        }
    }

    // MARK: - Primaries

    private mutating func parsePrimary() throws(ExpressionError) -> ExpressionNode {
        let start = token
        switch start.kind {
        case .integer(let value):
            try advance()
            return ExpressionNode(.literal(.int(value)), at: start.offset)
        case .number(let value):
            try advance()
            return ExpressionNode(.literal(.number(value)), at: start.offset)
        case .string(let value):
            try advance()
            return ExpressionNode(.literal(.string(value)), at: start.offset)
        case .identifier("true"), .identifier("false"), .identifier("null"):
            try advance()
            let value: ExpressionValue = start.text == "null" ? .null : .bool(start.text == "true")
            return ExpressionNode(.literal(value), at: start.offset)
        case .identifier(let name) where !ExpressionToken.keywords.contains(name):
            try advance()
            if token.isSymbol(.openParenthesis) { return try parseCall(name, at: start.offset) }
            return try parsePath(name, at: start.offset)
        case .symbol(.openParenthesis):
            try advance()
            try enter(at: start.offset)
            defer { depth -= 1 }
            let inner = try parseOr()
            guard token.isSymbol(.closeParenthesis) else {
                throw ExpressionError(.syntax, "expected ')' to close the opening '('", at: token.offset)
            }
            try advance()
            return inner
        default:
            throw expectedValue()
        }
    }

    private mutating func parsePath(_ first: String, at offset: Int) throws(ExpressionError) -> ExpressionNode {
        var segments = [first]
        while token.isSymbol(.dot) {
            try advance()
            guard case .identifier(let name) = token.kind, !ExpressionToken.keywords.contains(name) else {
                let found = token.kind == .end ? "" : ", found \(token.quoted)"
                throw ExpressionError(.syntax, "expected a field name after '.'\(found)", at: token.offset)
            }
            segments.append(name)
            try advance()
        }
        if token.isSymbol(.openParenthesis), segments.count > 1 {
            let path = segments.joined(separator: ".")
            throw ExpressionError(
                .syntax, "'\(path)' is a field path, not a function; only built-in functions such as lower(…) can be called",
                at: offset)
        }
        return ExpressionNode(.path(segments), at: offset)
    }

    private mutating func parseCall(_ name: String, at offset: Int) throws(ExpressionError) -> ExpressionNode {
        guard let function = BuiltinFunction(rawValue: name) else { throw Self.unknownFunction(name, at: offset) }
        try advance()  // past "("
        try enter(at: offset)
        defer { depth -= 1 }
        var arguments: [ExpressionNode] = []
        if !token.isSymbol(.closeParenthesis) {
            arguments.append(try parseOr())
            while token.isSymbol(.comma) {
                try advance()
                arguments.append(try parseOr())
            }
        }
        guard token.isSymbol(.closeParenthesis) else {
            throw ExpressionError(.syntax, "expected ')' after the arguments of '\(name)'", at: token.offset)
        }
        try advance()
        guard function.arity.contains(arguments.count) else {
            throw ExpressionError(
                .arity, "'\(name)' takes \(function.arityDescription), got \(arguments.count)", at: offset)
        }
        if function == .param, !Self.isStringLiteral(arguments[0]) {
            throw ExpressionError(
                .invalidArgument, "param() takes the parameter's name as a quoted string, e.g. param('since')",
                at: arguments[0].startOffset)
        }
        return ExpressionNode(.call(function, arguments), at: offset)
    }

    // MARK: - Helpers

    private mutating func advance() throws(ExpressionError) {
        previous = token
        token = try lexer.next()
        tokenCount += 1
        if tokenCount > Self.maximumTokens {
            throw ExpressionError(
                .syntax, "the expression is too long (more than \(Self.maximumTokens) names, values and symbols); simplify it",
                at: token.offset)
        }
    }

    private mutating func enter(at offset: Int) throws(ExpressionError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw ExpressionError(
                .syntax, "the expression nests more than \(Self.maximumDepth) levels deep; simplify it", at: offset)
        }
    }

    private func comparisonOperator(_ token: ExpressionToken) -> BinaryOperator? {
        guard case .symbol(let symbol) = token.kind else { return nil }
        switch symbol {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessOrEqual: return .lessOrEqual
        case .greater: return .greater
        case .greaterOrEqual: return .greaterOrEqual
        default: return nil
        }
    }

    private func expectedValue() -> ExpressionError {
        let after = previous.map { " after '\($0.text)'" } ?? ""
        let found = token.kind == .end ? (previous == nil ? ", found the end of the expression" : "") : ", found \(token.quoted)"
        return ExpressionError(.syntax, "expected a value\(after)\(found)", at: token.offset)
    }

    private static func isStringLiteral(_ node: ExpressionNode) -> Bool {
        if case .literal(.string) = node.kind { return true }
        return false
    }

    private static func unknownFunction(_ name: String, at offset: Int) -> ExpressionError {
        if let suggestion = BuiltinFunction.closest(to: name) {
            return ExpressionError(.unknownFunction, "unknown function '\(name)'; did you mean '\(suggestion.rawValue)'?", at: offset)
        }
        let names = BuiltinFunction.allCases.map(\.rawValue).joined(separator: ", ")
        return ExpressionError(.unknownFunction, "unknown function '\(name)'; the functions are \(names)", at: offset)
    }
}
