import Foundation

/// When a workflow fires: the rules of its `scheduler` activity, read in that scheduler's IANA time
/// zone, and what to do about fires missed while no server ran.
///
///     let schedule = try Schedule.of(workflow)          // nil: no scheduler
///     schedule?.nextFire(after: Date())                 // the next instant it fires
///     schedule?.summary                                 // "every Thursday at 07:30 (Europe/Paris)"
///
/// The instants follow `Docs/scheduling.md`: a wall time that does not exist (spring forward) fires
/// once, at the first instant after the gap; one that occurs twice (fall back) fires once, at its
/// first occurrence; `every` counts elapsed time, so daylight saving time never shortens or
/// lengthens its interval; rules that give the same instant fire once.
public struct Schedule: Sendable, Hashable {
    /// What a server does about the fires it missed while it was not running.
    public enum MissedRuns: String, Sendable {
        /// One run for all the missed fires (the default).
        case runOnce
        /// None: wait for the next fire.
        case skip
    }

    /// The zone the rules' wall times are read in; UTC unless the scheduler says otherwise.
    public let timeZone: TimeZone
    /// The scheduler's `missedRuns`; `runOnce` unless it says otherwise.
    public let missedRuns: MissedRuns
    /// The activity it came from.
    public let activity: String
    /// The zone's name as written (`UTC`, `Europe/Paris`), for people: Foundation's
    /// `timeZone.identifier` says `GMT` for UTC.
    public let timeZoneName: String
    /// The rules, in the order written; the schedule fires at every instant any of them gives.
    let rules: [Rule]

    /// Creates a schedule from rules already read; `timeZoneName` must be a known zone (UTC otherwise).
    init(timeZoneName: String, missedRuns: MissedRuns, activity: String, rules: [Rule]) {
        self.timeZone = TimeZone(identifier: timeZoneName) ?? TimeZone(secondsFromGMT: 0)!
        self.timeZoneName = timeZoneName
        self.missedRuns = missedRuns
        self.activity = activity
        self.rules = rules
    }

    /// The schedule of the workflow's `scheduler` activity; nil when the workflow has no scheduler.
    /// Throws `ScheduleError` for a bad rule, an unknown zone, or a second scheduler (lint has
    /// already refused those for a loaded workflow).
    public static func of(_ workflow: Workflow) throws -> Schedule? {
        let schedulers = workflow.activities.filter { $0.kind == .scheduler }
        guard let scheduler = schedulers.first else { return nil }
        guard schedulers.count == 1 else {
            let names = schedulers.map { "'\($0.name)'" }.joined(separator: ", ")
            throw ScheduleError(
                "the workflow has \(schedulers.count) schedulers (\(names)); put all their rules in one <scheduler>")
        }
        return try Schedule(reading: scheduler)
    }

    /// Reads one scheduler activity.
    init(reading scheduler: Activity) throws(ScheduleError) {
        func failure(_ what: String, _ error: ScheduleError) -> ScheduleError {
            ScheduleError("scheduler '\(scheduler.name)', \(what): \(error.message)", at: error.offset)
        }
        let zoneName = scheduler["timezone"] ?? "UTC"
        guard TimeZone.isKnownTimeZone(zoneName) else {
            throw failure("timezone", ScheduleError("'\(zoneName)' is not an IANA time zone; write one like Europe/Paris or UTC"))
        }
        let missedText = scheduler["missedRuns"] ?? MissedRuns.runOnce.rawValue
        guard let missed = MissedRuns(rawValue: missedText) else {
            throw failure("missedRuns", ScheduleError("'\(missedText)' is not runOnce or skip"))
        }
        var rules: [Rule] = []
        for setting in scheduler.settings {
            do {
                rules.append(try Rule(reading: setting))
            } catch {
                throw failure("<\(setting.element)>", error)
            }
        }
        guard !rules.isEmpty else {
            throw failure("rules", ScheduleError("no rule; add <daily>, <weekly>, <monthly>, <every> or <cron>"))
        }
        self.init(timeZoneName: zoneName, missedRuns: missed, activity: scheduler.name, rules: rules)
    }

    /// The first fire instant strictly after `instant`; nil if none ever (a cron expression for
    /// a day that does not exist, `0 0 31 2 *`: the search gives up after eight years), and nil
    /// past the year 9999.
    public func nextFire(after instant: Date) -> Date? {
        let seconds = instant.timeIntervalSince1970
        guard !seconds.isNaN else { return nil }
        // Fires fall on whole minutes, so "after 10.5 s" is "after 10 s".
        guard seconds < Double(ScheduleClock.lastSecond) else { return nil }
        let after = max(Int64(seconds.rounded(.down)), ScheduleClock.firstSecond)
        let clock = ScheduleClock(timeZone: timeZone)
        var best: Int64?
        for rule in rules {
            guard let fire = rule.nextFire(after: after, clock: clock) else { continue }
            if best.map({ fire < $0 }) ?? true { best = fire }
        }
        guard let best, best <= ScheduleClock.lastSecond else { return nil }
        return Date(timeIntervalSince1970: Double(best))
    }

    /// The fires in (from, through], at most `limit` of them, in order.
    public func fires(after from: Date, through: Date, limit: Int) -> [Date] {
        var fires: [Date] = []
        var cursor = from
        while fires.count < limit, let next = nextFire(after: cursor), next <= through {
            fires.append(next)
            cursor = next
        }
        return fires
    }
}
