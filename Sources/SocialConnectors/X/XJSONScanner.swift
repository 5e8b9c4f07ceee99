import Foundation
import WorkflowModel

/// A forward-only reader of JSON bytes for decoders that build their values as they go: X's
/// follower pages hold 1,000 users each and a sync reads a thousand pages, so the fields wfrun
/// keeps are read straight into their final form and everything else is skipped — but still
/// checked to be JSON (RFC 8259), so a truncated or garbled body is always an error.
///
///     var more = try scanner.beginObject()
///     while more {
///         switch try scanner.key() {
///         case "id": id = try scanner.optionalString("id")
///         default: try scanner.skipValue()
///         }
///         more = try scanner.endOfElement(closing: "}")
///     }
///
/// It throws `DecodingError`s like `JSONDecoder`'s (`dataCorrupted` for syntax, `typeMismatch`,
/// `valueNotFound`, `keyNotFound`), so `APIClient` classifies a body it cannot read the same way
/// whichever decoder read it: a 2xx that does not decode is retried as a truncated response.
/// Value readers name the field for the error's coding path; callers prefix the outer path
/// with `XJSONScanner.within(_:_:)` on the way out.
struct XJSONScanner {
    /// Nesting deeper than this is refused rather than recursed into.
    static let maximumDepth = 512

    /// The body, and the offset of the next byte to read.
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index = 0
    private var depth = 0

    /// A scanner at the start of `bytes`, which must outlive it.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// An object's key as it appears in the body; matched against names with `case "id":`.
    struct Key {
        fileprivate var raw: UnsafeBufferPointer<UInt8>
        /// The key without its escapes, when it had some (then `raw` is empty).
        fileprivate var unescaped: String?

        /// Whether the key is `name`.
        static func ~= (name: StaticString, key: Key) -> Bool {
            if let unescaped = key.unescaped {
                return unescaped.utf8.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            }
            return key.raw.count == name.utf8CodeUnitCount
                && (key.raw.isEmpty || memcmp(key.raw.baseAddress!, name.utf8Start, key.raw.count) == 0)
        }
    }

    /// A string value as found: null, its bytes when it has no escapes (not yet checked to be
    /// UTF-8 unless `ascii`), or its text when it had escapes.
    enum StringToken {
        case null
        case plain(UnsafeBufferPointer<UInt8>, ascii: Bool)
        case unescaped(String)
    }

    // MARK: Structure

    /// Reads `{`; false when the object is empty (its `}` read too).
    mutating func beginObject() throws -> Bool {
        try begin(UInt8(ascii: "{"), closing: UInt8(ascii: "}"), what: "an object")
    }

    /// Reads `[`; false when the array is empty (its `]` read too).
    mutating func beginArray() throws -> Bool {
        try begin(UInt8(ascii: "["), closing: UInt8(ascii: "]"), what: "an array")
    }

