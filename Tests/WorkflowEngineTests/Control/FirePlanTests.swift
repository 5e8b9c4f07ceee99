import Foundation
import Testing
import WorkflowEngine

/// What a node does with the instants due since the last fire.
@Suite struct FirePlanTests {
    static let start = Date(timeIntervalSince1970: 1_806_000_000)
    static func minute(_ m: Int) -> Date { start.addingTimeInterval(Double(m) * 60) }

    @Test func nothingDueIsNothingToDo() {
        #expect(FirePlan.plan(due: [], now: Self.minute(5), catchUp: true) == nil)
    }

    @Test func anOnTimeFireRunsAndCountsTheEarlierOnes() {
        let plan = FirePlan.plan(due: [Self.minute(1), Self.minute(2)], now: Self.minute(2).addingTimeInterval(59), catchUp: false)
        #expect(plan == FirePlan(scheduledAt: Self.minute(2), earlier: [Self.minute(1)], outcome: .claimed))
    }

    @Test func lateFiresRunOnceWithRunOnce() {
        let plan = FirePlan.plan(due: [Self.minute(1), Self.minute(2)], now: Self.minute(2).addingTimeInterval(61), catchUp: true)
        #expect(plan == FirePlan(scheduledAt: Self.minute(2), earlier: [Self.minute(1)], outcome: .claimed))
    }

    @Test func lateFiresAreMissedWithSkip() {
        let plan = FirePlan.plan(due: [Self.minute(1)], now: Self.minute(1).addingTimeInterval(61), catchUp: false)
        #expect(plan == FirePlan(scheduledAt: Self.minute(1), earlier: [], outcome: .missed))
        // Within the grace of a minute, even skip runs it.
        #expect(FirePlan.plan(due: [Self.minute(1)], now: Self.minute(1).addingTimeInterval(60), catchUp: false)?.outcome == .claimed)
    }
}
