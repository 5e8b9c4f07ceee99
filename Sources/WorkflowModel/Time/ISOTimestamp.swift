import Foundation

/// An instant, to the microsecond, read from and written as ISO-8601 text: wfrun's one
/// timestamp type, used by expressions, the store and the connectors alike, so that every one
/// of them accepts and refuses the same texts.
///
///     ISOTimestamp(parsing: "2026-11-26T08:00:00.5+0100", zoneless: .refused)?.text
///     // "2026-11-26T07:00:00.5Z"
///
/// Accepted: `YYYY-MM-DD`, then `T` (or `t` or a space), `HH:MM`, optionally `:SS` and a
/// fraction (`.` or `,` and one or more digits; past the microsecond they are dropped), then a
/// zone: `Z`, `±HH:MM`, `±HHMM` or `±HH`. The day must exist (31 February does not, 29 February
/// only in a leap year), years run 0001–9999, hours 00–23 (no `24:00`), minutes and seconds
/// 00–59 (no leap second `:60`: instants are POSIX time, which has none), offsets up to ±23:59.
/// Text without a zone, or a bare `YYYY-MM-DD`, is read as UTC or refused, as the caller says
/// (`ZonelessInput`).
///
/// The canonical text is UTC with a `Z`, seconds always written, and a fraction only when the
/// instant has one, without trailing zeros: `2026-11-26T07:00:00Z`, `2026-11-26T07:00:00.25Z`.
/// Equal instants have equal text, so "did it change" is a string comparison.
public struct ISOTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public let microseconds: Int64

    /// What text without a zone (`2026-11-26T08:00:00`, `2026-11-26`) means.
    public enum ZonelessInput: Sendable {
        /// Refused: the store keeps instants, and a wall time without a zone is not one.
        case refused
        /// Read as UTC: what `date()` in expressions and the connectors' `since` days assume.
        case utc
    }

    /// The first and last microsecond of the years 0001–9999.
    private static let range: ClosedRange<Int64> = -62_135_596_800_000_000...253_402_300_799_999_999

    /// The instant `microseconds` after 1970-01-01T00:00:00Z; nil outside the years 0001–9999.
    public init?(microseconds: Int64) {
        guard Self.range.contains(microseconds) else { return nil }
        self.microseconds = microseconds
    }

    /// The instant `date`, rounded to the microsecond; clamped to the years 0001–9999 (NaN is
    /// 1970).
    public init(_ date: Date) {
        let micro = date.timeIntervalSince1970 * 1_000_000
        // Compared as doubles, then clamped as integers: the bounds are not exact doubles.
        if micro.isNaN {
            microseconds = 0
        } else if micro <= Double(Self.range.lowerBound) {
            microseconds = Self.range.lowerBound
        } else if micro >= Double(Self.range.upperBound) {
            microseconds = Self.range.upperBound
        } else {
            microseconds = min(max(Int64(micro.rounded()), Self.range.lowerBound), Self.range.upperBound)
        }
    }

    /// Reads ISO-8601 text (see the type's documentation); nil when it is not such a
    /// timestamp, names a day or time that does not exist, or has no zone and `zoneless` is
    /// `.refused`.
    public init?(parsing text: String, zoneless: ZonelessInput) {
        var text = text
        guard let parsed = text.withUTF8({ Self.parse($0, zoneless: zoneless) }) else { return nil }
        microseconds = parsed
    }

    /// Reads ISO-8601 text given as UTF-8 bytes, as `init(parsing:zoneless:)` does.
    public init?(parsing bytes: UnsafeBufferPointer<UInt8>, zoneless: ZonelessInput) {
        guard let parsed = Self.parse(bytes, zoneless: zoneless) else { return nil }
        microseconds = parsed
    }

    /// The canonical text of ISO-8601 `bytes`, as `ISOTimestamp(parsing:zoneless:)?.text` gives
    /// it, for hot paths (a follower page has a thousand of them): the text is always fully read
    /// and checked, and when it already is canonical (`…:SSZ`, or `…:SS.000Z` as X writes it) its
    /// bytes are copied instead of formatted again.
    public static func canonicalText(parsing bytes: UnsafeBufferPointer<UInt8>, zoneless: ZonelessInput) -> String? {
        guard let timestamp = ISOTimestamp(parsing: bytes, zoneless: zoneless) else { return nil }
        let plain = bytes.count == 20 || (bytes.count == 24 && bytes[19] == UInt8(ascii: ".")
            && bytes[20] == UInt8(ascii: "0") && bytes[21] == UInt8(ascii: "0") && bytes[22] == UInt8(ascii: "0"))
        guard plain, bytes[10] == UInt8(ascii: "T"), bytes[bytes.count - 1] == UInt8(ascii: "Z") else { return timestamp.text }
        return String(unsafeUninitializedCapacity: 20) { text in
            _ = text.initialize(from: bytes[0..<19])
            text[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// The instant of a wall-clock time with a UTC offset (`offsetSeconds` east of UTC); nil
    /// when the day or time does not exist. Other formats (X's v1.1 `created_at`) read their
    /// fields and build the instant here, so they share the calendar checks.
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int = 0, offsetSeconds: Int = 0) {
        guard Self.isValid(year: year, month: month, day: day), (0...23).contains(hour), (0...59).contains(minute),
              (0...59).contains(second), (0...999_999).contains(microsecond), abs(offsetSeconds) < 86_400
        else { return nil }
        let seconds = Self.days(fromYear: year, month: month, day: day) * 86_400 + Int64(hour * 3_600 + minute * 60 + second - offsetSeconds)
        self.init(microseconds: seconds * 1_000_000 + Int64(microsecond))
    }

    /// The instant as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(microseconds) / 1_000_000) }

    /// Whole seconds since 1970 (rounded down).
    public var seconds: Int64 { Self.floorDivision(microseconds, 1_000_000).quotient }

    /// The same instant without its fraction of a second.
    public var truncatedToSeconds: ISOTimestamp { ISOTimestamp(unchecked: seconds * 1_000_000) }

    /// The UTC day, `YYYY-MM-DD`.
    public var day: String { String(text.prefix(10)) }

    /// The canonical text (see the type's documentation).
    public var text: String {
        let (seconds, micro) = Self.floorDivision(microseconds, 1_000_000)
        let (dayNumber, secondOfDay) = Self.floorDivision(seconds, 86_400)
        let (year, month, day) = Self.civilDate(fromDays: dayNumber)
        var fraction = micro
        var fractionDigits = fraction == 0 ? 0 : 6
        while fractionDigits > 0 && fraction % 10 == 0 {
            fraction /= 10
            fractionDigits -= 1
        }
        let length = 20 + (fractionDigits > 0 ? fractionDigits + 1 : 0)
        return String(unsafeUninitializedCapacity: length) { buffer in
            var position = 0
            func put(_ value: Int64, _ width: Int) {
                var value = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    buffer[position + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                position += width
            }
            func put(_ character: Unicode.Scalar) {
                buffer[position] = UInt8(ascii: character)
                position += 1
            }
            put(Int64(year), 4); put("-"); put(Int64(month), 2); put("-"); put(Int64(day), 2); put("T")
            put(secondOfDay / 3_600, 2); put(":"); put(secondOfDay / 60 % 60, 2); put(":"); put(secondOfDay % 60, 2)
            if fractionDigits > 0 {
                put(".")
                put(fraction, fractionDigits)
            }
            put("Z")
            return position
        }
    }

    /// The canonical text.
    public var description: String { text }

    public static func < (lhs: ISOTimestamp, rhs: ISOTimestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    private init(unchecked microseconds: Int64) { self.microseconds = microseconds }

    // MARK: - Reading

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, zoneless: ZonelessInput) -> Int64? {
        var reader = DigitReader(bytes: bytes)
        guard let year = reader.number(digits: 4), reader.skip(UInt8(ascii: "-")), let month = reader.number(digits: 2),
              reader.skip(UInt8(ascii: "-")), let day = reader.number(digits: 2), isValid(year: year, month: month, day: day)
        else { return nil }
        let days = days(fromYear: year, month: month, day: day)
        if reader.atEnd {
            guard zoneless == .utc else { return nil }
            return days * 86_400_000_000
        }
        guard reader.skip(where: { $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: "t") || $0 == UInt8(ascii: " ") }),
              let hour = reader.number(digits: 2), hour <= 23, reader.skip(UInt8(ascii: ":")),
              let minute = reader.number(digits: 2), minute <= 59
        else { return nil }
        var second = 0
        var micro: Int64 = 0
        if reader.skip(UInt8(ascii: ":")) {
            guard let value = reader.number(digits: 2), value <= 59 else { return nil }
            second = value
            if reader.skip(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }) {
                guard let fraction = reader.fraction() else { return nil }
                micro = fraction
            }
        }
        let offset: Int
        if reader.atEnd {
            guard zoneless == .utc else { return nil }
            offset = 0
        } else {
            guard let zone = reader.zoneOffset(), reader.atEnd else { return nil }
            offset = zone
        }
        let seconds = days * 86_400 + Int64(hour * 3_600 + minute * 60 + second - offset)
        let result = seconds * 1_000_000 + micro
        return range.contains(result) ? result : nil
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, after Howard Hinnant's algorithms)

    /// True for a real calendar day written `YYYY-MM-DD` (years 0001–9999).
    public static func isCalendarDate(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var reader = DigitReader(bytes: bytes)
            guard bytes.count == 10, let year = reader.number(digits: 4), reader.skip(UInt8(ascii: "-")),
                  let month = reader.number(digits: 2), reader.skip(UInt8(ascii: "-")), let day = reader.number(digits: 2)
            else { return false }
            return isValid(year: year, month: month, day: day)
        }
    }

    /// True when the day exists: years 1–9999, months 1–12, days up to the month's length.
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return false }
        return day <= daysInMonth(year, month)
    }

    /// The number of days of a month.
    public static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    public static func days(fromYear year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01.
    public static func civilDate(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }
}

