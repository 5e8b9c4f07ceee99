import Foundation
import WorkflowModel

/// Graph API timestamps (`2026-11-26T08:00:00+0000`) read as instants and written the way every
/// wfrun record writes time: ISO 8601 in UTC with a `Z` (`2026-11-26T08:00:00Z`).
enum GraphTime {
    /// The instant of `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HHMM|±HH:MM|±HH)`, or nil when the text is
    /// not such a timestamp.
    static func parse(_ text: String) -> Date? {
        let scalars = Array(text.unicodeScalars)
        var position = 0
        func number(_ digits: Int) -> Int? {
            guard position + digits <= scalars.count else { return nil }
            var value = 0
            for scalar in scalars[position..<position + digits] {
                guard ("0"..."9").contains(scalar) else { return nil }
                value = value * 10 + Int(scalar.value - 48)
            }
            position += digits
            return value
        }
        func skip(_ scalar: Unicode.Scalar) -> Bool {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
            return true
        }
        guard let year = number(4), skip("-"), let month = number(2), skip("-"), let day = number(2),
            skip("T") || skip(" "), let hour = number(2), skip(":"), let minute = number(2),
            (1...12).contains(month), (1...31).contains(day), hour <= 23, minute <= 59
        else { return nil }
        var second = 0
        if skip(":") {
            guard let value = number(2), value <= 60 else { return nil }
            second = value
            if skip(".") {
                while position < scalars.count, ("0"..."9").contains(scalars[position]) { position += 1 }
            }
        }
        var offsetMinutes = 0
        if skip("Z") || skip("z") {
            offsetMinutes = 0
        } else if position < scalars.count {
            let sign: Int
            if skip("+") { sign = 1 } else if skip("-") { sign = -1 } else { return nil }
            guard let hours = number(2), hours <= 23 else { return nil }
            _ = skip(":")
            let minutes = position < scalars.count ? number(2) : 0
            guard let minutes, minutes <= 59 else { return nil }
            offsetMinutes = sign * (hours * 60 + minutes)
        }
        guard position == scalars.count else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)),
            calendar.component(.day, from: date) == day
        else { return nil }
        return date.addingTimeInterval(Double(-offsetMinutes * 60))
    }

    /// `text` in wfrun's form (`…Z`, UTC, to the second); text that is not a timestamp is kept as
    /// it is rather than lost.
    static func normalized(_ text: String) -> String {
        parse(text).map(ISOTimestamp.format) ?? text
    }

    /// The instant at 00:00 UTC of a `YYYY-MM-DD` day (the `since` parameter), or nil.
    static func startOfDay(_ day: String) -> Date? {
        guard ISOTimestamp.isCalendarDate(day) else { return nil }
        return parse(day + "T00:00:00Z")
    }
}
