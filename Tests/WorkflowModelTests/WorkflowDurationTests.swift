import Testing
import WorkflowModel

@Suite struct WorkflowDurationTests {
    @Test(arguments: [
        ("250ms", Int64(250)), ("10s", 10_000), ("5m", 300_000), ("2h", 7_200_000), ("1d", 86_400_000), ("0s", 0),
        ("90s", 90_000),
    ])
    func parses(text: String, milliseconds: Int64) throws {
        #expect(try WorkflowDuration(parsing: text).milliseconds == milliseconds)
    }

    @Test(arguments: [
        ("10", 2), ("10x", 2), ("s", 0), ("", 0), ("-5s", 0), ("1.5s", 1), ("10 s", 2), ("10S", 2), ("5min", 1),
    ])
    func refusesOtherText(text: String, offset: Int) {
        #expect {
            try WorkflowDuration(parsing: text)
        } throws: { error in
            (error as? ScheduleError) == ScheduleError(
                "'\(text)' is not a valid duration; write a whole number and a unit: 250ms, 10s, 5m, 2h or 1d", at: offset)
        }
    }

    @Test(arguments: ["99999999999999999d", "99999999999999999999ms", "366d", "8761h", "31536000001ms"])
    func refusesMoreThanTheMaximum(text: String) {
        #expect(throws: ScheduleError("'\(text)' is longer than 365d, the longest duration wfrun accepts; write a shorter one", at: 0)) {
            try WorkflowDuration(parsing: text)
        }
    }

    @Test func acceptsTheMaximum() throws {
        #expect(try WorkflowDuration(parsing: "365d") == WorkflowDuration.maximum)
        #expect(try WorkflowDuration(parsing: "31536000000ms") == WorkflowDuration.maximum)
    }

    @Test(arguments: [(Int64(90_000), "90s"), (7_200_000, "2h"), (250, "250ms"), (86_400_000, "1d"), (0, "0d")])
    func describesInTheLargestExactUnit(milliseconds: Int64, text: String) {
        #expect(WorkflowDuration(milliseconds: milliseconds).description == text)
    }

    @Test func convertsToSwiftDuration() throws {
        #expect(try WorkflowDuration(parsing: "10s").swiftDuration == .seconds(10))
        #expect(try WorkflowDuration(parsing: "250ms").swiftDuration == .milliseconds(250))
        #expect(WorkflowDuration(2, .hours) == WorkflowDuration(milliseconds: 7_200_000))
        #expect(try WorkflowDuration(parsing: "59s") < WorkflowDuration(parsing: "1m"))
    }
}
