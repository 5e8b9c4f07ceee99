/// Writes JSON text straight into bytes: the follower pages of a million-follower account are
/// written this way, without building dictionaries or going through `JSONEncoder`.
/// Commas are placed automatically; keys and values must alternate inside objects.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false
    private var afterKey = false

    init(capacity: Int = 1_024) {
        bytes.reserveCapacity(capacity)
    }

    /// Starts an object (`{`).
    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    /// Ends an object (`}`).
    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Starts an array (`[`).
    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    /// Ends an array (`]`).
    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes an object key; the next call writes its value.
    mutating func key(_ name: String) {
        separate()
        appendString(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
        needsComma = false
    }

    /// Writes a string value.
    mutating func value(_ text: String) {
        separate()
        appendString(text)
        needsComma = true
    }

    /// Writes an integer value.
    mutating func value(_ number: Int) {
        raw(String(number))
    }

    /// Writes an unsigned integer value (a snowflake id in v1.1).
    mutating func value(_ number: UInt64) {
        raw(String(number))
    }

    /// Writes `true` or `false`.
    mutating func value(_ flag: Bool) {
        raw(flag ? "true" : "false")
    }

    /// Writes `null`.
    mutating func null() {
        raw("null")
    }

    /// Writes a string value, or `null` for nil.
    mutating func value(_ text: String?) {
        if let text { value(text) } else { null() }
    }

    /// `"name":value` in one call.
    mutating func field(_ name: String, _ text: String) {
        key(name)
        value(text)
    }

    /// `"name":number` in one call.
    mutating func field(_ name: String, _ number: Int) {
        key(name)
        value(number)
    }

    /// `"name":true|false` in one call.
    mutating func field(_ name: String, _ flag: Bool) {
        key(name)
        value(flag)
    }

    /// Writes already-valid JSON text as the next value (a number or a literal).
    mutating func raw(_ text: String) {
        separate()
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    private mutating func separate() {
        if afterKey {
            afterKey = false
        } else if needsComma {
            bytes.append(UInt8(ascii: ","))
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string: quotes and backslashes escaped, control characters as `\n`, `\t`… or
    /// `\u00XX`; everything else, non-ASCII included, as UTF-8.
    private mutating func appendString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escaping: copy them in one go.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
