import Foundation
import Testing
import WorkflowModel

/// wfrun's one timestamp type: which texts it reads (the calendar checked strictly), what a
/// text without a zone means under each option, and its one canonical form.
@Suite("ISO timestamps")
struct ISOTimestampTests {
    /// Text, then the canonical form when read with `zoneless: .refused`.
    @Test(arguments: [
        ("2026-11-27T06:40:00Z", "2026-11-27T06:40:00Z"),
        ("2026-11-27t06:40:00z", "2026-11-27T06:40:00Z"),
        ("2026-11-27 06:40:00Z", "2026-11-27T06:40:00Z"),
        ("2026-11-27T07:40:00+01:00", "2026-11-27T06:40:00Z"),
        ("2026-11-27T07:40:00+0100", "2026-11-27T06:40:00Z"),
        ("2026-11-27T07:40:00+01", "2026-11-27T06:40:00Z"),
        ("2026-11-27T01:10:00-05:30", "2026-11-27T06:40:00Z"),
        ("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z"),
        ("2026-11-27T06:40:00+23:59", "2026-11-26T06:41:00Z"),
        ("2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"),
        ("2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z"),
        ("2024-02-29T23:59:59.999999-00:30", "2024-03-01T00:29:59.999999Z"),
        ("2026-11-27T06:40:00.000Z", "2026-11-27T06:40:00Z"),
        ("2026-11-27T06:40:00.5Z", "2026-11-27T06:40:00.5Z"),
        ("2026-11-27T06:40:00,25Z", "2026-11-27T06:40:00.25Z"),
        ("2026-11-27T06:40:00.1234567Z", "2026-11-27T06:40:00.123456Z"),
        ("2026-11-27T06:40Z", "2026-11-27T06:40:00Z"),
        ("2026-11-27T23:59:59Z", "2026-11-27T23:59:59Z"),
        ("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.5Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z"),
    ])
    func accepts(text: String, canonical: String) {
        #expect(ISOTimestamp(parsing: text, zoneless: .refused)?.text == canonical)
        #expect(ISOTimestamp(parsing: text, zoneless: .utc)?.text == canonical)
    }

    @Test(arguments: [
        "", "yesterday", "2026-02-31T00:00:00Z", "2026-04-31T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "0000-01-01T00:00:00Z",
        "2026-11-27T24:00:00Z", "2026-11-27T23:59:60Z", "2026-11-27T06:60:00Z", "2026-11-27T6:40:00Z",
        "2026-11-27T06:40:00.Z", "2026-11-27T06:40:00Z ", " 2026-11-27T06:40:00Z", "2026-11-27T06:40:00+24:00",
        "2026-11-27T06:40:00+01:60", "2026-11-27T06:40:00+1", "2026-11-27T06:40:00+01:", "2026-11-27T06:40:00 +01:00",
        "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-00:01", "2026-1-27T06:40:00Z", "Wed Oct 10 20:19:24 +0000 2018",
        "2026-11-27T06:40:00Zulu", "2026-11-27T06:40:00.5.5Z",
    ])
    func refuses(text: String) {
        #expect(ISOTimestamp(parsing: text, zoneless: .refused) == nil)
        #expect(ISOTimestamp(parsing: text, zoneless: .utc) == nil)
    }

    @Test(arguments: [
        ("2026-11-27T06:40:00", "2026-11-27T06:40:00Z"),
        ("2026-11-27 06:40", "2026-11-27T06:40:00Z"),
        ("2026-11-27T06:40:00.25", "2026-11-27T06:40:00.25Z"),
        ("2024-02-29", "2024-02-29T00:00:00Z"),
    ])
    func zonelessTextIsUTCOrRefusedAsTheCallerSays(text: String, utc: String) {
        #expect(ISOTimestamp(parsing: text, zoneless: .utc)?.text == utc)
        #expect(ISOTimestamp(parsing: text, zoneless: .refused) == nil)
    }

    @Test func datesRoundTripToTheMicrosecond() {
        let date = Date(timeIntervalSince1970: 1_795_000_000.25)
        #expect(ISOTimestamp(date).text == "2026-11-18T11:06:40.25Z")
        #expect(ISOTimestamp(parsing: "2026-11-18T11:06:40.25Z", zoneless: .refused)?.date == date)
        #expect(ISOTimestamp(date).truncatedToSeconds.text == "2026-11-18T11:06:40Z")
        #expect(ISOTimestamp(date).day == "2026-11-18")
        #expect(ISOTimestamp(date).seconds == 1_795_000_000)
        #expect(ISOTimestamp(Date(timeIntervalSince1970: -0.5)).seconds == -1)
    }

