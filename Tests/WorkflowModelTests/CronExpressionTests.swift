import Testing
import WorkflowModel

@Suite struct CronExpressionTests {
    @Test func parsesEveryFieldForm() throws {
        let cron = try CronExpression(parsing: "*/15 9-17/4 1,15 jan-mar,DEC mon-fri")
        #expect(cron.minutes == [0, 15, 30, 45])
        #expect(cron.hours == [9, 13, 17])
        #expect(cron.daysOfMonth == [1, 15])
        #expect(cron.months == [1, 2, 3, 12])
        #expect(cron.daysOfWeek == [1, 2, 3, 4, 5])
        #expect(cron.restrictsDayOfMonth)
        #expect(cron.restrictsDayOfWeek)
        #expect(cron.description == "*/15 9-17/4 1,15 jan-mar,DEC mon-fri")
    }

    @Test func starsCoverTheRange() throws {
        let cron = try CronExpression(parsing: "* * * * *")
        #expect(cron.minutes.count == 60)
        #expect(cron.hours.count == 24)
        #expect(cron.daysOfMonth == Set(1...31))
        #expect(cron.months == Set(1...12))
        #expect(cron.daysOfWeek == Set(0...6))
        #expect(!cron.restrictsDayOfMonth)
        #expect(!cron.restrictsDayOfWeek)
    }

    @Test(arguments: [
        ("0", [0]), ("7", [0]), ("5-7", [5, 6, 0]), ("sun", [0]), ("SAT", [6]), ("*/2", [0, 2, 4, 6]),
    ] as [(String, Set<Int>)])
    func sundayIsZeroOrSeven(field: String, expected: Set<Int>) throws {
        #expect(try CronExpression(parsing: "0 0 * * \(field)").daysOfWeek == expected)
    }

    @Test func toleratesExtraSpaces() throws {
        #expect(try CronExpression(parsing: "  30\t7 *  * thu ").hours == [7])
    }

    @Test(arguments: [
        // 30 7 * * thu: Thursdays at 07:30.
        ("30 7 * * thu", 30, 7, 26, 11, Weekday.thursday, true),
        ("30 7 * * thu", 30, 7, 27, 11, .friday, false),
        ("30 7 * * thu", 31, 7, 26, 11, .thursday, false),
        ("30 7 * * thu", 30, 8, 26, 11, .thursday, false),
        // Both day fields restricted: either one fires.
        ("0 6 1 * mon", 0, 6, 1, 5, .friday, true),
        ("0 6 1 * mon", 0, 6, 4, 5, .monday, true),
        ("0 6 1 * mon", 0, 6, 5, 5, .tuesday, false),
        // Only one restricted: both must match (the star matches everything).
        ("0 6 1 * *", 0, 6, 1, 5, .friday, true),
        ("0 6 1 * *", 0, 6, 2, 5, .friday, false),
        ("0 6 */2 * mon", 0, 6, 3, 5, .monday, true),
        ("0 6 */2 * mon", 0, 6, 3, 5, .tuesday, false),
        ("0 6 */2 * mon", 0, 6, 4, 5, .monday, false),
        // Month.
        ("0 0 1 jan *", 0, 0, 1, 1, .thursday, true),
        ("0 0 1 jan *", 0, 0, 1, 2, .sunday, false),
    ])
    func matches(
        expression: String, minute: Int, hour: Int, day: Int, month: Int, weekday: Weekday, expected: Bool
    ) throws {
        let cron = try CronExpression(parsing: expression)
        #expect(cron.matches(minute: minute, hour: hour, day: day, month: month, weekday: weekday) == expected)
    }

    @Test(arguments: [
        ("30 25 * * *", "hour field '25' is out of range 0–23", 3),
        ("60 * * * *", "minute field '60' is out of range 0–59", 0),
        ("* * 0 * *", "day-of-month field '0' is out of range 1–31", 4),
        ("* * * 13 *", "month field '13' is out of range 1–12", 6),
        ("* * * * 8", "day-of-week field '8' is out of range 0–7", 8),
        ("0 1,25 * * *", "hour field '25' is out of range 0–23", 4),
        ("0 1-25 * * *", "hour field '25' is out of range 0–23", 2),
        ("* * * * thurs", "day-of-week field 'thurs' is not a number or a name (sun … sat)", 8),
        ("* * * foo *", "month field 'foo' is not a number or a name (jan … dec)", 6),
        ("x * * * *", "minute field 'x' is not a number", 0),
        ("*/0 * * * *", "minute field '*/0' has a step of 0; the step must be 1 or more", 0),
        ("* 17-9 * * *", "hour field '17-9' runs backwards; write the smaller value first", 2),
        ("1,,2 * * * *", "minute field '1,,2' has an empty list item; remove the extra comma", 2),
        ("* * * * 1-", "day-of-week field '1-' is not valid; write *, */n, a, a-b, a-b/n or a comma list of those", 8),
        ("5/2 * * * *", "minute field '5/2' is not valid; write *, */n, a, a-b, a-b/n or a comma list of those", 0),
        ("*/x * * * *", "minute field '*/x' is not valid; write *, */n, a, a-b, a-b/n or a comma list of those", 0),
        ("1-2-3 * * * *", "minute field '1-2-3' is not valid; write *, */n, a, a-b, a-b/n or a comma list of those", 0),
        ("* * * *", "a cron expression has 5 fields (minute hour day-of-month month day-of-week), got 4", 0),
        ("0 0 * * * *", "a cron expression has 5 fields (minute hour day-of-month month day-of-week), got 6", 0),
        ("", "a cron expression has 5 fields (minute hour day-of-month month day-of-week), got 0", 0),
    ])
    func reportsTheBadField(text: String, message: String, offset: Int) {
        #expect {
            try CronExpression(parsing: text)
        } throws: { error in
            (error as? ScheduleError) == ScheduleError(message, at: offset)
        }
    }
}