    /// Reads a key and its `:`.
    mutating func key() throws -> Key {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw syntax("expected a quoted key") }
        let key: Key = switch try stringToken() {
        case .plain(let raw, _): Key(raw: raw, unescaped: nil)
        case .unescaped(let text): Key(raw: UnsafeBufferPointer(start: nil, count: 0), unescaped: text)
        case .null: throw syntax("expected a quoted key")
        }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw syntax("expected ':' after a key") }
        index += 1
        return key
    }

    /// After an element of an object or array: reads `,` (true: another element follows) or the
    /// `closing` bracket (false).
    mutating func endOfElement(closing: Unicode.Scalar) throws -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw syntax("the body ends inside \(closing == "}" ? "an object" : "an array")") }
        switch bytes[index] {
        case UInt8(ascii: ","):
            index += 1
            return true
        case UInt8(closing.value):
            index += 1
            depth -= 1
            return false
        default:
            throw syntax("expected ',' or '\(closing)'")
        }
    }

    /// Checks that nothing but whitespace follows the value read.
    mutating func end() throws {
        skipWhitespace()
        guard index == bytes.count else { throw syntax("unexpected bytes after the JSON value") }
    }

    // MARK: Values

    /// Reads `null` if it is next; false (nothing read) otherwise.
    mutating func null() -> Bool {
        skipWhitespace()
        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
        else { return false }
        index += 4
        return true
    }

    /// A string or null, as found; anything else is a type mismatch at `field`.
    mutating func stringToken(_ field: StaticString) throws -> StringToken {
        skipWhitespace()
        guard index < bytes.count else { throw syntax("the body ends where a value should be") }
        switch bytes[index] {
        case UInt8(ascii: "\""): return try stringToken()
        case UInt8(ascii: "n") where null(): return .null
        default: throw try mismatch(String.self, field)
        }
    }

    /// A string or null (nil); anything else is a type mismatch at `field`.
    mutating func optionalString(_ field: StaticString) throws -> String? {
        switch try stringToken(field) {
        case .null: nil
        case .plain(let raw, let ascii): try Self.text(raw, ascii: ascii)
        case .unescaped(let text): text
        }
    }

    /// A whole number or null (nil); anything else is a type mismatch at `field`.
    mutating func optionalInt64(_ field: StaticString) throws -> Int64? {
        skipWhitespace()
        guard index < bytes.count else { throw syntax("the body ends where a value should be") }
        switch bytes[index] {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            let integral = try number()
            if integral, let value = Self.int64(UnsafeBufferPointer(rebasing: bytes[start..<index])) { return value }
            // 1e3 or 5.0 is a whole number too, as JSONDecoder reads it; 0.5 or 1e40 is not one.
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if let double = Double(text), double.rounded() == double, let value = Int64(exactly: double) { return value }
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: [XJSONKey(field)], debugDescription: "\(text) is not a 64-bit whole number"))
        case UInt8(ascii: "n") where null():
            return nil
        default:
            throw try mismatch(Int64.self, field)
        }
    }

    /// `true`, `false` or null (nil); anything else is a type mismatch at `field`.
    mutating func optionalBool(_ field: StaticString) throws -> Bool? {
        skipWhitespace()
        if literal("true") { return true }
        if literal("false") { return false }
        if null() { return nil }
        throw try mismatch(Bool.self, field)
    }

    /// Reads and checks one value of any kind, keeping nothing.
    mutating func skipValue() throws {
        skipWhitespace()
        guard index < bytes.count else { throw syntax("the body ends where a value should be") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            var more = try beginObject()
            while more {
                _ = try key()
                try skipValue()
                more = try endOfElement(closing: "}")
            }
        case UInt8(ascii: "["):
            var more = try beginArray()
            while more {
                try skipValue()
                more = try endOfElement(closing: "]")
            }
        case UInt8(ascii: "\""):
            _ = try stringToken()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try number()
        default:
            guard literal("true") || literal("false") || literal("null") else { throw syntax("expected a value") }
        }
    }

    /// The UTF-8 bytes as a string; invalid UTF-8 is corrupted data, as for `JSONDecoder`.
    static func text(_ raw: UnsafeBufferPointer<UInt8>, ascii: Bool = false) throws -> String {
        // `String(decoding:)` is the specialised fast path (`String(validating:)` goes through
        // generic metadata at run time); it repairs invalid UTF-8, which then shows as a change.
        var text = String(decoding: raw, as: UTF8.self)
        if ascii { return text }
        let unchanged = text.utf8.count == raw.count && (raw.isEmpty || text.withUTF8 { memcmp($0.baseAddress!, raw.baseAddress!, raw.count) == 0 })
        guard unchanged else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "a string is not UTF-8"))
        }
        return text
    }

    // MARK: Bytes

    private mutating func begin(_ opening: UInt8, closing: UInt8, what: String) throws -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw syntax("the body ends where \(what) should be") }
        guard bytes[index] == opening else { throw syntax("expected \(what)") }
        depth += 1
        guard depth <= Self.maximumDepth else { throw syntax("nested deeper than \(Self.maximumDepth) levels") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == closing {
            index += 1
            depth -= 1
            return false
        }
        return true
    }

    /// The string whose opening quote is at `index`.
    private mutating func stringToken() throws -> StringToken {
        let start = index + 1
        index = start
        var high: UInt64 = 0
        // Eight bytes at a time up to the first quote, backslash or control character (bit
        // tricks: a byte of `word ^ quotes` is zero where `word` has a quote; the lowest flagged
        // byte is always a true one).
        let base = UnsafeRawPointer(bytes.baseAddress!)
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let special = Self.zeroBytes(word ^ Self.quotes) | Self.zeroBytes(word ^ Self.backslashes) | Self.bytesBelow0x20(word)
            if special == 0 {
                high |= word
                index += 8
                continue
            }
            let before = special.trailingZeroBitCount / 8
            high |= word & ((1 << UInt64(before * 8)) &- 1)
            index += before
            break
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                let ascii = high & 0x8080_8080_8080_8080 == 0
                return .plain(UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), ascii: ascii)
            }
            if byte == UInt8(ascii: "\\") { return .unescaped(try escapedString(from: start)) }
            if byte < 0x20 { throw syntax("a control character in a string") }
            high |= UInt64(byte)
            index += 1
        }
        throw syntax("a string is never closed")
    }

    private static let quotes: UInt64 = 0x2222_2222_2222_2222
    private static let backslashes: UInt64 = 0x5C5C_5C5C_5C5C_5C5C

    /// Non-zero when a byte of `word` is zero (exact as to whether any is).
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// Non-zero when a byte of `word` is below 0x20.
    private static func bytesBelow0x20(_ word: UInt64) -> UInt64 {
        (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
    }

    /// The rest of a string that has escapes: `start` is its first byte, `index` its first `\`.
    private mutating func escapedString(from start: Int) throws -> String {
        var text = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try text.withUnsafeBufferPointer { try Self.text($0) }
            case UInt8(ascii: "\\"):
                try escape(into: &text)
            case 0..<0x20:
                throw syntax("a control character in a string")
            default:
                text.append(byte)
                index += 1
            }
        }
        throw syntax("a string is never closed")
    }

    /// Decodes the escape at `index` (a backslash) into UTF-8 (`JSONEscape`, shared with the
    /// other byte-level JSON reader), with this reader's messages.
    private mutating func escape(into text: inout [UInt8]) throws {
        do {
            try JSONEscape.decode(bytes, at: &index, into: &text)
        } catch let problem {
            switch problem {
            case .unterminated: throw syntax("a string is never closed")
            case .badHexadecimal: throw syntax("a \\u escape needs four hexadecimal digits")
            case .unpairedHighSurrogate: throw syntax("a high surrogate escape without its low one")
            case .loneLowSurrogate: throw syntax("an escaped lone low surrogate")
            case .unknown: throw syntax("an unknown escape")
            }
        }
    }

    /// Reads a number at `index`, checking its grammar; true when it has no fraction or exponent.
    private mutating func number() throws -> Bool {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digit() else { throw syntax("a number needs digits") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if digit() { throw syntax("a number starts with 0") }
        } else {
            while digit() { index += 1 }
        }
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard digit() else { throw syntax("a number needs digits after '.'") }
            while digit() { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digit() else { throw syntax("a number needs digits in its exponent") }
            while digit() { index += 1 }
        }
        return integral
    }

    private func digit() -> Bool {
        index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
    }

    /// Digits with an optional '-' as an Int64; nil when out of range.
    private static func int64(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        let negative = text[0] == UInt8(ascii: "-")
        var value: Int64 = 0
        for byte in text[(negative ? 1 : 0)...] {
            // Accumulated downwards, so that Int64.min fits.
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.subtractingReportingOverflow(Int64(byte &- UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = next
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count, memcmp(bytes.baseAddress! + index, word.utf8Start, count) == 0 else { return false }
        index += count
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }
}
