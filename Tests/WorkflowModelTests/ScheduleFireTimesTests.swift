import Foundation
import Testing
import WorkflowModel

/// `Schedule`'s fire instants, exactly: daylight saving time in both directions in Europe/Paris
/// and America/New_York (2027), 29 February, day 31, cron's two day fields, coinciding rules,
/// `every` across a transition, and a cron expression that never fires.
@Suite struct ScheduleFireTimesTests {
    /// A workflow whose one scheduler has these rules (element name and attributes).
    static func workflow(
        zone: String? = nil, missedRuns: String? = nil, _ rules: [(String, [String: String])], schedulers: Int = 1
    ) -> Workflow {
        let here = SourceLocation(file: "test.xml", line: 1, column: 1)
        func value(_ text: String) -> AttributeValue { AttributeValue(text: text, location: here, valueLocation: here) }
        var attributes: [String: AttributeValue] = [:]
        if let zone { attributes["timezone"] = value(zone) }
        if let missedRuns { attributes["missedRuns"] = value(missedRuns) }
        let settings = rules.map { ActivitySetting(element: $0.0, attributes: $0.1.mapValues(value), location: here) }
        let activities = (0..<schedulers).map { index in
            Activity(kind: .scheduler, name: index == 0 ? "schedule" : "schedule\(index + 1)", attributes: attributes,
                     settings: settings, location: here)
        } + [Activity(kind: .end, name: "end", location: here)]
        return Workflow(name: "test", activities: activities, location: here)
    }

    static func schedule(zone: String? = nil, _ rules: [(String, [String: String])]) throws -> Schedule {
        try #require(try Schedule.of(workflow(zone: zone, rules)))
    }

    static func instant(_ text: String) -> Date { ISOTimestamp(parsing: text, zoneless: .refused)!.date }

    static func texts(_ fires: [Date]) -> [String] { fires.map { ISOTimestamp($0).text } }

    /// Later than any fire (`Date.distantFuture` is in the year 4001).
    static let endOfTime = Date(timeIntervalSince1970: .infinity)

    static func fires(_ schedule: Schedule, from: String, count: Int) -> [String] {
        texts(schedule.fires(after: instant(from), through: endOfTime, limit: count))
    }

    // MARK: - Daylight saving time

    struct TransitionCase: Sendable, CustomTestStringConvertible {
        var zone: String
        var time: String
        var from: String
        var expected: [String]
        var testDescription: String { "\(zone) daily \(time) after \(from)" }
    }

    static let transitions: [TransitionCase] = [
        // Paris springs forward on 2027-03-28 at 01:00Z (02:00 CET → 03:00 CEST): 02:30 does not exist.
        TransitionCase(zone: "Europe/Paris", time: "02:30", from: "2027-03-26T12:00:00Z",
                       expected: ["2027-03-27T01:30:00Z", "2027-03-28T01:00:00Z", "2027-03-29T00:30:00Z"]),
        TransitionCase(zone: "Europe/Paris", time: "01:30", from: "2027-03-26T12:00:00Z",
                       expected: ["2027-03-27T00:30:00Z", "2027-03-28T00:30:00Z", "2027-03-28T23:30:00Z"]),
        // Paris falls back on 2027-10-31 at 01:00Z (03:00 CEST → 02:00 CET): 02:30 happens twice.
        TransitionCase(zone: "Europe/Paris", time: "02:30", from: "2027-10-29T12:00:00Z",
                       expected: ["2027-10-30T00:30:00Z", "2027-10-31T00:30:00Z", "2027-11-01T01:30:00Z"]),
        TransitionCase(zone: "Europe/Paris", time: "01:30", from: "2027-10-29T12:00:00Z",
                       expected: ["2027-10-29T23:30:00Z", "2027-10-30T23:30:00Z", "2027-11-01T00:30:00Z"]),
        // New York springs forward on 2027-03-14 at 07:00Z (02:00 EST → 03:00 EDT): 02:30 does not exist.
        TransitionCase(zone: "America/New_York", time: "02:30", from: "2027-03-12T12:00:00Z",
                       expected: ["2027-03-13T07:30:00Z", "2027-03-14T07:00:00Z", "2027-03-15T06:30:00Z"]),
        TransitionCase(zone: "America/New_York", time: "01:30", from: "2027-03-12T12:00:00Z",
                       expected: ["2027-03-13T06:30:00Z", "2027-03-14T06:30:00Z", "2027-03-15T05:30:00Z"]),
        // New York falls back on 2027-11-07 at 06:00Z (02:00 EDT → 01:00 EST): 01:30 happens twice.
        TransitionCase(zone: "America/New_York", time: "01:30", from: "2027-11-05T12:00:00Z",
                       expected: ["2027-11-06T05:30:00Z", "2027-11-07T05:30:00Z", "2027-11-08T06:30:00Z"]),
        TransitionCase(zone: "America/New_York", time: "02:30", from: "2027-11-05T12:00:00Z",
                       expected: ["2027-11-06T06:30:00Z", "2027-11-07T07:30:00Z", "2027-11-08T07:30:00Z"]),
    ]

