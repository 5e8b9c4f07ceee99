import WorkflowModel

/// Parses JSON text back into a record value: what a `json` column and the run parameters hold.
/// Whole numbers that fit become `int`, others `number`, as `ExpressionValue.json` wrote them.
enum JSONText {
    /// Nesting deeper than this is refused rather than risking the stack.
    static let maximumDepth = 256

    /// The value `text` holds, or nil when it is not one JSON value.
    static func parse(_ text: String) -> ExpressionValue? {
        var text = text
        // ExpressionValue is ExpressibleByNilLiteral: spell the optional out so `nil` is not `.null`.
        return text.withUTF8 { bytes -> ExpressionValue? in
            var parser = Parser(bytes: bytes)
            guard let value = parser.value(depth: 0) else { return Optional.none }
            parser.skipSpace()
            return parser.position == bytes.count ? Optional.some(value) : Optional.none
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        mutating func value(depth: Int) -> ExpressionValue? {
            guard depth < JSONText.maximumDepth else { return nil }
            skipSpace()
            guard position < bytes.count else { return nil }
            switch bytes[position] {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""): return string().map(ExpressionValue.string)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return number()
            }
        }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        private mutating func consume(_ byte: UInt8) -> Bool {
            skipSpace()
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        private mutating func literal(_ word: StaticString, _ value: ExpressionValue) -> ExpressionValue? {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { return nil }
            for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { return nil }
            position += count
            return value
        }

        private mutating func object(depth: Int) -> ExpressionValue? {
            position += 1
            var fields: [String: ExpressionValue] = [:]
            if consume(UInt8(ascii: "}")) { return .object(fields) }
            repeat {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), let name = string(),
                    consume(UInt8(ascii: ":")), let value = value(depth: depth + 1)
                else { return nil }
                fields[name] = value
            } while consume(UInt8(ascii: ","))
            guard consume(UInt8(ascii: "}")) else { return Optional.none }
            return .object(fields)
        }

        private mutating func array(depth: Int) -> ExpressionValue? {
            position += 1
            var items: [ExpressionValue] = []
            if consume(UInt8(ascii: "]")) { return .array(items) }
            repeat {
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
            } while consume(UInt8(ascii: ","))
            guard consume(UInt8(ascii: "]")) else { return Optional.none }
            return .array(items)
        }

        private mutating func string() -> String? {
            position += 1
            var scalars = String.UnicodeScalarView()
            var start = position
            func flush(upTo end: Int) {
                scalars.append(contentsOf: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self).unicodeScalars)
            }
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    flush(upTo: position)
                    position += 1
                    return String(scalars)
                }
                guard byte == UInt8(ascii: "\\") else {
                    guard byte >= 0x20 else { return nil }
                    position += 1
                    continue
                }
                flush(upTo: position)
                position += 1
                guard position < bytes.count, let scalar = escape() else { return nil }
                scalars.append(scalar)
                start = position
            }
            return nil
        }

        /// The character after a backslash; `position` is on it.
        private mutating func escape() -> Unicode.Scalar? {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                guard let high = hex4() else { return nil }
                guard (0xD800..<0xDC00).contains(high) else { return Unicode.Scalar(high) }
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                else { return nil }
                position += 2
                guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                return Unicode.Scalar(0x10000 + (high - 0xD800) << 10 + (low - 0xDC00))
            default: return nil
            }
        }

        private mutating func hex4() -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = Character(Unicode.Scalar(bytes[position])).hexDigitValue else { return nil }
                value = value << 4 | UInt32(digit)
                position += 1
            }
            return value
        }

        private mutating func number() -> ExpressionValue? {
            let start = position
            var whole = true
            while position < bytes.count {
                let byte = bytes[position]
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") || byte == UInt8(ascii: "-") {
                    position += 1
                } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+") {
                    whole = false
                    position += 1
                } else {
                    break
                }
            }
            guard position > start else { return nil }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            if whole, let integer = Int64(text) { return .int(integer) }
            return Double(text).map(ExpressionValue.number)
        }
    }
}
