/// The attributes of one start tag, located by scanning the raw bytes between `<` and `>`.
/// libxml2 keeps no columns on nodes; this recovers them so every diagnostic has one.
struct StartTag {
    /// Byte offsets of one attribute: its name (start and end) and the first byte of its value.
    struct AttributePosition {
        var nameStart: Int
        var nameEnd: Int
        var value: Int
    }

    /// Byte offset of the `<`.
    let start: Int
    /// Attribute positions, in the order written.
    let attributes: [AttributePosition]

    /// Scans the tag that starts at `start` (a `<`), stopping at its `>`.
    init(bytes: [UInt8], start: Int) {
        self.start = start
        var positions: [AttributePosition] = []
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
            let nameEnd = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'"), bytes[index] != UInt8(ascii: ">") {
                index += 1
            }
            guard index < bytes.count, bytes[index] != UInt8(ascii: ">") else { break }
            let quote = bytes[index]
            index += 1
            positions.append(AttributePosition(nameStart: nameStart, nameEnd: nameEnd, value: index))
            while index < bytes.count, bytes[index] != quote { index += 1 }
            index += 1
        }
        attributes = positions
    }

    /// The position of the attribute written with this (qualified) name.
    func position(of name: String, in bytes: [UInt8]) -> AttributePosition? {
        attributes.first { bytes[$0.nameStart..<$0.nameEnd].elementsEqual(name.utf8) }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
