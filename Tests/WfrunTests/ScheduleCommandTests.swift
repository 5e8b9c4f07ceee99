import Foundation
import Testing

/// `wfrun schedule FILE --next N [--from ISO] [--json]` through the real executable: exact lines,
/// the JSON object, and every refusal (a bad count, a bad instant, no scheduler, an invalid file).
@Suite("wfrun schedule", .ownThread)
struct ScheduleCommandTests {
    static let folder = Fixtures.path("schedule")
    static let cli = Fixtures.path("cli")

    static func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    @Test("syncTwitter's next three Thursdays, in Paris time and in UTC, across the spring change")
    func syncTwitter() throws {
        let outcome = try WfrunProcess.run(
            ["schedule", "Workflows/syncTwitter.xml", "--next", "3", "--from", "2027-03-22T00:00:00Z"],
            workingDirectory: Repository.root.path)
        #expect(outcome.exitCode == 0, "\(outcome)")
        #expect(outcome.stderr == "", "\(outcome)")
        #expect(Self.lines(outcome.stdout) == [
            "syncTwitter: every Thursday at 07:30 (Europe/Paris)",
            "2027-03-25T07:30:00+01:00  2027-03-25T06:30:00Z",
            "2027-04-01T07:30:00+02:00  2027-04-01T05:30:00Z",
            "2027-04-08T07:30:00+02:00  2027-04-08T05:30:00Z",
            "",
        ], "\(outcome)")
    }

    @Test("02:30 in Paris fires at 03:00 on the night it does not exist, once on the night it happens twice")
    func nightlyAcrossBothChanges() throws {
        let spring = try WfrunProcess.run(
            ["schedule", "nightly-paris.xml", "--next", "3", "--from", "2027-03-26T13:00:00+01:00"], workingDirectory: Self.folder)
        #expect(spring.exitCode == 0, "\(spring)")
        #expect(Self.lines(spring.stdout) == [
            "nightly: every day at 02:30 (Europe/Paris)",
            "2027-03-27T02:30:00+01:00  2027-03-27T01:30:00Z",
            "2027-03-28T03:00:00+02:00  2027-03-28T01:00:00Z",
            "2027-03-29T02:30:00+02:00  2027-03-29T00:30:00Z",
            "",
        ], "\(spring)")
        let autumn = try WfrunProcess.run(
            ["schedule", "nightly-paris.xml", "--next=2", "--from=2027-10-30T12:00:00Z"], workingDirectory: Self.folder)
        #expect(autumn.exitCode == 0, "\(autumn)")
        #expect(Self.lines(autumn.stdout) == [
            "nightly: every day at 02:30 (Europe/Paris)",
            "2027-10-31T02:30:00+02:00  2027-10-31T00:30:00Z",
            "2027-11-01T02:30:00+01:00  2027-11-01T01:30:00Z",
            "",
        ], "\(autumn)")
    }

    @Test("--json prints one object with the schedule and each fire in local time and UTC")
    func json() throws {
        let outcome = try WfrunProcess.run(
            ["schedule", "nightly-paris.xml", "--next", "2", "--from", "2027-03-27T02:00:00Z", "--json"], workingDirectory: Self.folder)
        #expect(outcome.exitCode == 0, "\(outcome)")
        #expect(outcome.stderr == "", "\(outcome)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput)) as? [String: Any], "\(outcome)")
        #expect(object["workflow"] as? String == "nightly")
        #expect(object["activity"] as? String == "night")
        #expect(object["timezone"] as? String == "Europe/Paris")
        #expect(object["missedRuns"] as? String == "skip")
        #expect(object["summary"] as? String == "every day at 02:30 (Europe/Paris)")
        #expect(object["from"] as? String == "2027-03-27T02:00:00Z")
        let fires = try #require(object["fires"] as? [[String: String]])
        #expect(fires == [
            ["local": "2027-03-28T03:00:00+02:00", "utc": "2027-03-28T01:00:00Z"],
            ["local": "2027-03-29T02:30:00+02:00", "utc": "2027-03-29T00:30:00Z"],
        ])
        #expect(Set(object.keys) == ["workflow", "activity", "timezone", "missedRuns", "summary", "from", "fires"])
    }

    @Test("without --from the fires start now; --next defaults to 5")
    func fromNow() throws {
        let before = Date()
        let outcome = try WfrunProcess.run(["schedule", "nightly-paris.xml", "--json"], workingDirectory: Self.folder)
        #expect(outcome.exitCode == 0, "\(outcome)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput)) as? [String: Any])
        let fires = try #require(object["fires"] as? [[String: String]])
        #expect(fires.count == 5)
        let first = try #require(fires.first?["utc"].flatMap { ISO8601DateFormatter().date(from: $0) })
        #expect(first > before && first <= before.addingTimeInterval(25 * 3_600), "\(outcome)")
    }

    @Test("--next takes 1 to 1000", arguments: ["0", "1001", "-1", "many", "1.5", "99999999999999999999"])
    func badCount(_ value: String) throws {
        let outcome = try WfrunProcess.run(["schedule", "nightly-paris.xml", "--next=\(value)"], workingDirectory: Self.folder)
        OptionBoundsTests.expectUsageError(outcome, value: value, option: "--next <n>", help: "How many fire times to print, 1 to 1000.")
    }

    @Test("--next 1000 prints a thousand fires")
    func largestCount() throws {
        let outcome = try WfrunProcess.run(
            ["schedule", "nightly-paris.xml", "--next", "1000", "--from", "2027-01-01T00:00:00Z"], workingDirectory: Self.folder)
        #expect(outcome.exitCode == 0, "\(outcome)")
        let lines = Self.lines(outcome.stdout)
        #expect(lines.count == 1_002, "\(outcome)")
        #expect(lines.dropLast().last == "2029-09-26T02:30:00+02:00  2029-09-26T00:30:00Z")
    }

    @Test("--from needs an ISO-8601 instant with its zone", arguments: [
        "2027-03-28T00:00:00", "2027-03-28", "yesterday", "2027-02-30T00:00:00Z", "2027-03-28T24:00:00Z", "1e9",
    ])
    func badFrom(_ value: String) throws {
        let outcome = try WfrunProcess.run(["schedule", "nightly-paris.xml", "--from=\(value)"], workingDirectory: Self.folder)
        #expect(outcome.exitCode == 2, "\(outcome)")
        #expect(Self.lines(outcome.stderr).first == "Error: The value '\(value)' is invalid for '--from <instant>'", "\(outcome)")
        #expect(outcome.stdout.isEmpty, "\(outcome)")
    }

    @Test("a workflow without a scheduler is refused, exit 2")
    func noScheduler() throws {
        let outcome = try WfrunProcess.run(["schedule", "tiny.xml"], workingDirectory: Self.cli)
        #expect(outcome.exitCode == 2, "\(outcome)")
        #expect(outcome.stdout.isEmpty, "\(outcome)")
        #expect(outcome.stderr == "wfrun: tiny.xml has no <scheduler>, so it never fires on its own; add one to schedule it\n", "\(outcome)")
    }

    @Test("a file with errors is reported with its diagnostics, nothing printed, exit 2")
    func invalidFile() throws {
        let outcome = try WfrunProcess.run(["schedule", "dangling-transition.xml"], workingDirectory: Self.cli)
        #expect(outcome.exitCode == 2, "\(outcome)")
        #expect(outcome.stdout.isEmpty, "\(outcome)")
        #expect(outcome.stderr.hasPrefix("dangling-transition.xml:3:11: error: "), "\(outcome)")
        #expect(outcome.stderr.contains("[WF021]"), "\(outcome)")
        #expect(outcome.stderr.hasSuffix("wfrun: dangling-transition.xml has errors; fix them to preview its schedule\n"), "\(outcome)")
    }

    @Test("a bad cron expression is a diagnostic at its field, exit 2")
    func badCron() throws {
        let outcome = try WfrunProcess.run(["schedule", "bad-cron.xml"], workingDirectory: Self.folder)
        #expect(outcome.exitCode == 2, "\(outcome)")
        #expect(Self.lines(outcome.stderr).first == "bad-cron.xml:2:50: error: hour field '25' is out of range 0–23 [WF052]", "\(outcome)")
    }

    @Test("a second scheduler is refused at lint (WF054), exit 2")
    func twoSchedulers() throws {
        let outcome = try WfrunProcess.run(["schedule", "two-schedulers.xml"], workingDirectory: Self.folder)
        #expect(outcome.exitCode == 2, "\(outcome)")
        #expect(outcome.stdout.isEmpty, "\(outcome)")
        #expect(Self.lines(outcome.stderr).first
            == "two-schedulers.xml:3:3: error: 'evening' is a second <scheduler>; a workflow has one: move its rules into 'morning' [WF054]",
            "\(outcome)")
    }

    @Test("a cron for 31 February prints its summary and says no fire was found, exit 0")
    func neverFires() throws {
        let outcome = try WfrunProcess.run(
            ["schedule", "never.xml", "--next", "3", "--from", "2027-01-01T00:00:00Z"], workingDirectory: Self.folder)
        #expect(outcome.exitCode == 0, "\(outcome)")
        #expect(outcome.stdout == "never: cron '0 0 31 2 *' (UTC)\n", "\(outcome)")
        #expect(outcome.stderr == "wfrun: no fire within eight years after 2027-01-01T00:00:00Z\n", "\(outcome)")
        #expect(outcome.wallSeconds < 10, "\(outcome)")
    }
}