    @Test("a skipped wall time fires at the end of the gap, a repeated one at its first occurrence", arguments: transitions)
    func dailyAcrossTransitions(_ transition: TransitionCase) throws {
        let schedule = try Self.schedule(zone: transition.zone, [("daily", ["time": transition.time])])
        #expect(Self.fires(schedule, from: transition.from, count: 3) == transition.expected)
    }

    @Test("the gap's fire is exactly the transition; the repeated hour's second pass does not fire again")
    func aroundTheTransitionInstants() throws {
        let paris = try Self.schedule(zone: "Europe/Paris", [("daily", ["time": "02:30"])])
        #expect(paris.nextFire(after: Self.instant("2027-03-28T00:59:59Z")) == Self.instant("2027-03-28T01:00:00Z"))
        #expect(paris.nextFire(after: Self.instant("2027-03-28T01:00:00Z")) == Self.instant("2027-03-29T00:30:00Z"))
        #expect(paris.nextFire(after: Self.instant("2027-10-31T00:29:59.5Z")) == Self.instant("2027-10-31T00:30:00Z"))
        #expect(paris.nextFire(after: Self.instant("2027-10-31T00:30:00Z")) == Self.instant("2027-11-01T01:30:00Z"))
        #expect(paris.localText(of: Self.instant("2027-03-28T01:00:00Z")) == "2027-03-28T03:00:00+02:00")
        #expect(paris.localText(of: Self.instant("2027-10-31T00:30:00Z")) == "2027-10-31T02:30:00+02:00")
        #expect(paris.localText(of: Self.instant("2027-10-31T01:30:00Z")) == "2027-10-31T02:30:00+01:00")
        let newYork = try Self.schedule(zone: "America/New_York", [("daily", ["time": "01:30"])])
        #expect(newYork.localText(of: Self.instant("2027-11-08T06:30:00Z")) == "2027-11-08T01:30:00-05:00")
    }

