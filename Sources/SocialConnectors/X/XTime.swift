import WorkflowModel

/// X's timestamps as wfrun's `ISOTimestamp`. v2's `created_at` (`2018-10-10T20:19:24.000Z`) is
/// ISO 8601 and read by `ISOTimestamp` itself; v1.1's (`Wed Oct 10 20:19:24 +0000 2018`) is
/// another format, whose fields are read here and checked by the same calendar rules. X always
/// writes a zone; a v2 timestamp without one is read as UTC, X's documented zone.
enum XTime {
    private static let months: [Substring: Int] = [
        "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12,
    ]

    /// The instant of a v1.1 `created_at` (`Wed Oct 10 20:19:24 +0000 2018`), or nil when it is
    /// not one or names a day or time that does not exist.
    static func timestamp(v1: String) -> ISOTimestamp? {
        let parts = v1.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 6, let month = months[parts[1]], parts[2].count <= 2, let day = Int(parts[2]),
              parts[5].count == 4, let year = Int(parts[5]), let offset = offsetSeconds(parts[4])
        else { return nil }
        let clock = parts[3].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
              let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2])
        else { return nil }
        return ISOTimestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetSeconds: offset)
    }

    /// The instant of a v2 `created_at` or a `since` day (`2026-01-31`), or nil.
    static func timestamp(iso: String) -> ISOTimestamp? {
        ISOTimestamp(parsing: iso, zoneless: .utc)
    }

    /// v1.1's `created_at` as canonical ISO 8601; nil when it cannot be read.
    static func iso(v1: String) -> String? { timestamp(v1: v1)?.text }

    /// v2's `created_at` as canonical ISO 8601; nil when it cannot be read.
    static func iso(v2: String) -> String? { timestamp(iso: v2)?.text }

    /// v2's `created_at` as its bytes in a response (no escapes), read without an intermediate
    /// string; nil when it cannot be read.
    static func iso(v2 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        ISOTimestamp.canonicalText(parsing: bytes, zoneless: .utc)
    }

    /// `+0000`, `-0130` as seconds east of UTC.
    private static func offsetSeconds(_ text: Substring) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
              bytes[1...].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let hours = Int(text.dropFirst().prefix(2)), let minutes = Int(text.suffix(2)), hours <= 23, minutes <= 59
        else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return bytes[0] == UInt8(ascii: "-") ? -seconds : seconds
    }
}
