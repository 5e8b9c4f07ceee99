import Foundation

/// Wall-clock arithmetic in one IANA zone, in whole seconds since 1970: which local day a wall time
/// falls on, and which instant a wall time is (or stands for, when daylight saving time skips or
/// repeats it). Days are proleptic Gregorian, the zone's offsets come from Foundation's time zone
/// database.
struct ScheduleClock {
    /// A local calendar day.
    struct Day {
        /// Days since 1970-01-01.
        var number: Int64
        var year: Int
        var month: Int
        var day: Int
        var weekday: Weekday

        init(number: Int64) {
            self.number = number
            (year, month, day) = ISOTimestamp.civilDate(fromDays: number)
            // 1970-01-01 was a Thursday (ISO 4).
            weekday = Weekday(rawValue: Int(Self.floorMod(number + 3, 7)) + 1)!
        }

        static func floorMod(_ value: Int64, _ divisor: Int64) -> Int64 {
            let remainder = value % divisor
            return remainder < 0 ? remainder + divisor : remainder
        }
    }

    /// 0001-01-01T00:00:00Z, the first instant wfrun writes.
    static let firstSecond = ISOTimestamp.days(fromYear: 1, month: 1, day: 1) * 86_400
    /// 9999-12-31T23:59:59Z, the last one.
    static let lastSecond = ISOTimestamp.days(fromYear: 9999, month: 12, day: 31) * 86_400 + 86_399
    /// How far a search for the next wall-clock fire goes: eight years covers a 29 February
    /// across a century that skips one (2096 → 2104).
    static let searchDays: Int64 = 8 * 366 + 1
    /// The largest backwards jump of a zone's clocks that the search allows for; real
    /// fall-back transitions are one hour (two in a few historical cases).
    static let largestFallBack: Int64 = 3 * 3_600

    let timeZone: TimeZone

    /// Seconds east of UTC at `instant`.
    func offset(at instant: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
    }

    /// The zone's standard offset at `instant`: its offset without daylight saving time.
    func standardOffset(at instant: Int64) -> Int64 {
        let date = Date(timeIntervalSince1970: Double(instant))
        return Int64(timeZone.secondsFromGMT(for: date)) - Int64(timeZone.daylightSavingTimeOffset(for: date).rounded())
    }

    /// The first instant after `after` that is a whole multiple of `period` seconds counted from
    /// 1970-01-01 00:00 in the zone's standard time: `every` rules count elapsed time, so their
    /// interval never changes with daylight saving time, and in the zone's standard time (winter)
    /// `every hours="6"` falls on 00:00, 06:00, 12:00 and 18:00.
    func nextMultiple(of period: Int64, after: Int64) -> Int64 {
        let shift = standardOffset(at: after)
        let local = after + shift
        let remainder = Day.floorMod(local, period)
        return local - remainder + period - shift
    }

    /// The first instant after `after` at which one of the wall times `times(day)` gives (minutes
    /// since local midnight, increasing) occurs, searching `searchDays` days; nil if none.
    func firstWallTime(after: Int64, times: (Day) -> [Int]) -> Int64? {
        // A wall time more than the largest fall-back before the wall clock at `after` occurred
        // before `after`; wall times map to instants in the same order, so the first one that
        // maps past `after` is the answer.
        let lowest = after + offset(at: after) - Self.largestFallBack
        // A wall time stands for an instant at most `wall - offset` for the smallest offset in
        // force near it; at or below `after` plus that offset it cannot come after `after`, so
        // it is skipped without asking the zone (a minutely cron skips up to three hours of them).
        let smallestNearOffset = [after - 2 * 86_400, after, after + 2 * 86_400].map(offset(at:)).min()!
        let certainlyPast = after + smallestNearOffset
        let firstDay = Self.dayNumber(of: lowest)
        for number in firstDay...(firstDay + Self.searchDays) {
            let day = Day(number: number)
            for minute in times(day) {
                let wall = number * 86_400 + Int64(minute) * 60
                guard wall >= lowest, wall > certainlyPast else { continue }
                let instant = self.instant(ofWall: wall)
                if instant > after { return instant }
            }
            if number * 86_400 > Self.lastSecond + 86_400 { return nil }
        }
        return nil
    }

    /// The instant a wall time (seconds since 1970 on the local clock) stands for: the instant
    /// itself when it occurs once; its first occurrence when the clocks go back and it occurs
    /// twice; the end of the gap (the first instant after it) when the clocks go forward over it.
    func instant(ofWall wall: Int64) -> Int64 {
        // The offsets a day either side cover any one transition near the wall time.
        let before = offset(at: wall - 86_400)
        let after = offset(at: wall + 86_400)
        if before == after { return wall - before }
        // The larger offset gives the earlier instant: the first occurrence when both are valid.
        for candidate in [max(before, after), min(before, after)] where offset(at: wall - candidate) == candidate {
            return wall - candidate
        }
        // Neither is valid: the clocks went forward over the wall time. The transition lies after
        // `wall - after` (still on the old offset) and at or before `wall - before`.
        var low = wall - after
        var high = wall - before
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(at: middle) == before { low = middle } else { high = middle }
        }
        return high
    }

    /// The local day a local wall time (seconds since 1970 on the local clock) falls on.
    static func dayNumber(of wall: Int64) -> Int64 {
        (wall - Day.floorMod(wall, 86_400)) / 86_400
    }
}
