import Foundation
import WorkflowEngine

/// What one `publish` activation of a run sent, for `wfrun history RUN`: its counts by state
/// and the recipients that failed or stayed unknown, with why.
struct DeliveryReport: Encodable {
    /// The most failures listed per delivery; the counts hold them all.
    static let listedFailures = 20

    var id: Int64
    var activity: String
    var activation: Int64
    var action: String
    var service: String
    var proof: Bool
    var finished: Bool
    /// Recipients by state (`pending`, `sending`, `sent`, `failed`, `unknown`), every state present.
    var counts: [String: Int]
    var failures: [Failure]

    struct Failure: Encodable {
        var recipient: String
        var state: String
        var attempts: Int
        var error: String?
    }

    /// The deliveries of a run; none for a store without a delivery log.
    static func of(run: Int64, in store: any WorkflowStore) async throws -> [DeliveryReport] {
        guard let log = store as? any DeliveryStore else { return [] }
        var reports: [DeliveryReport] = []
        for summary in try await log.deliveries(run: run) {
            var failures: [Failure] = []
            for state in [RecipientState.failed, .unknown] where summary.count(state) > 0 {
                failures += try await log.recipients(delivery: summary.delivery.id, state: state, limit: listedFailures - failures.count)
                    .map { Failure(recipient: $0.recipient, state: $0.state.rawValue, attempts: $0.attempts, error: $0.error) }
            }
            let delivery = summary.delivery
            reports.append(DeliveryReport(
                id: delivery.id, activity: delivery.activity, activation: delivery.activation, action: delivery.action, service: delivery.service,
                proof: delivery.proof, finished: delivery.finishedAt != nil,
                counts: Dictionary(uniqueKeysWithValues: RecipientState.allCases.map { ($0.rawValue, summary.count($0)) }),
                failures: failures))
        }
        return reports
    }

    /// `delivery 3 (publish 'greet', dm from wfrun_demo): 9,850 sent, 150 failed, …` and the failures.
    var lines: [String] {
        let what = action == "dm" ? "direct messages" : "post"
        let states = RecipientState.allCases.filter { counts[$0.rawValue, default: 0] > 0 || $0 == .sent }
            .map { "\(counts[$0.rawValue, default: 0]) \($0.rawValue)" }
        var lines = [
            "delivery \(id) (publish '\(activity)', \(what) from \(service)\(proof ? ", proof" : "")\(finished ? "" : ", unfinished")): "
                + states.joined(separator: ", ")
        ]
        for failure in failures {
            lines.append("  \(failure.state) \(failure.recipient)\(failure.attempts > 1 ? " (\(failure.attempts) attempts)" : ""): \(failure.error ?? "")")
        }
        let listed = failures.count
        let total = counts["failed", default: 0] + counts["unknown", default: 0]
        if total > listed { lines.append("  … and \(total - listed) more") }
        return lines
    }
}
