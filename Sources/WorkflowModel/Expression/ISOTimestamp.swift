import Foundation

/// ISO-8601 timestamps in UTC, by arithmetic on the proleptic Gregorian calendar rather than a
/// formatter: exact, allocation-light, and the same on every platform.
public enum ISOTimestamp {
    /// `2026-11-27T06:40:00Z`: the instant, to the second (fractions dropped), in UTC.
    /// Instants outside the years 0001–9999 are clamped to those years' ends (NaN is 1970).
    public static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        let seconds = interval.isNaN ? 0 : Int64(min(max(interval.rounded(.down), -62_135_596_800), 253_402_300_799))
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let (year, month, day) = civilDate(fromDays: days)
        let time = "\(pad(Int(secondOfDay / 3600))):\(pad(Int(secondOfDay / 60 % 60))):\(pad(Int(secondOfDay % 60)))"
        return "\(dayString(year, month, day))T\(time)Z"
    }

    /// The UTC day, `YYYY-MM-DD`, of `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM|±HHMM]`
    /// (a space may stand for the `T`); a timestamp without a zone is read as UTC. `nil` when the
    /// text is not such a timestamp or names a day or time that does not exist.
    static func utcDay(of text: String) -> String? {
        var reader = Reader(Array(text.unicodeScalars))
        guard let year = reader.number(digits: 4), reader.skip("-"), let month = reader.number(digits: 2),
            reader.skip("-"), let day = reader.number(digits: 2),
            (1...12).contains(month), (1...daysInMonth(year, month)).contains(day)
        else { return nil }
        if reader.isAtEnd { return dayString(year, month, day) }
        guard reader.skip("T") || reader.skip("t") || reader.skip(" "),
            let hour = reader.number(digits: 2), reader.skip(":"), let minute = reader.number(digits: 2),
            hour <= 23, minute <= 59
        else { return nil }
        if reader.skip(":") {
            guard let second = reader.number(digits: 2), second <= 60 else { return nil }
            if reader.skip(".") || reader.skip(",") {
                guard reader.digits() > 0 else { return nil }
            }
        }
        var offsetMinutes = 0
        if reader.skip("Z") || reader.skip("z") {
            offsetMinutes = 0
        } else if !reader.isAtEnd {
            let sign: Int
            if reader.skip("+") { sign = 1 } else if reader.skip("-") { sign = -1 } else { return nil }
            guard let hours = reader.number(digits: 2) else { return nil }
            _ = reader.skip(":")
            guard let minutes = reader.number(digits: 2), hours <= 23, minutes <= 59 else { return nil }
            offsetMinutes = sign * (hours * 60 + minutes)
        }
        guard reader.isAtEnd else { return nil }
        let localMinutes = Int64(hour * 60 + minute) - Int64(offsetMinutes)
        let (dayShift, _) = floorDivision(localMinutes, 1440)
        let (y, m, d) = civilDate(fromDays: days(fromYear: year, month: month, day: day) + dayShift)
        return dayString(y, m, d)
    }

    // MARK: - Calendar arithmetic (Howard Hinnant's days_from_civil and civil_from_days)

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

    /// True for a real calendar day written `YYYY-MM-DD`.
    public static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month)
        else { return false }
        return (1...daysInMonth(year, month)).contains(day)
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func floorDivision(_ a: Int64, _ b: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = ((a % b) + b) % b
        return ((a - remainder) / b, remainder)
    }

    private static func dayString(_ year: Int, _ month: Int, _ day: Int) -> String {
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-\(pad(month))-\(pad(day))"
    }

    private static func pad(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    /// A cursor over the scalars of a timestamp.
    private struct Reader {
        let scalars: [Unicode.Scalar]
        var position = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var isAtEnd: Bool { position == scalars.count }

        mutating func skip(_ scalar: Unicode.Scalar) -> Bool {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
            return true
        }

        /// Exactly `digits` decimal digits.
        mutating func number(digits: Int) -> Int? {
            guard position + digits <= scalars.count else { return nil }
            var value = 0
            for scalar in scalars[position..<position + digits] {
                guard ("0"..."9").contains(scalar) else { return nil }
                value = value * 10 + Int(scalar.value - 48)
            }
            position += digits
            return value
        }

        /// Skips any run of digits and returns how many there were.
        mutating func digits() -> Int {
            let start = position
            while position < scalars.count, ("0"..."9").contains(scalars[position]) { position += 1 }
            return position - start
        }
    }
}
