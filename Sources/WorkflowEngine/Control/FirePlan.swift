import Foundation

/// What a scheduler does with the instants its schedule gave since it last fired: the rule every
/// node applies the same way, so that whichever node claims the fire records the same decision.
///
/// - Nothing due: nothing to do.
/// - The newest due instant is within `grace` of now: it fires; older ones (a server that was
///   down) are counted as missed in its row, since one run catches them up.
/// - The newest is later than `grace`: every due instant was missed while no server ran. With
///   `catchUp` (`missedRuns="runOnce"`) one run fires for all of them, late; otherwise the newest
///   is recorded as missed and nothing runs until the next instant.
public struct FirePlan: Sendable, Hashable {
    /// The instant the fire row is claimed for (the newest due one).
    public var scheduledAt: Date
    /// The earlier due instants it stands for.
    public var earlier: [Date]
    /// `claimed` when it is to run, `missed` when the policy skips it.
    public var outcome: FireOutcome

    /// Creates a plan.
    public init(scheduledAt: Date, earlier: [Date], outcome: FireOutcome) {
        self.scheduledAt = scheduledAt
        self.earlier = earlier
        self.outcome = outcome
    }

    /// How late a fire may start and still count as on time, in seconds: as Quartz's misfire
    /// threshold, a minute.
    public static let grace: Double = 60

    /// The plan for the instants `due` (oldest first) at `now`; nil when none is due.
    public static func plan(due: [Date], now: Date, catchUp: Bool, grace: Double = grace) -> FirePlan? {
        guard let newest = due.last else { return nil }
        let earlier = Array(due.dropLast())
        if now.timeIntervalSince(newest) <= grace || catchUp {
            return FirePlan(scheduledAt: newest, earlier: earlier, outcome: .claimed)
        }
        return FirePlan(scheduledAt: newest, earlier: earlier, outcome: .missed)
    }
}
