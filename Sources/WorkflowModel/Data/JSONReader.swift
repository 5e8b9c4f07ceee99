import Foundation

/// Why some bytes are not JSON: what is wrong, and the byte offset where.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, as a person reads it.
    public var message: String
    /// The byte offset, from the start of the text, where it was found.
    public var offset: Int

    /// Creates an error.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) (at byte \(offset))" }
}

/// wfrun's JSON reader (RFC 8259): UTF-8 bytes straight to `ExpressionValue`, with no `Any` or
/// `Codable` layer in between, for the file connector's records, the store's `json` columns and
/// run parameters alike. Types are exact: `true`/`false` are bools, numbers written without
/// fraction or exponent that fit 64 bits are ints, others are (finite) numbers. Strings must be
/// UTF-8; nesting is limited to `maximumDepth` levels, so no input can exhaust the stack.
///
///     try JSONReader.value(from: #"{"id": 7, "tags": ["a"]}"#)  // ["id": 7, "tags": ["a"]]
public struct JSONReader {
    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 256

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

    /// The one value `text` holds (whitespace around it allowed).
    public static func value(from text: String) throws(JSONSyntaxError) -> ExpressionValue {
        var text = text
        let result = text.withUTF8 { bytes in Result { () throws(JSONSyntaxError) in try value(from: bytes) } }
        return try result.get()
    }

    /// The one value the UTF-8 `bytes` hold (whitespace around it allowed).
    public static func value(from bytes: ArraySlice<UInt8>) throws(JSONSyntaxError) -> ExpressionValue {
        let result = bytes.withUnsafeBufferPointer { buffer in Result { () throws(JSONSyntaxError) in try value(from: buffer) } }
        return try result.get()
    }

    /// The one value the UTF-8 `bytes` hold (whitespace around it allowed).
    public static func value(from buffer: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> ExpressionValue {
        do {
            var parser = JSONReader(bytes: buffer)
            parser.skipWhitespace()
            let value = try parser.value()
            parser.skipWhitespace()
            guard parser.index == buffer.count else { throw parser.error("unexpected \(parser.shown) after the value") }
            return value
        } catch let error as JSONSyntaxError {
            throw error
        } catch {
            throw JSONSyntaxError(message: "\(error)", offset: 0)
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: Values

    private mutating func value() throws -> ExpressionValue {
        guard index < bytes.count else { throw error("the text ends where a value should be") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("unexpected \(shown) where a value should be")
        }
    }

    private mutating func object() throws -> ExpressionValue {
        try enter()
        var fields: [String: ExpressionValue] = [:]
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(fields)
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw error("expected a quoted field name, found \(shown)") }
            let name = try string()
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw error("expected ':' after the field name \"\(name)\", found \(shown)") }
            index += 1
            skipWhitespace()
            fields[name] = try value()
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(fields)
            default:
                throw error("expected ',' or '}' after the value of \"\(name)\", found \(shown)")
            }
        }
    }

    private mutating func array() throws -> ExpressionValue {
        try enter()
        var items: [ExpressionValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try value())
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(items)
            default:
                throw error("expected ',' or ']' in an array, found \(shown)")
            }
        }
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
        index += 1
    }

    private mutating func literal(_ word: StaticString, _ value: ExpressionValue) throws -> ExpressionValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count, memcmp(bytes.baseAddress! + index, word.utf8Start, count) == 0 else {
            throw error("unexpected \(shown) where a value should be")
        }
        index += count
        return value
    }

    // MARK: Strings

    /// A quoted string; `index` is at the opening quote.
    private mutating func string() throws -> String {
        let opening = index
        index += 1
        var start = index
        var ascii = true
        var unescaped: [UInt8]? = nil  // only when the string has escapes
        while true {
            guard index < bytes.count else {
                index = opening
                throw error("a string is never closed")
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let text: String
                if var collected = unescaped {
                    collected.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    text = try makeString(collected[...], ascii: ascii, at: opening)
                } else {
                    text = try makeString(UnsafeBufferPointer(rebasing: bytes[start..<index]), ascii: ascii, at: opening)
                }
                index += 1
                return text
            case UInt8(ascii: "\\"):
                var collected = unescaped ?? []
                collected.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                try escape(into: &collected)
                unescaped = collected
                start = index
            case 0..<0x20:
                throw error("a control character (code \(byte)) in a string must be escaped, e.g. \\n")
            default:
                if byte >= 0x80 { ascii = false }
                index += 1
            }
        }
    }

    /// Decodes the escape at `index` (a backslash) into UTF-8 (`JSONEscape`, shared with the
    /// other byte-level JSON reader), with this reader's messages.
    private mutating func escape(into text: inout [UInt8]) throws {
        do {
            try JSONEscape.decode(bytes, at: &index, into: &text)
        } catch let problem {
            switch problem {
            case .unterminated: throw self.error("a string is never closed")
            case .badHexadecimal: throw self.error("a \\u escape needs four hexadecimal digits")
            case .unpairedHighSurrogate: throw self.error("a \\u escape of a high surrogate must be followed by a low one")
            case .loneLowSurrogate: throw self.error("a \\u escape of a lone low surrogate")
            case .unknown(let letter): throw self.error("\\\(String(UnicodeScalar(letter))) is not a JSON escape")
            }
        }
    }

    private func makeString<Bytes: Collection<UInt8>>(_ utf8: Bytes, ascii: Bool, at offset: Int) throws -> String {
        if !ascii {
            var iterator = utf8.makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            scan: while true {
                switch parser.parseScalar(from: &iterator) {
                case .valid: continue
                case .emptyInput: break scan
                case .error: throw JSONSyntaxError(message: "a string is not UTF-8 text; save the file as UTF-8", offset: offset)
                }
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    // MARK: Numbers

    private mutating func number() throws -> ExpressionValue {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        guard isDigit(peek) else { throw error("a number needs digits after '-'") }
        if peek == UInt8(ascii: "0") {
            index += 1
            if isDigit(peek) { throw error("a number cannot start with 0 (write 7, not 07)") }
        } else {
            while isDigit(peek) { index += 1 }
        }
        var integral = true
        if peek == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard isDigit(peek) else { throw error("a number needs digits after '.'") }
            while isDigit(peek) { index += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            integral = false
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard isDigit(peek) else { throw error("a number needs digits in its exponent") }
            while isDigit(peek) { index += 1 }
        }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if integral, let int = Self.int64(text) { return .int(int) }
        guard let number = Double(String(decoding: text, as: UTF8.self)), number.isFinite else {
            index = start
            throw error("the number is out of range")
        }
        return .number(number)
    }

    /// The digits (with an optional '-') as an Int64, or nil when out of range.
    private static func int64(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        let negative = text.first == UInt8(ascii: "-")
        var value: Int64 = 0
        for byte in text.dropFirst(negative ? 1 : 0) {
            // Accumulate downwards, so that Int64.min fits.
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.subtractingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = next
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    // MARK: Bytes

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func isDigit(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
    }

    /// The byte at `index` as messages show it.
    private var shown: String {
        guard let byte = peek else { return "the end of the text" }
        return byte >= 0x20 && byte < 0x7F ? "'\(String(UnicodeScalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    private func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: index)
    }
}
