/// wfrun's one JSON reader (RFC 8259), a forward-only scanner over UTF-8 bytes. Callers that
/// build their own values read tokens as they come — X's follower pages (1,000 users a page, a
/// thousand pages a sync) keep the fields they need and skip the rest — while
/// `JSONReader.value(from:)` reads a whole `ExpressionValue` tree through the same scanner for the
/// file connector, the store's `json` columns and small API responses.
///
///     var reader = JSONReader(buffer)
///     try reader.beginObject()
///     while let key = try reader.nextKey() {
///         switch key {
///         case "id": id = try reader.string()
///         default: try reader.skipValue()
///         }
///     }
///     try reader.end()
///
/// Everything read or skipped is checked to be JSON, so a truncated or garbled body is always a
/// `JSONSyntaxError` naming the byte offset. Strings must be UTF-8; nesting is limited to
/// `maximumDepth` levels, so no input can exhaust the stack. Numbers written without fraction or
/// exponent that fit 64 bits are ints, others are (finite) numbers.
public struct JSONReader {
    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 256

    /// What kind of value comes next, as its first byte says.
    public enum Kind: Sendable, Hashable {
        case object, array, string, number, bool, null
    }

    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline var index = 0
    @usableFromInline var depth = 0
    /// True between a `{` or `[` and its first key or element, which no ',' precedes.
    @usableFromInline var atFirstElement = false

    /// A reader at the start of `bytes`, which must outlive it.
    @inlinable
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The offset of the next byte to read.
    @inlinable
    public var offset: Int { index }

    // MARK: Structure

    /// Reads the `{` of an object; then `nextKey()` until it returns nil.
    @inlinable
    public mutating func beginObject() throws(JSONSyntaxError) {
        try open(UInt8(ascii: "{"), "an object")
    }

    /// Reads the `[` of an array; then `nextElement()` until it returns false.
    @inlinable
    public mutating func beginArray() throws(JSONSyntaxError) {
        try open(UInt8(ascii: "["), "an array")
    }

