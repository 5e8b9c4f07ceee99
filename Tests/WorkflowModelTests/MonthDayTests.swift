import Testing
import WorkflowModel

@Suite struct MonthDayTests {
    @Test func parsesMonthDays() throws {
        #expect(try MonthDay.parseList("1 15") == [1, 15])
        #expect(try MonthDay.parseList("31,1, 1") == [31, 1])
    }

    @Test(arguments: [
        ("1 32", "'32' is not a day of the month; write numbers from 1 to 31", 2),
        ("0", "'0' is not a day of the month; write numbers from 1 to 31", 0),
        ("1 +5", "'+5' is not a day of the month; write numbers from 1 to 31", 2),
        ("first", "'first' is not a day of the month; write numbers from 1 to 31", 0),
        ("", "no days given; write days of the month such as '1 15'", 0),
    ])
    func reportsTheBadMonthDay(text: String, message: String, offset: Int) {
        #expect {
            try MonthDay.parseList(text)
        } throws: { error in
            (error as? ScheduleError) == ScheduleError(message, at: offset)
        }
    }
}
