import Foundation
import WorkflowModel

/// WF050–WF054: a scheduler's time zone, times, days and cron expressions are real, and a workflow
/// has at most one scheduler (WF054): a fire starts a run at every entry point, so a second
/// scheduler would also run the first one's branch at its own times; one scheduler holds all the
/// rules instead.
struct ScheduleRule: LintRule {
    func check(_ context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let schedulers = context.workflow.activities.filter { $0.kind == .scheduler }
        if let first = schedulers.first {
            for extra in schedulers.dropFirst() {
                diagnostics.append(Diagnostic(
                    .invalidScheduleRule,
                    "'\(extra.name)' is a second <scheduler>; a workflow has one: move its rules into '\(first.name)'",
                    at: extra.location))
            }
        }
        for activity in context.workflow.activities where activity.kind == .scheduler {
            if let zone = activity.attributes["timezone"], !TimeZone.isKnownTimeZone(zone.text) {
                let advice = NameSuggestion.advice(
                    for: zone.text, in: TimeZone.knownTimeZoneIdentifiers, otherwise: "write one like Europe/Paris or UTC")
                diagnostics.append(Diagnostic(
                    .unknownTimeZone,
                    "'\(zone.text)' is not an IANA time zone" + advice,
                    at: zone.valueLocation))
            }
            for rule in activity.settings {
                diagnostics += check(rule, context)
            }
        }
        return diagnostics
    }

    private func check(_ rule: ActivitySetting, _ context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func report(_ code: DiagnosticCode, _ value: AttributeValue, _ error: ScheduleError) {
            diagnostics.append(Diagnostic(code, error.message, at: context.location(in: value, offset: error.offset)))
        }
        if let time = rule.attributes["time"] {
            do { _ = try TimeOfDay(parsing: time.text) } catch { report(.invalidTime, time, error) }
        }
        switch rule.element {
        case "weekly":
            if let days = rule.attributes["days"] {
                do { _ = try Weekday.parseList(days.text) } catch { report(.invalidDay, days, error) }
            }
        case "monthly":
            if let days = rule.attributes["days"] {
                do { _ = try MonthDay.parseList(days.text) } catch { report(.invalidDay, days, error) }
            }
        case "cron":
            if let expression = rule.attributes["expression"] {
                do { _ = try CronExpression(parsing: expression.text) } catch { report(.invalidCron, expression, error) }
            }
        case "every":
            let given = ["minutes", "hours"].filter { rule.attributes[$0] != nil }
            if given.count != 1 {
                diagnostics.append(Diagnostic(
                    .invalidScheduleRule,
                    given.isEmpty
                        ? "<every> needs minutes=\"…\" or hours=\"…\""
                        : "<every> takes minutes=\"…\" or hours=\"…\", not both; keep one",
                    at: rule.location))
            }
        default:
            break
        }
        return diagnostics
    }
}