    /// The next key of the object being read, with its `:`; nil at the object's `}` (read too).
    /// The key's value must be read or skipped before the next call.
    @inlinable
    public mutating func nextKey() throws(JSONSyntaxError) -> Text? {
        skipWhitespace()
        if atFirstElement {
            atFirstElement = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                close()
                return nil
            }
        } else {
            switch index < bytes.count ? bytes[index] : 0 {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                close()
                return nil
            default:
                throw error("expected ',' or '}' in an object, found \(shown)")
            }
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a quoted field name, found \(shown)") }
        let key = try scanString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            throw error("expected ':' after the field name \"\(key.string)\", found \(shown)")
        }
        index += 1
        return key
    }

    /// Whether another element of the array being read follows (its `,` read); false at the
    /// array's `]` (read too). The element must be read or skipped before the next call.
    @inlinable
    public mutating func nextElement() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        if atFirstElement {
            atFirstElement = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                close()
                return false
            }
            return true
        }
        switch index < bytes.count ? bytes[index] : 0 {
        case UInt8(ascii: ","):
            index += 1
            return true
        case UInt8(ascii: "]"):
            close()
            return false
        default:
            throw error("expected ',' or ']' in an array, found \(shown)")
        }
    }

    /// Checks that nothing but whitespace follows the value read.
    @inlinable
    public mutating func end() throws(JSONSyntaxError) {
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected \(shown) after the value") }
    }

    // MARK: Values

    /// The kind of the next value (whitespace before it skipped); nothing is read.
    @inlinable
    public mutating func peek() throws(JSONSyntaxError) -> Kind {
        skipWhitespace()
        guard index < bytes.count else { throw error("the text ends where a value should be") }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: throw unexpectedValue()
        }
    }

    /// Reads `null` if it comes next (true); otherwise reads nothing (false).
    @inlinable
    public mutating func null() -> Bool {
        skipWhitespace()
        return literal("null")
    }

    /// Reads `true` or `false`.
    @inlinable
    public mutating func bool() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        if literal("true") { return true }
        if literal("false") { return false }
        throw unexpectedValue()
    }

    /// Reads a string.
    @inlinable
    public mutating func string() throws(JSONSyntaxError) -> String {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw expected("a string") }
        return try scanStringValue()
    }

    /// Reads a string as it stands in the bytes, without making a `String` of it unless it had
    /// escapes: for keys and values that are compared or parsed rather than kept.
    @inlinable
    public mutating func text() throws(JSONSyntaxError) -> Text {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw expected("a string") }
        return try scanString()
    }

    /// Reads a number: `.int` when written without fraction or exponent and within 64 bits,
    /// else `.number`; a number beyond `Double`'s range is an error.
    @inlinable
    public mutating func number() throws(JSONSyntaxError) -> ExpressionValue {
        skipWhitespace()
        let start = index
        guard index < bytes.count, bytes[index] == UInt8(ascii: "-") || Self.isDigit(bytes[index]) else { throw expected("a number") }
        let integral = try scanNumber()
        let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if integral, let int = Self.int64(text) { return .int(int) }
        return try double(text, at: start)
    }

    /// Reads one value of any kind, checking it is JSON, and keeps nothing.
    @inlinable
    public mutating func skipValue() throws(JSONSyntaxError) {
        switch try peek() {
        case .object:
            try beginObject()
            while try nextKey() != nil { try skipValue() }
        case .array:
            try beginArray()
            while try nextElement() { try skipValue() }
        case .string:
            _ = try scanString()
        case .number:
            _ = try scanNumber()
        case .bool:
            _ = try bool()
        case .null:
            guard literal("null") else { throw unexpectedValue() }
        }
    }

    // MARK: Scanning

    @inlinable
    mutating func open(_ bracket: UInt8, _ what: StaticString) throws(JSONSyntaxError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == bracket else { throw expected("\(what)") }
        guard depth < Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
        depth += 1
        index += 1
        atFirstElement = true
    }

    /// Reads the closing bracket at `index`.
    @inlinable
    mutating func close() {
        index += 1
        depth -= 1
    }

    /// Reads a number at `index`, checking its grammar; true when it has no fraction or exponent.
    @inlinable
    mutating func scanNumber() throws(JSONSyntaxError) -> Bool {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digit() else { throw error("a number needs digits after '-'") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if digit() { throw error("a number cannot start with 0 (write 7, not 07)") }
        } else {
            while digit() { index += 1 }
        }
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard digit() else { throw error("a number needs digits after '.'") }
            while digit() { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digit() else { throw error("a number needs digits in its exponent") }
            while digit() { index += 1 }
        }
        return integral
    }

    /// Digits with an optional '-' as an Int64; nil when out of range.
    @inlinable
    static func int64(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
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

    /// A number with a fraction, an exponent or too many digits, as a finite `Double`.
    @usableFromInline
    mutating func double(_ text: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONSyntaxError) -> ExpressionValue {
        guard let number = Double(String(decoding: text, as: UTF8.self)), number.isFinite else {
            index = start
            throw error("the number is out of range")
        }
        return .number(number)
    }

    @inlinable
    func digit() -> Bool {
        index < bytes.count && Self.isDigit(bytes[index])
    }

    @inlinable
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    @inlinable
    mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    @inlinable
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    // MARK: Errors (out of line: they are the cold path)

    /// The byte at `index` as messages show it.
    @usableFromInline
    var shown: String {
        guard index < bytes.count else { return "the end of the text" }
        let byte = bytes[index]
        return byte >= 0x20 && byte < 0x7F ? "'\(String(UnicodeScalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    @usableFromInline
    func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: index)
    }

    @usableFromInline
    func expected(_ what: String) -> JSONSyntaxError {
        index < bytes.count ? error("expected \(what), found \(shown)") : error("the text ends where \(what) should be")
    }

    @usableFromInline
    func unexpectedValue() -> JSONSyntaxError {
        error("unexpected \(shown) where a value should be")
    }
}
