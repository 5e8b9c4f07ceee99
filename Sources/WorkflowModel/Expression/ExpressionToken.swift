/// One token of an expression's source, as the lexer hands it to the parser.
struct ExpressionToken: Sendable, Hashable {
    /// What the token is.
    enum Kind: Sendable, Hashable {
        /// A name: a field, a function, or one of the keywords.
        case identifier(String)
        /// A whole-number literal.
        case integer(Int64)
        /// A literal with a decimal point.
        case number(Double)
        /// A quoted literal, escapes resolved.
        case string(String)
        /// Punctuation or an operator symbol.
        case symbol(Symbol)
        /// The end of the source.
        case end
    }

    /// Punctuation and operator symbols.
    enum Symbol: String, Sendable, Hashable {
        case openParenthesis = "("
        case closeParenthesis = ")"
        case comma = ","
        case dot = "."
        case plus = "+"
        case minus = "-"
        case star = "*"
        case slash = "/"
        case percent = "%"
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    /// The words that cannot name a field or a function.
    static let keywords: Set<String> = ["and", "or", "not", "true", "false", "null"]

    var kind: Kind
    /// 0-based offset in Unicode scalars.
    var offset: Int
    /// The source text of the token, for messages.
    var text: String

    /// True when the token is this symbol.
    func isSymbol(_ symbol: Symbol) -> Bool { kind == .symbol(symbol) }

    /// True when the token is this keyword.
    func isKeyword(_ word: String) -> Bool { kind == .identifier(word) }

    /// The token as messages quote it: `'x'`, or "the end of the expression".
    var quoted: String {
        if kind == .end { return "the end of the expression" }
        let shown = text.count > 30 ? String(text.prefix(29)) + "…" : text
        return "'\(shown)'"
    }
}
