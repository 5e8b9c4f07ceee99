import Foundation
import Testing
import WorkflowModel

/// A second opinion on `Schedule`'s daylight saving time arithmetic: around every transition of
/// 2026–2030 in three zones (northern and southern hemispheres), the next fire of a daily time is
/// the one Foundation's `Calendar.nextDate` gives with `.nextTime` (a skipped time moves to the end
/// of the gap) and `.first` (a repeated time at its first pass), for every half hour of the day
/// and starting points from a day before to hours after the transition. The one difference is by
/// design: when the first pass of a repeated time is already past, `Calendar` offers the second
/// pass, and a schedule does not fire twice for one wall time.
@Suite struct ScheduleCalendarAgreementTests {
    /// Hours from the transition; a quarter of an hour after a fall-back falls inside the repeated hour.
    static let startingPoints: [Double] = [-26, -22.5, -19, -15.5, -12, -8.5, -5, -1.5, 0.25, 2]

    @Test(arguments: ["Europe/Paris", "America/New_York", "America/Santiago"])
    func dailyTimesAgreeWithCalendar(_ zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var transitions: [Date] = []
        var cursor = ISOTimestamp(parsing: "2026-01-01T00:00:00Z", zoneless: .refused)!.date
        let end = ISOTimestamp(parsing: "2031-01-01T00:00:00Z", zoneless: .refused)!.date
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next < end {
            transitions.append(next)
            cursor = next
        }
        #expect(transitions.count == 10)
        var compared = 0
        var secondPasses = 0
        for hour in 0...23 {
            for minute in [0, 30] {
                let time = (hour < 10 ? "0" : "") + "\(hour):" + (minute == 0 ? "00" : "30")
                let schedule = try #require(try Schedule.of(ScheduleFireTimesTests.workflow(zone: zone, [("daily", ["time": time])])))
                for transition in transitions {
                    for hours in Self.startingPoints {
                        let from = transition.addingTimeInterval(hours * 3_600)
                        let fire = try #require(schedule.nextFire(after: from))
                        let expected = try #require(calendar.nextDate(
                            after: from, matching: DateComponents(hour: hour, minute: minute, second: 0),
                            matchingPolicy: .nextTime, repeatedTimePolicy: .first, direction: .forward))
                        compared += 1
                        if fire == expected { continue }
                        // Calendar's second pass of a repeated time, the first being at or before `from`.
                        let back = TimeInterval(timeZone.secondsFromGMT(for: expected.addingTimeInterval(-86_400)) - timeZone.secondsFromGMT(for: expected))
                        let firstPass = expected.addingTimeInterval(-back)
                        let isSecondPass = back > 0 && firstPass <= from
                            && schedule.localText(of: firstPass).prefix(19) == schedule.localText(of: expected).prefix(19)
                        secondPasses += 1
                        #expect(isSecondPass && fire > expected,
                                "\(zone) \(time) after \(ISOTimestamp(from)): \(ISOTimestamp(fire)), Calendar says \(ISOTimestamp(expected))")
                    }
                }
            }
        }
        #expect(compared == 48 * 10 * Self.startingPoints.count)
        #expect(secondPasses > 0, "the by-design difference was exercised")
    }
}