    @Test("a cron hour that the clocks skip fires once at the gap's end; a repeated one fires once per minute listed")
    func cronAcrossTransitions() throws {
        let schedule = try Self.schedule(zone: "Europe/Paris", [("cron", ["expression": "*/15 2 * * *"])])
        #expect(Self.fires(schedule, from: "2027-03-27T23:00:00Z", count: 2) == ["2027-03-28T01:00:00Z", "2027-03-29T00:00:00Z"])
        #expect(Self.fires(schedule, from: "2027-10-30T23:00:00Z", count: 5) == [
            "2027-10-31T00:00:00Z", "2027-10-31T00:15:00Z", "2027-10-31T00:30:00Z", "2027-10-31T00:45:00Z",
            "2027-11-01T01:00:00Z",
        ])
    }

    @Test("every 30 minutes keeps its interval across both transitions")
    func everyAcrossTransitions() throws {
        let schedule = try Self.schedule(zone: "Europe/Paris", [("every", ["minutes": "30"])])
        #expect(Self.fires(schedule, from: "2027-03-28T00:10:00Z", count: 4) == [
            "2027-03-28T00:30:00Z", "2027-03-28T01:00:00Z", "2027-03-28T01:30:00Z", "2027-03-28T02:00:00Z",
        ])
        #expect(Self.fires(schedule, from: "2027-10-31T00:00:00Z", count: 5) == [
            "2027-10-31T00:30:00Z", "2027-10-31T01:00:00Z", "2027-10-31T01:30:00Z", "2027-10-31T02:00:00Z",
            "2027-10-31T02:30:00Z",
        ])
    }

    @Test("every hours is counted from the zone's standard midnight: 00:00 and 06:00 in winter, 07:00 in summer")
    func everyHoursAnchor() throws {
        let schedule = try Self.schedule(zone: "Europe/Paris", [("every", ["hours": "6"])])
        #expect(Self.fires(schedule, from: "2027-01-01T00:00:00Z", count: 2) == ["2027-01-01T05:00:00Z", "2027-01-01T11:00:00Z"])
        #expect(schedule.localText(of: Self.instant("2027-01-01T05:00:00Z")) == "2027-01-01T06:00:00+01:00")
        #expect(Self.fires(schedule, from: "2027-07-01T00:00:00Z", count: 1) == ["2027-07-01T05:00:00Z"])
        #expect(schedule.localText(of: Self.instant("2027-07-01T05:00:00Z")) == "2027-07-01T07:00:00+02:00")
        #expect(schedule.summary == "every 6 hours (Europe/Paris)")
    }

    // MARK: - Calendar days

    @Test("monthly day 29 fires on 29 February 2028 and skips February 2027")
    func februaryTwentyNinth() throws {
        let schedule = try Self.schedule([("monthly", ["days": "29", "time": "00:00"])])
        #expect(Self.fires(schedule, from: "2027-01-01T00:00:00Z", count: 2) == ["2027-01-29T00:00:00Z", "2027-03-29T00:00:00Z"])
        #expect(Self.fires(schedule, from: "2027-12-31T00:00:00Z", count: 3) == [
            "2028-01-29T00:00:00Z", "2028-02-29T00:00:00Z", "2028-03-29T00:00:00Z",
        ])
    }

    @Test("monthly day 31 fires only in the months that have a 31st")
    func dayThirtyOne() throws {
        let schedule = try Self.schedule([("monthly", ["days": "31", "time": "12:00"])])
        #expect(Self.fires(schedule, from: "2027-01-01T00:00:00Z", count: 7) == [
            "2027-01-31T12:00:00Z", "2027-03-31T12:00:00Z", "2027-05-31T12:00:00Z", "2027-07-31T12:00:00Z",
            "2027-08-31T12:00:00Z", "2027-10-31T12:00:00Z", "2027-12-31T12:00:00Z",
        ])
        #expect(schedule.summary == "every month on the 31st at 12:00 (UTC)")
    }

    @Test("a cron with both day fields restricted fires on either (Vixie cron): the 13th or a Monday")
    func cronDayFieldsOr() throws {
        let schedule = try Self.schedule([("cron", ["expression": "0 9 13 * mon"])])
        #expect(Self.fires(schedule, from: "2027-10-01T00:00:00Z", count: 6) == [
            "2027-10-04T09:00:00Z", "2027-10-11T09:00:00Z", "2027-10-13T09:00:00Z", "2027-10-18T09:00:00Z",
            "2027-10-25T09:00:00Z", "2027-11-01T09:00:00Z",
        ])
        // A day-of-month field starting with * is unrestricted: then both must match (Mondays only).
        let mondays = try Self.schedule([("cron", ["expression": "0 9 */1 * mon"])])
        #expect(Self.fires(mondays, from: "2027-10-01T00:00:00Z", count: 2) == ["2027-10-04T09:00:00Z", "2027-10-11T09:00:00Z"])
    }

    @Test("rules that give the same instant fire once")
    func coincidingRulesFireOnce() throws {
        let schedule = try Self.schedule(zone: "Europe/Paris", [
            ("daily", ["time": "07:30"]), ("weekly", ["days": "thursday", "time": "07:30"]),
            ("cron", ["expression": "30 7 * * thu"]),
        ])
        #expect(Self.fires(schedule, from: "2027-01-06T12:00:00Z", count: 3) == [
            "2027-01-07T06:30:00Z", "2027-01-08T06:30:00Z", "2027-01-09T06:30:00Z",
        ])
        #expect(schedule.summary == "every day at 07:30; every Thursday at 07:30; cron '30 7 * * thu' (Europe/Paris)")
    }

    @Test("a cron expression that never fires gives nil, promptly")
    func neverFires() throws {
        let schedule = try Self.schedule(zone: "Europe/Paris", [("cron", ["expression": "0 0 31 2 *"])])
        let clock = ContinuousClock()
        let start = clock.now
        #expect(schedule.nextFire(after: Self.instant("2027-01-01T00:00:00Z")) == nil)
        #expect(schedule.fires(after: Self.instant("2027-01-01T00:00:00Z"), through: Self.endOfTime, limit: 1000) == [])
        #expect(clock.now - start < .seconds(2))
    }

    @Test("no fire past the year 9999")
    func endOfTime() throws {
        let schedule = try Self.schedule([("daily", ["time": "00:00"])])
        #expect(Self.fires(schedule, from: "9999-12-30T12:00:00Z", count: 3) == ["9999-12-31T00:00:00Z"])
        #expect(schedule.nextFire(after: Self.instant("9999-12-31T00:00:00Z")) == nil)
        #expect(schedule.nextFire(after: Self.endOfTime) == nil)
        #expect(schedule.nextFire(after: Date(timeIntervalSince1970: .nan)) == nil)
    }

    // MARK: - Reading

    @Test("defaults: UTC and runOnce; the summary names the days in words")
    func readingDefaults() throws {
        let schedule = try #require(try Schedule.of(Self.workflow([("weekly", ["days": "thu mon", "time": "07:30"])])))
        #expect(schedule.timeZoneName == "UTC")
        #expect(schedule.timeZone.secondsFromGMT() == 0)
        #expect(schedule.missedRuns == .runOnce)
        #expect(schedule.activity == "schedule")
        #expect(schedule.summary == "every Monday and Thursday at 07:30 (UTC)")
        let skip = try #require(try Schedule.of(Self.workflow(zone: "Europe/Paris", missedRuns: "skip", [("daily", ["time": "07:00"])])))
        #expect(skip.missedRuns == .skip)
        #expect(skip.summary == "every day at 07:00 (Europe/Paris)")
    }

    @Test("fires stops at through and at limit")
    func firesBounds() throws {
        let schedule = try Self.schedule([("every", ["minutes": "15"])])
        let from = Self.instant("2027-01-01T00:00:00Z")
        #expect(Self.texts(schedule.fires(after: from, through: Self.instant("2027-01-01T00:30:00Z"), limit: 10))
            == ["2027-01-01T00:15:00Z", "2027-01-01T00:30:00Z"])
        #expect(schedule.fires(after: from, through: Self.endOfTime, limit: 3).count == 3)
        #expect(schedule.fires(after: from, through: Self.endOfTime, limit: 0).isEmpty)
    }

    @Test("no scheduler gives nil; two schedulers, a bad zone or a bad rule throw a message")
    func readingErrors() throws {
        let here = SourceLocation(file: "t.xml", line: 1, column: 1)
        #expect(try Schedule.of(Workflow(name: "w", activities: [Activity(kind: .start, name: "s", location: here)], location: here)) == nil)
        func message(_ workflow: Workflow) -> String? {
            do { _ = try Schedule.of(workflow); return nil } catch { return "\(error)" }
        }
        #expect(message(Self.workflow([("daily", ["time": "07:00"])], schedulers: 2))
            == "the workflow has 2 schedulers ('schedule', 'schedule2'); put all their rules in one <scheduler>")
        #expect(message(Self.workflow(zone: "Mars/Olympus", [("daily", ["time": "07:00"])]))
            == "scheduler 'schedule', timezone: 'Mars/Olympus' is not an IANA time zone; write one like Europe/Paris or UTC")
        #expect(message(Self.workflow([("daily", ["time": "7:00"])]))
            == "scheduler 'schedule', <daily>: time: '7:00' is not a valid time; write HH:MM between 00:00 and 23:59")
        #expect(message(Self.workflow([("every", ["minutes": "0"])]))
            == "scheduler 'schedule', <every>: minutes: '0' is not a whole number from 1 to 525600")
        #expect(message(Self.workflow([])) == "scheduler 'schedule', rules: no rule; add <daily>, <weekly>, <monthly>, <every> or <cron>")
    }
}
