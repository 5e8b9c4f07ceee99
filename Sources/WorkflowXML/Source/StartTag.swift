/// The attributes of one start tag, located by scanning the raw bytes between `<` and `>`.
/// libxml2 keeps no columns on nodes; this recovers them so every diagnostic has one.
struct StartTag {
    /// Byte offsets of one attribute: its name and the first byte of its value.
    struct AttributePosition {
        var name: Int
        var value: Int
    }

    /// Byte offset of the `<`.
    let start: Int
    /// Attribute positions by qualified name, as written.
    let attributes: [String: AttributePosition]

    /// Scans the tag that starts at `start` (a `<`), stopping at its `>`.
    init(bytes: [UInt8], start: Int) {
        self.start = start
        var positions: [String: AttributePosition] = [:]
        var index = start + 1
        // Skip the element name.
        while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") {
            index += 1
        }
        while index < bytes.count {
            while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") else { break }
            let nameStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "="), !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") {
                index += 1
            }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'"), bytes[index] != UInt8(ascii: ">") {
                index += 1
            }
            guard index < bytes.count, bytes[index] != UInt8(ascii: ">") else { break }
            let quote = bytes[index]
            index += 1
            positions[name] = AttributePosition(name: nameStart, value: index)
            while index < bytes.count, bytes[index] != quote { index += 1 }
            index += 1
        }
        attributes = positions
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
