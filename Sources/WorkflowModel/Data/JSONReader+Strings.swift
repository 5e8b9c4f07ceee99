import Foundation  // memcmp

// The strings of `JSONReader`: found eight bytes at a time, kept as bytes until a `String` is
// asked for, checked to be UTF-8 as they are read.
extension JSONReader {
    /// A string as it stands in the bytes, between its quotes, already checked (no copy made):
    /// compare it with a name in a `switch` (`case "id":`), parse its `utf8` in place, or take
    /// its `string`.
    public struct Text {
        /// The bytes between the quotes, escapes included.
        @usableFromInline let raw: UnsafeBufferPointer<UInt8>
        /// Whether `raw` has escapes.
        @usableFromInline let escaped: Bool

        @inlinable
        init(raw: UnsafeBufferPointer<UInt8>, escaped: Bool) {
            self.raw = raw
            self.escaped = escaped
        }

        /// The string.
        @inlinable
        public var string: String { escaped ? Self.unescape(raw) : String(decoding: raw, as: UTF8.self) }

        /// The string's UTF-8 in the reader's bytes, when it had no escapes (else nil): for
        /// parsing it in place.
        @inlinable
        public var utf8: UnsafeBufferPointer<UInt8>? { escaped ? nil : raw }

        /// Whether the string is `name`.
        @inlinable
        public static func ~= (name: StaticString, text: Text) -> Bool {
            if text.escaped { return text.string.utf8.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)) }
            return text.raw.count == name.utf8CodeUnitCount && (text.raw.isEmpty || memcmp(text.raw.baseAddress!, name.utf8Start, text.raw.count) == 0)
        }

        /// The text of a string with escapes, checked when it was read.
        @usableFromInline
        static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String {
            var text: [UInt8] = []
            text.reserveCapacity(raw.count)
            var index = 0
            while index < raw.count {
                guard raw[index] == UInt8(ascii: "\\") else {
                    text.append(raw[index])
                    index += 1
                    continue
                }
                do {
                    try JSONEscape.decode(raw, at: &index, into: &text)
                } catch {
                    break  // cannot happen: the escapes were checked when the string was read
                }
            }
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// Reads the string whose opening quote is at `index`, checked to be UTF-8 with valid escapes.
    @inlinable
    mutating func scanString() throws(JSONSyntaxError) -> Text {
        let opening = index
        let high = try scanPlain()
        let raw = UnsafeBufferPointer(rebasing: bytes[(opening + 1)..<index])
        if bytes[index] == UInt8(ascii: "\\") {
            _ = try escapedString(from: opening + 1)
            return Text(raw: UnsafeBufferPointer(rebasing: bytes[(opening + 1)..<(index - 1)]), escaped: true)
        }
        index += 1
        if high & 0x8080_8080_8080_8080 != 0, !Self.isUTF8(raw) { throw notUTF8(at: opening) }
        return Text(raw: raw, escaped: false)
    }

    /// Reads the string whose opening quote is at `index`, as a `String`: checked to be UTF-8 as
    /// it is made, not before.
    @inlinable
    mutating func scanStringValue() throws(JSONSyntaxError) -> String {
        let opening = index
        let high = try scanPlain()
        if bytes[index] == UInt8(ascii: "\\") { return try escapedString(from: opening + 1) }
        let raw = UnsafeBufferPointer(rebasing: bytes[(opening + 1)..<index])
        index += 1
        // `String(decoding:)` is the specialised fast path; it repairs invalid UTF-8, which then
        // shows as a change of the bytes.
        let text = String(decoding: raw, as: UTF8.self)
        if high & 0x8080_8080_8080_8080 != 0, !Self.same(text, raw) { throw notUTF8(at: opening) }
        return text
    }

    /// Whether `text`'s UTF-8 is `raw`.
    @usableFromInline
    static func same(_ text: String, _ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in utf8.count == raw.count && (raw.isEmpty || memcmp(utf8.baseAddress!, raw.baseAddress!, raw.count) == 0) }
    }

    /// Moves from a string's opening quote at `index` to its closing quote or first backslash
    /// (`index` then at it); the bytes before it ORed together, to tell whether any is non-ASCII.
    @inlinable
    mutating func scanPlain() throws(JSONSyntaxError) -> UInt64 {
        let opening = index
        index += 1
        var high: UInt64 = 0
        // Eight bytes at a time up to the first quote, backslash or control character (a byte of
        // `word ^ quotes` is zero where `word` has a quote; the lowest flagged byte is always a
        // true one, borrows only run upwards).
        let base = UnsafeRawPointer(bytes.baseAddress!)
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let special = Self.zeroBytes(word ^ 0x2222_2222_2222_2222) | Self.zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)
                | Self.bytesBelow0x20(word)
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
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return high }
            if byte < 0x20 { throw controlCharacter(byte) }
            high |= UInt64(byte)
            index += 1
        }
        index = opening
        throw error("a string is never closed")
    }

    /// Non-zero when a byte of `word` is zero (exact as to whether any is).
    @inlinable
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// Non-zero when a byte of `word` is below 0x20.
    @inlinable
    static func bytesBelow0x20(_ word: UInt64) -> UInt64 {
        (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
    }

    /// The rest of a string that has escapes: `start` is its first byte, `index` its first `\`.
    @usableFromInline
    mutating func escapedString(from start: Int) throws(JSONSyntaxError) -> String {
        var text = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        var ascii = text.allSatisfy { $0 < 0x80 }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                // Escapes decode to valid UTF-8; raw bytes of the text may not be.
                guard ascii || text.withUnsafeBufferPointer(Self.isUTF8) else { throw notUTF8(at: start - 1) }
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &text)
            case 0..<0x20:
                throw controlCharacter(byte)
            default:
                if byte >= 0x80 { ascii = false }
                text.append(byte)
                index += 1
            }
        }
        index = start - 1
        throw error("a string is never closed")
    }

    /// Decodes the escape at `index` (a backslash) into UTF-8.
    @usableFromInline
    mutating func escape(into text: inout [UInt8]) throws(JSONSyntaxError) {
        do {
            try JSONEscape.decode(bytes, at: &index, into: &text)
        } catch {
            switch error {
            case .unterminated: throw self.error("a string is never closed")
            case .badHexadecimal: throw self.error("a \\u escape needs four hexadecimal digits")
            case .unpairedHighSurrogate: throw self.error("a \\u escape of a high surrogate must be followed by a low one")
            case .loneLowSurrogate: throw self.error("a \\u escape of a lone low surrogate")
            case .unknown(let letter): throw self.error("\\\(String(UnicodeScalar(letter))) is not a JSON escape")
            }
        }
    }

    /// Whether `bytes` are UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
    @usableFromInline
    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var scalar: UInt32
            switch lead {
            case 0xC2...0xDF: (length, scalar) = (2, UInt32(lead & 0x1F))
            case 0xE0...0xEF: (length, scalar) = (3, UInt32(lead & 0x0F))
            case 0xF0...0xF4: (length, scalar) = (4, UInt32(lead & 0x07))
            default: return false
            }
            guard index + length <= bytes.count else { return false }
            for next in bytes[(index + 1)..<(index + length)] {
                guard next & 0xC0 == 0x80 else { return false }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            switch length {
            case 3: guard scalar >= 0x800, !(0xD800...0xDFFF).contains(scalar) else { return false }
            case 4: guard scalar >= 0x1_0000, scalar <= 0x10_FFFF else { return false }
            default: break
            }
            index += length
        }
        return true
    }

    @usableFromInline
    func notUTF8(at offset: Int) -> JSONSyntaxError {
        JSONSyntaxError(message: "a string is not UTF-8 text; save the file as UTF-8", offset: offset)
    }

    @usableFromInline
    func controlCharacter(_ byte: UInt8) -> JSONSyntaxError {
        error("a control character (code \(byte)) in a string must be escaped, e.g. \\n")
    }
}
