import Foundation

/// The three date formats of the APIs, written by hand from Unix time (no formatter, no locale):
/// they are on every user of every follower page.
enum Timestamps {
    /// v1.1: `Wed Oct 10 20:19:24 +0000 2018`.
    static func twitterV1(_ date: Date) -> String {
        let parts = Parts(date)
        return "\(weekdays[parts.weekday]) \(months[parts.month - 1]) \(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000 \(parts.year)"
    }

    /// v2: `2018-10-10T20:19:24.000Z`.
    static func iso8601Milliseconds(_ date: Date) -> String {
        let parts = Parts(date)
        return "\(parts.year)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)).000Z"
    }

    /// Graph: `2026-11-26T08:00:00+0000`.
    static func graph(_ date: Date) -> String {
        let parts = Parts(date)
        return "\(parts.year)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))+0000"
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func two(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }

    /// The UTC calendar fields of an instant (whole seconds, rounded down).
    private struct Parts {
        var year, month, day, hour, minute, second, weekday: Int

        init(_ date: Date) {
            let seconds = Int(date.timeIntervalSince1970.rounded(.down))
            var days = seconds / 86_400
            var rest = seconds % 86_400
            if rest < 0 {
                rest += 86_400
                days -= 1
            }
            hour = rest / 3_600
            minute = rest % 3_600 / 60
            second = rest % 60
            weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
            // Howard Hinnant's civil_from_days.
            let z = days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let dayOfEra = z - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let monthIndex = (5 * dayOfYear + 2) / 153
            day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
            month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        }
    }
}
