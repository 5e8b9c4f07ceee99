/// Splits an expression's source into tokens, one at a time, so the first error in the text is
/// the one reported. Offsets count Unicode scalars.
struct ExpressionLexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    /// The source's UTF-8 bytes when it is all ASCII (then byte and scalar offsets agree and
    /// token text is sliced from bytes, the common and fast case); nil otherwise.
    private let ascii: [UInt8]?

    init(source: String) {
        scalars = Array(source.unicodeScalars)
        let bytes = Array(source.utf8)
        ascii = bytes.count == scalars.count ? bytes : nil
    }

    /// The number of Unicode scalars in the source: the offset of its end.
    var endOffset: Int { scalars.count }

    /// Reads the next token; at the end of the source, returns `.end` every time.
    mutating func next() throws(ExpressionError) -> ExpressionToken {
        while position < scalars.count, Self.isSpace(scalars[position]) { position += 1 }
        let start = position
        guard position < scalars.count else { return ExpressionToken(kind: .end, offset: start, text: "") }
        let scalar = scalars[position]
        if Self.isIdentifierStart(scalar) {
            while position < scalars.count, Self.isIdentifierPart(scalars[position]) { position += 1 }
            let name = text(from: start)
            return ExpressionToken(kind: .identifier(name), offset: start, text: name)
        }
        if Self.isDigit(scalar) { return try number(from: start) }
        if scalar == "'" || scalar == "\"" { return try string(from: start, quote: scalar) }
        return try symbol(from: start)
    }

    private mutating func number(from start: Int) throws(ExpressionError) -> ExpressionToken {
        while position < scalars.count, Self.isDigit(scalars[position]) { position += 1 }
        var isDecimal = false
        if position < scalars.count, scalars[position] == "." {
            guard position + 1 < scalars.count, Self.isDigit(scalars[position + 1]) else {
                throw ExpressionError(
                    .syntax, "expected a digit after the decimal point in '\(text(from: start)).'; write e.g. 1.5",
                    at: position + 1)
            }
            isDecimal = true
            position += 1
            while position < scalars.count, Self.isDigit(scalars[position]) { position += 1 }
        }
        let literal = text(from: start)
        if isDecimal {
            guard let value = Double(literal), value.isFinite else {
                throw ExpressionError(
                    .syntax, "the number \(literal) is too large; the largest is about 1.8e308", at: start)
            }
            return ExpressionToken(kind: .number(value), offset: start, text: literal)
        }
        guard let value = Int64(literal) else {
            throw ExpressionError(
                .syntax, "the integer \(literal) is too large; the largest is \(Int64.max)", at: start)
        }
        return ExpressionToken(kind: .integer(value), offset: start, text: literal)
    }

    private mutating func string(from start: Int, quote: Unicode.Scalar) throws(ExpressionError) -> ExpressionToken {
        position += 1
        var value = String.UnicodeScalarView()
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == quote {
                position += 1
                return ExpressionToken(kind: .string(String(value)), offset: start, text: text(from: start))
            }
            if scalar == "\\" {
                guard position + 1 < scalars.count else { break }
                let escaped = scalars[position + 1]
                switch escaped {
                case "'", "\"", "\\": value.append(escaped)
                case "n": value.append("\n")
                case "t": value.append("\t")
                default:
                    throw ExpressionError(
                        .syntax, "unknown escape '\\\(escaped)' in a string literal; use \\', \\\", \\\\, \\n or \\t",
                        at: position)
                }
                position += 2
                continue
            }
            value.append(scalar)
            position += 1
        }
        throw ExpressionError(.syntax, "unterminated string literal", at: start)
    }

    private mutating func symbol(from start: Int) throws(ExpressionError) -> ExpressionToken {
        let scalar = scalars[position]
        let following: Unicode.Scalar? = position + 1 < scalars.count ? scalars[position + 1] : nil
        let symbol: ExpressionToken.Symbol
        switch (scalar, following) {
        case ("=", "="): symbol = .equal
        case ("!", "="): symbol = .notEqual
        case ("<", "="): symbol = .lessOrEqual
        case (">", "="): symbol = .greaterOrEqual
        case ("<", _): symbol = .less
        case (">", _): symbol = .greater
        case ("(", _): symbol = .openParenthesis
        case (")", _): symbol = .closeParenthesis
        case (",", _): symbol = .comma
        case (".", _): symbol = .dot
        case ("+", _): symbol = .plus
        case ("-", _): symbol = .minus
        case ("*", _): symbol = .star
        case ("/", _): symbol = .slash
        case ("%", _): symbol = .percent
        case ("=", _): throw ExpressionError(.syntax, "'=' is not an operator; write '==' to compare", at: start)
        case ("!", _): throw ExpressionError(.syntax, "'!' is not an operator; write 'not' to negate", at: start)
        case ("&", "&"): throw ExpressionError(.syntax, "'&&' is not an operator; write 'and'", at: start)
        case ("|", "|"): throw ExpressionError(.syntax, "'||' is not an operator; write 'or'", at: start)
        default:
            throw ExpressionError(
                .syntax, "unexpected character '\(scalar)'; expressions use quotes for text, e.g. 'abc'", at: start)
        }
        position += symbol.rawValue.unicodeScalars.count
        return ExpressionToken(kind: .symbol(symbol), offset: start, text: symbol.rawValue)
    }

    private func text(from start: Int) -> String {
        if let ascii { return String(decoding: ascii[start..<position], as: UTF8.self) }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<position])
        return String(view)
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" }
        return scalar.properties.isWhitespace
    }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || isDigit(scalar)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}
