import Foundation

/// Reads and writes the text forms of instants and dates the store uses: UTC ISO-8601 with
/// microseconds at most (`2026-11-27T06:40:00Z`, `2026-11-27T06:40:00.25Z`) and `YYYY-MM-DD`.
/// Hand-written rather than a `DateFormatter` because it runs for every value of every row.
enum ISOTimestamp {
    /// `text` as the store's canonical UTC form, or nil when it is not an ISO-8601 instant with a
    /// zone (`Z`, `+02:00`, `+0200`, `+02`). Seconds and a fraction are optional; digits past the
    /// microsecond are dropped.
    static func normalized(_ text: String) -> String? {
        microseconds(from: text).flatMap(string(microseconds:))
    }

    /// The canonical text of `date`, rounded to the microsecond.
    static func string(from date: Date) -> String {
        string(microseconds: Int64((date.timeIntervalSince1970 * 1_000_000).rounded())) ?? "0001-01-01T00:00:00Z"
    }

    /// The instant that canonical (or any accepted) text names.
    static func date(from text: String) -> Date? {
        microseconds(from: text).map { Date(timeIntervalSince1970: Double($0) / 1_000_000) }
    }

    /// True when `text` is a real calendar date written `YYYY-MM-DD`.
    static func isDate(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var reader = DigitReader(bytes: bytes)
            guard bytes.count == 10, let (year, month, day) = reader.calendarDate() else { return false }
            return isValid(year: year, month: month, day: day)
        }
    }

    /// Microseconds since 1970 of an accepted instant.
    static func microseconds(from text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes -> Int64? in
            var reader = DigitReader(bytes: bytes)
            guard let (year, month, day) = reader.calendarDate(), isValid(year: year, month: month, day: day),
                reader.skip(where: { $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: "t") || $0 == UInt8(ascii: " ") }),
                let hour = reader.number(digits: 2), hour < 24, reader.skip(UInt8(ascii: ":")),
                let minute = reader.number(digits: 2), minute < 60
            else { return nil }
            var second: Int64 = 0
            var micro: Int64 = 0
            if reader.skip(UInt8(ascii: ":")) {
                guard let value = reader.number(digits: 2), value < 60 else { return nil }
                second = value
                if reader.skip(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }) {
                    guard let fraction = reader.fraction() else { return nil }
                    micro = fraction
                }
            }
            guard let offset = reader.zoneOffset(), reader.atEnd else { return nil }
            let seconds = days(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second - offset
            return seconds * 1_000_000 + micro
        }
    }

    /// The canonical text of an instant given in microseconds since 1970; nil outside years 1–9999.
    static func string(microseconds: Int64) -> String? {
        let (seconds, micro) = floorDivision(microseconds, 1_000_000)
        let (dayNumber, secondOfDay) = floorDivision(seconds, 86_400)
        let (year, month, day) = civil(days: dayNumber)
        guard (1...9999).contains(year) else { return nil }
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
            put(year, 4); put("-"); put(month, 2); put("-"); put(day, 2); put("T")
            put(secondOfDay / 3_600, 2); put(":"); put(secondOfDay / 60 % 60, 2); put(":"); put(secondOfDay % 60, 2)
            if fractionDigits > 0 {
                put(".")
                put(fraction, fractionDigits)
            }
            put("Z")
            return position
        }
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, after Howard Hinnant's algorithms)

    static func isValid(year: Int64, month: Int64, day: Int64) -> Bool {
        guard year >= 1, (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let length: Int64 =
            switch month {
            case 2: leap ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        return day <= length
    }

    /// Days since 1970-01-01.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let year = month <= 2 ? year - 1 : year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date of a day since 1970-01-01.
    static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }
}

/// A cursor over the bytes of a timestamp.
private struct DigitReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    var atEnd: Bool { position == bytes.count }

    /// `YYYY-MM-DD`.
    mutating func calendarDate() -> (Int64, Int64, Int64)? {
        guard let year = number(digits: 4), skip(UInt8(ascii: "-")), let month = number(digits: 2),
            skip(UInt8(ascii: "-")), let day = number(digits: 2)
        else { return nil }
        return (year, month, day)
    }

    mutating func number(digits: Int) -> Int64? {
        guard position + digits <= bytes.count else { return nil }
        var value: Int64 = 0
        for _ in 0..<digits {
            let byte = bytes[position]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            position += 1
        }
        return value
    }

    /// One or more digits after the decimal point, as microseconds.
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
    mutating func zoneOffset() -> Int64? {
        if skip(where: { $0 == UInt8(ascii: "Z") || $0 == UInt8(ascii: "z") }) { return 0 }
        guard position < bytes.count else { return nil }
        let sign: Int64
        switch bytes[position] {
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"): sign = -1
        default: return nil
        }
        position += 1
        guard let hours = number(digits: 2), hours < 24 else { return nil }
        var minutes: Int64 = 0
        if !atEnd {
            _ = skip(UInt8(ascii: ":"))
            guard let value = number(digits: 2), value < 60 else { return nil }
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
