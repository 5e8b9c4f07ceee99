import Foundation

extension Schedule {
    /// An instant as ISO-8601 wall-clock text in the schedule's zone, to the second, with that
    /// zone's offset at the instant: `2027-03-28T03:00:00+02:00`. `status` and `schedule` print it
    /// beside the UTC text (`ISOTimestamp`).
    public func localText(of instant: Date) -> String {
        let clock = ScheduleClock(timeZone: timeZone)
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
        let offset = clock.offset(at: seconds)
        let wall = seconds + offset
        let day = ScheduleClock.Day(number: ScheduleClock.dayNumber(of: wall))
        let secondOfDay = Int(wall - day.number * 86_400)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = String(repeating: "0", count: max(0, 4 - String(day.year).count)) + String(day.year)
        let sign = offset < 0 ? "-" : "+"
        let offsetMinutes = Int(abs(offset)) / 60
        return "\(year)-\(two(day.month))-\(two(day.day))T\(two(secondOfDay / 3_600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
            + "\(sign)\(two(offsetMinutes / 60)):\(two(offsetMinutes % 60))"
    }
}
