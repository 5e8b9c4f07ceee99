import Testing
import WorkflowModel

@Suite struct WeekdayTests {
    @Test(arguments: [
        ("monday", Weekday.monday), ("Thursday", .thursday), ("SUNDAY", .sunday),
        ("mon", .monday), ("Thu", .thursday), ("sat", .saturday),
    ])
    func readsNamesAndAbbreviations(name: String, day: Weekday) {
        #expect(Weekday(name: name) == day)
    }

    @Test(arguments: ["", "mo", "thurs", "monday "])
    func refusesOtherNames(name: String) {
        #expect(Weekday(name: name) == nil)
    }

    @Test func parsesLists() throws {
        #expect(try Weekday.parseList("monday thursday") == [.monday, .thursday])
        #expect(try Weekday.parseList("  fri,mon  sun ") == [.friday, .monday, .sunday])
        #expect(try Weekday.parseList("tue tuesday TUE") == [.tuesday])
    }

    @Test(arguments: [
        ("monday someday", "'someday' is not a day of the week; write monday … sunday or mon … sun", 7),
        ("monday funday", "'funday' is not a day of the week; did you mean 'sunday'?", 7),
        ("thurday", "'thurday' is not a day of the week; did you mean 'thursday'?", 0),
        ("mon,  xyz", "'xyz' is not a day of the week; write monday … sunday or mon … sun", 6),
        ("", "no days given; write day names such as 'monday thursday'", 0),
        (" , ", "no days given; write day names such as 'monday thursday'", 0),
    ])
    func reportsTheBadWord(text: String, message: String, offset: Int) {
        #expect {
            try Weekday.parseList(text)
        } throws: { error in
            (error as? ScheduleError) == ScheduleError(message, at: offset)
        }
    }

    @Test func numbersTheDays() {
        #expect(Weekday.sunday.cronNumber == 0)
        #expect(Weekday.monday.cronNumber == 1)
        #expect(Weekday(cronNumber: 7) == .sunday)
        #expect(Weekday(cronNumber: 0) == .sunday)
        #expect(Weekday(cronNumber: 8) == nil)
        #expect(Weekday(calendarWeekday: 1) == .sunday)
        #expect(Weekday(calendarWeekday: 5) == .thursday)
        #expect(Weekday.thursday.abbreviation == "thu")
        #expect(Weekday.thursday.name == "thursday")
    }
}
