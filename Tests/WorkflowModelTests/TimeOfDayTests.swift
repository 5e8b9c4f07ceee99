import Testing
import WorkflowModel

@Suite struct TimeOfDayTests {
    @Test(arguments: [("00:00", 0, 0), ("07:30", 7, 30), ("23:59", 23, 59), ("12:05", 12, 5)])
    func parsesValidTimes(text: String, hour: Int, minute: Int) throws {
        let time = try TimeOfDay(parsing: text)
        #expect(time.hour == hour)
        #expect(time.minute == minute)
        #expect(time.description == text)
    }

    @Test(arguments: ["25:00", "24:00", "12:60", "7:00", "07:5", "0730", "07-30", "", "07:30 ", " 07:30", "ab:cd", "07:3x", "+7:30"])
    func refusesAnythingElse(text: String) {
        #expect {
            try TimeOfDay(parsing: text)
        } throws: { error in
            let error = error as? ScheduleError
            return error?.message == "'\(text)' is not a valid time; write HH:MM between 00:00 and 23:59"
                && error?.offset == 0
        }
    }

    @Test func ordersByTimeOfDay() throws {
        #expect(try TimeOfDay(parsing: "06:59") < TimeOfDay(parsing: "07:00"))
        #expect(TimeOfDay(hour: 7, minute: 30).minutesSinceMidnight == 450)
    }
}