/// A cursor over the bytes of a timestamp.
private struct DigitReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    var atEnd: Bool { position == bytes.count }

    /// Exactly `digits` decimal digits.
    mutating func number(digits: Int) -> Int? {
        guard position + digits <= bytes.count else { return nil }
        var value = 0
        for _ in 0..<digits {
            let byte = bytes[position]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            position += 1
        }
        return value
    }

    /// One or more digits after the decimal point, as microseconds (digits past the sixth
    /// dropped).
    mutating func fraction() -> Int64? {
        var value: Int64 = 0
        var count = 0
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            if count < 6 { value = value * 10 + Int64(bytes[position] - UInt8(ascii: "0")) }
            count += 1
            position += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<max(count, 6) { value *= 10 }
        return value
    }

    /// `Z`, `±HH`, `±HHMM` or `±HH:MM`, as seconds east of UTC.
    mutating func zoneOffset() -> Int? {
        if skip(where: { $0 == UInt8(ascii: "Z") || $0 == UInt8(ascii: "z") }) { return 0 }
        guard position < bytes.count else { return nil }
        let sign: Int
        switch bytes[position] {
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"): sign = -1
        default: return nil
        }
        position += 1
        guard let hours = number(digits: 2), hours <= 23 else { return nil }
        var minutes = 0
        if !atEnd {
            _ = skip(UInt8(ascii: ":"))
            guard let value = number(digits: 2), value <= 59 else { return nil }
            minutes = value
        }
        return sign * (hours * 3_600 + minutes * 60)
    }

    mutating func skip(_ byte: UInt8) -> Bool {
        skip(where: { $0 == byte })
    }

    mutating func skip(where matches: (UInt8) -> Bool) -> Bool {
        guard position < bytes.count, matches(bytes[position]) else { return false }
        position += 1
        return true
    }
}
