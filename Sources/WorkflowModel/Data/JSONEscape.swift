/// The escapes of a JSON string (`\n`, `\"`, `\u00e9`, surrogate pairs), decoded for
/// `JSONReader`, wfrun's one JSON reader.
public enum JSONEscape {
    /// What is wrong with an escape.
    public enum Problem: Error, Sendable, Hashable {
        /// The text ends inside the escape.
        case unterminated
        /// `\u` is not followed by four hexadecimal digits.
        case badHexadecimal
        /// A high surrogate `\uD8xx` without an escaped low one after it.
        case unpairedHighSurrogate
        /// A low surrogate on its own.
        case loneLowSurrogate
        /// A letter that is not an escape (`\x`).
        case unknown(UInt8)
    }

    /// Decodes the escape whose backslash is at `index` in `bytes`, appending its UTF-8 to
    /// `text`, and moves `index` just after it. On a problem, `index` is where it was found:
    /// the backslash of an unknown escape, else the byte where reading stopped.
    @inlinable
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int, into text: inout [UInt8]) throws(Problem) {
        guard index + 1 < bytes.count else { throw .unterminated }
        let letter = bytes[index + 1]
        index += 2
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(letter)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            var code = try hexQuad(bytes, at: &index)
            if (0xD800..<0xDC00).contains(code) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw .unpairedHighSurrogate
                }
                index += 2
                let low = try hexQuad(bytes, at: &index)
                guard (0xDC00..<0xE000).contains(low) else { throw .unpairedHighSurrogate }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(code) else { throw .loneLowSurrogate }
            text.append(contentsOf: UTF8.encode(scalar)!)
        default:
            index -= 2
            throw .unknown(letter)
        }
    }

    /// Four hexadecimal digits at `index`, which moves past them.
    @inlinable
    static func hexQuad(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) throws(Problem) -> UInt32 {
        guard index + 4 <= bytes.count else { throw .badHexadecimal }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .badHexadecimal
            }
            code = code << 4 | UInt32(digit)
            index += 1
        }
        return code
    }
}