    /// The hot-path form reads exactly what the type reads and gives the same text.
    @Test(arguments: [
        "2018-10-10T20:19:24.000Z", "2018-10-10T20:19:24Z", "2018-10-10t20:19:24Z", "2018-10-10 20:19:24.000Z",
        "2018-10-10T20:19:24.500Z", "2018-10-10T22:19:24.000+02:00", "2018-10-10T20:19:24.0001Z", "2018-02-31T20:19:24.000Z",
        "2018-10-10T24:00:00.000Z", "2018-10-10T20:19:24", "2018-10-10T20:19:24.00Z", "yesterday, at noon!!",
    ])
    func canonicalTextAgreesWithTheType(text: String) {
        var bytes = text
        let fast = bytes.withUTF8 { ISOTimestamp.canonicalText(parsing: $0, zoneless: .utc) }
        #expect(fast == ISOTimestamp(parsing: text, zoneless: .utc)?.text)
    }

    @Test func anyDateHasAText() {
        #expect(ISOTimestamp(Date(timeIntervalSince1970: 1e300)).text == "9999-12-31T23:59:59.999999Z")
        #expect(ISOTimestamp(Date(timeIntervalSince1970: -1e300)).text == "0001-01-01T00:00:00Z")
        #expect(ISOTimestamp(Date(timeIntervalSince1970: .nan)).text == "1970-01-01T00:00:00Z")
        #expect(ISOTimestamp(microseconds: -62_135_596_800_000_001) == nil)
    }

    @Test func fieldsAreCheckedByTheSameCalendar() {
        #expect(ISOTimestamp(year: 2018, month: 10, day: 10, hour: 22, minute: 19, second: 24, offsetSeconds: 7200)?.text == "2018-10-10T20:19:24Z")
        #expect(ISOTimestamp(year: 2026, month: 2, day: 31, hour: 0, minute: 0, second: 0) == nil)
        #expect(ISOTimestamp(year: 2023, month: 2, day: 29, hour: 0, minute: 0, second: 0) == nil)
        #expect(ISOTimestamp(year: 2024, month: 2, day: 29, hour: 0, minute: 0, second: 0) != nil)
        #expect(ISOTimestamp(year: 2026, month: 1, day: 1, hour: 24, minute: 0, second: 0) == nil)
        #expect(ISOTimestamp(year: 2026, month: 1, day: 1, hour: 23, minute: 59, second: 60) == nil)
    }

    @Test(arguments: [("2024-02-29", true), ("2023-02-29", false), ("2026-04-31", false), ("2026-4-01", false), ("2026-12-31", true)])
    func calendarDates(text: String, valid: Bool) {
        #expect(ISOTimestamp.isCalendarDate(text) == valid)
    }

    @Test func civilDaysRoundTrip() {
        for day in stride(from: Int64(-700_000), through: 2_900_000, by: 997) {
            let (year, month, dayOfMonth) = ISOTimestamp.civilDate(fromDays: day)
            #expect(ISOTimestamp.days(fromYear: year, month: month, day: dayOfMonth) == day)
        }
    }

    /// The expression `date()` reads what the shared type reads, a zone-less text as UTC.
    @Test(arguments: [
        ("date('2024-02-29T23:30:00-01:00')", ExpressionValue.string("2024-03-01")),
        ("date('2024-02-29 10:00')", "2024-02-29"),
        ("date('2024-02-29')", "2024-02-29"),
    ])
    func expressionDateReadsTheSharedType(source: String, expected: ExpressionValue) throws {
        let context = EvaluationContext(now: Date(timeIntervalSince1970: 0))
        #expect(try ExpressionEvaluator().evaluate(Expression(parsing: source), record: [:], context: context) == expected)
    }

    @Test(arguments: ["date('2026-02-31')", "date('2023-02-29T00:00:00Z')", "date('2026-11-27T24:00:00Z')", "date('2026-11-27T23:59:60Z')"])
    func expressionDateRefusesWhatTheSharedTypeRefuses(source: String) throws {
        let context = EvaluationContext(now: Date(timeIntervalSince1970: 0))
        #expect(throws: EvaluationError.self) {
            try ExpressionEvaluator().evaluate(Expression(parsing: source), record: [:], context: context)
        }
    }
}
