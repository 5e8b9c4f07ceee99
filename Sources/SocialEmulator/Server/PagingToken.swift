import Foundation

/// Opaque, stable paging tokens: a position in a list, scrambled by a bijection on 62 bits so
/// that clients cannot (and need not) read it, and checked when it comes back.
enum PagingToken {
    private static let mask: UInt64 = (1 << 62) - 1
    private static let multiplier: UInt64 = 0x5851_F42D_4C95_7F2D
    /// The inverse of `multiplier` modulo 2⁶⁴ (hence modulo 2⁶²), by Newton's iteration.
    private static let inverse: UInt64 = {
        var inverse = multiplier
        for _ in 0..<5 { inverse = inverse &* (2 &- multiplier &* inverse) }
        return inverse
    }()

    private static func scramble(_ position: Int) -> UInt64 {
        (UInt64(position) &+ 1) &* multiplier & mask
    }

    private static func unscramble(_ value: UInt64) -> Int? {
        guard value != 0, value <= mask else { return nil }
        let position = (value &* inverse & mask) &- 1
        return position < 1 << 40 ? Int(position) : nil
    }

    // MARK: v1.1 cursors: positive 62-bit numbers (never -1 or 0, which mean first and last)

    static func cursor(position: Int) -> Int64 {
        Int64(scramble(position))
    }

    static func position(cursor: Int64) -> Int? {
        cursor > 0 ? unscramble(UInt64(cursor)) : nil
    }

    // MARK: v2 pagination tokens: 13 base-32 digits

    private static let digits = Array("0123456789abcdefghijklmnopqrstuv".utf8)

    static func token(position: Int) -> String {
        var value = scramble(position)
        var characters = [UInt8](repeating: 0, count: 13)
        for index in stride(from: 12, through: 0, by: -1) {
            characters[index] = digits[Int(value & 31)]
            value >>= 5
        }
        return String(decoding: characters, as: UTF8.self)
    }

    static func position(token: String) -> Int? {
        guard token.utf8.count == 13 else { return nil }
        var value: UInt64 = 0
        for character in token.utf8 {
            guard let digit = digits.firstIndex(of: character) else { return nil }
            value = value << 5 | UInt64(digit)
        }
        return unscramble(value)
    }

    // MARK: Graph cursors: base64 of the list, the position and whether an empty page was served

    static func graphCursor(list: String, position: Int, emptyServed: Bool) -> String {
        let text = "\(list):\(scramble(position)):\(emptyServed ? 1 : 0)"
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func graphPosition(cursor: String, list: String) -> (position: Int, emptyServed: Bool)? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == list, let value = UInt64(parts[1]), let position = unscramble(value),
            parts[2] == "0" || parts[2] == "1"
        else { return nil }
        return (position, parts[2] == "1")
    }
}
