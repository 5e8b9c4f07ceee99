import Foundation
import Testing
@testable import WorkflowStore

@Suite("ISO timestamps")
struct ISOTimestampTests {
    @Test(arguments: [
        ("2026-11-27T06:40:00Z", "2026-11-27T06:40:00Z"),
        ("2026-11-27t06:40:00z", "2026-11-27T06:40:00Z"),
        ("2026-11-27T07:40:00+01:00", "2026-11-27T06:40:00Z"),
        ("2026-11-27T07:40:00+0100", "2026-11-27T06:40:00Z"),
        ("2026-11-27T07:40:00+01", "2026-11-27T06:40:00Z"),
        ("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z"),
        ("2024-02-29T23:59:59.999999-00:30", "2024-03-01T00:29:59.999999Z"),
        ("2026-11-27T06:40:00,5Z", "2026-11-27T06:40:00.5Z"),
        ("2026-11-27T06:40Z", "2026-11-27T06:40:00Z"),
        ("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.5Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
    ])
    func normalizes(text: String, expected: String) {
        #expect(ISOTimestamp.normalized(text) == expected)
    }

    @Test(arguments: [
        "", "2026-11-27", "2026-11-27T06:40:00", "2026-11-27T24:00:00Z", "2026-11-27T06:60:00Z",
        "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2026-11-27T06:40:00.Z", "2026-11-27T06:40:00Z ",
        "2026-11-27T06:40:00+25:00", "0001-01-01T00:00:00+01:00", "Wed Oct 10 20:19:24 +0000 2018",
    ])
    func refuses(text: String) {
        #expect(ISOTimestamp.normalized(text) == nil)
    }

    @Test func datesRoundTripToTheMicrosecond() {
        let date = Date(timeIntervalSince1970: 1_795_000_000.25)
        #expect(ISOTimestamp.string(from: date) == "2026-11-18T11:06:40.25Z")
        #expect(ISOTimestamp.date(from: "2026-11-18T11:06:40.25Z") == date)
    }

    @Test(arguments: [("2024-02-29", true), ("2023-02-29", false), ("2026-04-31", false), ("2026-4-01", false), ("2026-12-31", true)])
    func calendarDates(text: String, valid: Bool) {
        #expect(ISOTimestamp.isDate(text) == valid)
    }

    @Test func civilDaysRoundTrip() {
        for day in stride(from: Int64(-800_000), through: 3_000_000, by: 997) {
            let (year, month, dayOfMonth) = ISOTimestamp.civil(days: day)
            #expect(ISOTimestamp.days(year: year, month: month, day: dayOfMonth) == day)
        }
    }
}
