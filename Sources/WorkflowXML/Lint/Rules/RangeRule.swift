import Foundation
import WorkflowModel

/// WF070: the durations and counts of activities are within what wfrun can run. The grammar
/// checks their form (digits and a unit, a positive integer) but not their size, and a value that
/// validates must never overflow a clock or a counter when the workflow runs. Retry policies and
/// `maxConsecutiveErrors` are checked where they are built (`WorkflowBuilder`).
struct RangeRule: LintRule {
    /// The duration attributes of each activity kind.
    private static let durations: [ActivityKind: [String]] = [.wait: ["duration"], .signal: ["timeout"]]

    func check(_ context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for activity in context.workflow.activities {
            for name in Self.durations[activity.kind] ?? [] {
                guard let value = activity.attributes[name] else { continue }
                do {
                    _ = try WorkflowDuration(parsing: value.text)
                } catch {
                    diagnostics.append(Diagnostic(
                        .valueOutOfRange, "\(name)=\"…\": \(error.message)", at: context.location(in: value, offset: error.offset)))
                }
            }
            if activity.kind == .query, let limit = activity.attributes["limit"] {
                diagnostics += Self.count(limit, named: "limit", in: WorkflowLimits.queryLimit, context)
            }
            if activity.kind == .publish, let perDay = activity.attributes["perDay"] {
                diagnostics += Self.count(perDay, named: "perDay", in: WorkflowLimits.perDay, context)
            }
            if activity.kind == .scheduler {
                for rule in activity.settings(named: "every") {
                    if let minutes = rule.attributes["minutes"] {
                        diagnostics += Self.count(minutes, named: "minutes", in: WorkflowLimits.everyMinutes, context)
                    }
                    if let hours = rule.attributes["hours"] {
                        diagnostics += Self.count(hours, named: "hours", in: WorkflowLimits.everyHours, context)
                    }
                }
            }
        }
        return diagnostics
    }

    /// A positive integer (the grammar's) within `range`.
    private static func count(
        _ value: AttributeValue, named name: String, in range: ClosedRange<Int>, _ context: LintContext
    ) -> [Diagnostic] {
        // The grammar's positiveInteger allows surrounding spaces, a '+' and leading zeros.
        if let number = Int(value.text.trimmingCharacters(in: .whitespacesAndNewlines)), range.contains(number) { return [] }
        return [Diagnostic(
            .valueOutOfRange, "\(name)=\"\(value.text)\" is out of range; write a whole number \(WorkflowLimits.describe(range))",
            at: context.location(in: value, offset: 0))]
    }
}
