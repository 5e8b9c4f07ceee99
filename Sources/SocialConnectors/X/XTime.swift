import WorkflowModel

/// X's timestamps, read and written without locales or formatters (a follower page has up to
/// 1,000 of them): v1.1's `Wed Oct 10 20:19:24 +0000 2018` and v2's `2018-10-10T20:19:24.000Z`
/// both become `2018-10-10T20:19:24Z`.
enum XTime {
    private static let months: [String: Int] = [
        "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12,
    ]

    /// Seconds since 1970 of a v1.1 `created_at` (`Wed Oct 10 20:19:24 +0000 2018`), or nil.
    static func epochSeconds(v1: String) -> Int64? {
        let parts = v1.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 6, let month = months[String(parts[1])], let day = Int(parts[2]), let year = Int(parts[5]),
            let time = clock(parts[3]), let offset = offsetSeconds(parts[4])
        else { return nil }
        guard (1...31).contains(day) else { return nil }
        return ISOTimestamp.days(fromYear: year, month: month, day: day) * 86_400 + time - offset
    }

    /// Seconds since 1970 of an ISO 8601 timestamp (`2018-10-10T20:19:24.000Z`,
    /// `2018-10-10T20:19:24+02:00`, `2018-10-10`), or nil.
    static func epochSeconds(iso: String) -> Int64? {
        let bytes = Array(iso.utf8)
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let days = ISOTimestamp.days(fromYear: year, month: month, day: day)
        if bytes.count == 10 { return days * 86_400 }
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
            let time = clock(iso.utf8.dropFirst(11).prefix(8))
        else { return nil }
        var index = 19
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        }
        let zone = String(decoding: bytes[index...], as: UTF8.self)
        guard let offset = zone == "Z" || zone.isEmpty ? 0 : offsetSeconds(Substring(zone)) else { return nil }
        return days * 86_400 + time - offset
    }

    /// `2018-10-10T20:19:24Z` for seconds since 1970.
    static func iso(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        let (year, month, day) = ISOTimestamp.civilDate(fromDays: days)
        var text = ""
        text.reserveCapacity(20)
        append(&text, year, 4)
        text += "-"
        append(&text, month, 2)
        text += "-"
        append(&text, day, 2)
        text += "T"
        append(&text, Int(time / 3600), 2)
        text += ":"
        append(&text, Int(time / 60 % 60), 2)
        text += ":"
        append(&text, Int(time % 60), 2)
        text += "Z"
        return text
    }

    /// v1.1's `created_at` as ISO 8601 UTC; nil when it cannot be read.
    static func iso(v1: String) -> String? { epochSeconds(v1: v1).map(iso) }

    /// v2's `created_at` as ISO 8601 UTC without fraction; nil when it cannot be read.
    static func iso(v2: String) -> String? {
        // The common case, `…:24.000Z`, needs no arithmetic.
        let bytes = v2.utf8
        if bytes.count == 24, bytes.last == UInt8(ascii: "Z"), v2.utf8.dropFirst(19).first == UInt8(ascii: ".") {
            return String(v2.prefix(19)) + "Z"
        }
        return epochSeconds(iso: v2).map(iso)
    }

    /// v2's common `created_at`, `2018-10-10T20:19:24.000Z`, as its bytes in a response, made
    /// `2018-10-10T20:19:24Z` without an intermediate string; nil for any other form (then
    /// `iso(v2:)` of the text reads it).
    static func iso(v2 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.count == 24, bytes[19] == UInt8(ascii: "."), bytes[23] == UInt8(ascii: "Z") else { return nil }
        for (offset, byte) in bytes[0..<19].enumerated() {
            switch offset {
            case 4, 7: guard byte == UInt8(ascii: "-") else { return nil }
            case 10: guard byte == UInt8(ascii: "T") else { return nil }
            case 13, 16: guard byte == UInt8(ascii: ":") else { return nil }
            default: guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            }
        }
        return String(unsafeUninitializedCapacity: 20) { text in
            _ = text.initialize(from: bytes[0..<19])
            text[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    private static func append(_ text: inout String, _ value: Int, _ width: Int) {
        let digits = String(value)
        if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
        text += digits
    }

    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<start + count] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `HH:MM:SS` as seconds into the day.
    private static func clock<S: Sequence>(_ text: S) -> Int64? where S.Element == UInt8 {
        let bytes = Array(text)
        guard bytes.count == 8, bytes[2] == UInt8(ascii: ":"), bytes[5] == UInt8(ascii: ":"),
            let hours = number(bytes, 0, 2), let minutes = number(bytes, 3, 2), let seconds = number(bytes, 6, 2),
            hours < 24, minutes < 60, seconds < 61
        else { return nil }
        return Int64(hours * 3600 + minutes * 60 + seconds)
    }

    private static func clock(_ text: Substring) -> Int64? { clock(text.utf8) }

    /// `+0000`, `-0130`, `+02:00` as seconds east of UTC.
    private static func offsetSeconds(_ text: Substring) -> Int64? {
        let bytes = Array(text.utf8).filter { $0 != UInt8(ascii: ":") }
        guard bytes.count == 5, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
            let hours = number(bytes, 1, 2), let minutes = number(bytes, 3, 2), minutes < 60
        else { return nil }
        let seconds = Int64(hours * 3600 + minutes * 60)
        return bytes[0] == UInt8(ascii: "-") ? -seconds : seconds
    }
}
