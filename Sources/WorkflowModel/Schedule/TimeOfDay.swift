/// A wall-clock time, `HH:MM` in 24 hours, read in the scheduler's time zone.
public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 0–23.
    public var hour: Int
    /// 0–59.
    public var minute: Int

    /// Creates a time; `hour` must be 0–23 and `minute` 0–59.
    public init(hour: Int, minute: Int) {
        precondition((0...23).contains(hour) && (0...59).contains(minute), "invalid time \(hour):\(minute)")
        self.hour = hour
        self.minute = minute
    }

    /// Parses exactly `HH:MM`, two digits each, from `00:00` to `23:59`.
    public init(parsing text: String) throws(ScheduleError) {
        let scalars = Array(text.unicodeScalars)
        func number(_ range: Range<Int>) -> Int? {
            let digits = scalars[range]
            guard digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
            return digits.reduce(0) { $0 * 10 + Int($1.value - 48) }
        }
        guard scalars.count == 5, scalars[2] == ":", let hour = number(0..<2), let minute = number(3..<5),
            hour <= 23, minute <= 59
        else {
            throw ScheduleError("'\(text)' is not a valid time; write HH:MM between 00:00 and 23:59", at: 0)
        }
        self.init(hour: hour, minute: minute)
    }

    /// Minutes since midnight.
    public var minutesSinceMidnight: Int { hour * 60 + minute }

    /// `HH:MM`.
    public var description: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    /// Earlier times first.
    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool {
        lhs.minutesSinceMidnight < rhs.minutesSinceMidnight
    }
}
