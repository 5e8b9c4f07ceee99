import Foundation

/// What the Facebook connector was doing when a request failed: decides which permission a
/// code-200 error names, and lets a code-100 Insights error name the metrics asked for.
enum FacebookOperation: Sendable, Hashable {
    case page
    case posts
    case fans
    case insights(metrics: [String])
    case publish
    case check

    /// The permissions the page token needs for it.
    var permissions: [String] {
        switch self {
        case .page, .posts, .check: ["pages_read_engagement"]
        case .fans: ["pages_read_engagement", "pages_read_user_content"]
        case .insights: ["read_insights"]
        case .publish: ["pages_manage_posts"]
        }
    }
}

/// How a Graph API error answer is judged, as a pure function of the status and the error body,
/// so that every code and subcode has its exact message tested. `FacebookDialect` turns the
/// outcome into an `APIVerdict` (adding the wait of a request limit).
enum GraphErrorMapping {
    /// What to do about an error answer.
    enum Outcome: Sendable, Hashable {
        /// Give up with this message (and the Graph code, when there was one).
        case fail(code: Int?, message: String)
        /// A request limit (codes 4, 17, 32, 613, 800xx): wait, then send the same request again.
        /// `limit` names it for the wait's message.
        case requestLimit(code: Int, limit: String)
        /// A transient failure (`is_transient`, 5xx, codes 1 and 2): retry with backoff.
        case retry(reason: String)
    }

    /// What codes 4, 17, 32 and 613 limit.
    static let requestLimits: [Int: String] = [
        4: "the app's request limit",
        17: "the user's request limit",
        32: "the page's request limit",
        613: "a custom request limit",
    ]

    /// What the subcodes of code 190 (the access token is invalid) mean, and what to do.
    static let tokenSubcodes: [Int: (meaning: String, action: String)] = [
        458: ("the app is not installed for the token's user", "generate a new page access token"),
        459: ("the user is checkpointed", "log in to Facebook to clear the checkpoint, then generate a new page access token"),
        460: ("the user changed their password", "generate a new page access token"),
        463: ("the token expired", "generate a new page access token"),
        464: ("the user is not confirmed", "log in to Facebook to confirm the account, then generate a new page access token"),
        467: ("the token is invalid", "generate a new page access token"),
        492: ("the session is invalid", "check that the token's user still has a role on the page, then generate a new page access token"),
    ]

    /// The outcome of a non-2xx answer (or a 2xx with an error body) of `service`.
    /// - Parameters:
    ///   - location: the request's URL without its query (`Redaction.url`), named by the messages of
    ///     errors without a specific meaning.
    ///   - secrets: values to cut out of the server's own message, which is quoted in some outcomes.
    ///   - serves: the Insights metrics the connector knows Facebook serves; `removed`: the removed
    ///     ones with what to use instead (the descriptor's `allowedValues` and `removedValues`).
    static func outcome(
        status: Int, body: Data, service: String, operation: FacebookOperation, location: String? = nil, secrets: [String] = [],
        serves: [String] = FacebookConnector.insightsMetrics, removed: [String: String] = FacebookConnector.removedInsightsMetrics
    ) -> Outcome {
        let at = location.map { " at \($0)" } ?? ""
        guard let error = GraphErrorBody.parse(body) else {
            if status >= 500 { return .retry(reason: "HTTP \(status)\(at)") }
            return .fail(code: nil, message: "Facebook answered HTTP \(status) to the \(operation.name) request of service '\(service)'\(at), without a Graph error body")
        }
        let code = error.code
        let said = Redaction.text((error.message ?? "no message").trimmingCharacters(in: .whitespacesAndNewlines), hiding: secrets)
        let quoted = code.map { "code \($0)\(error.error_subcode.map { ", subcode \($0)" } ?? ""): \(said)" } ?? said
        if let code, let limit = requestLimits[code] {
            return .requestLimit(code: code, limit: limit)
        }
        if let code, (80000...80014).contains(code) {
            return .requestLimit(code: code, limit: "a business use case request limit")
        }
        switch code {
        case 190?:
            return .fail(code: 190, message: tokenMessage(service: service, subcode: error.error_subcode, said: said))
        case 100? where said.localizedCaseInsensitiveContains("appsecret_proof"):
            if said.localizedCaseInsensitiveContains("require") {
                return .fail(
                    code: 100,
                    message: "the app of service '\(service)' requires an appsecret_proof (\(quoted)): declare the service's <appSecret>")
            }
            return .fail(
                code: 100,
                message: "the app secret of service '\(service)' does not match its page token (\(quoted)): set <appSecret> to the secret of the app that issued the token")
        case 100? where said.localizedCaseInsensitiveContains("valid insights metric"):
            if case .insights(let metrics) = operation {
                return .fail(code: 100, message: metricsMessage(service: service, metrics: metrics, said: said, serves: serves, removed: removed))
            }
        case 368?:
            return .fail(
                code: 368,
                message: "Facebook has temporarily blocked service '\(service)' from this action (\(quoted)): wait before trying again, and check the page's quality notices")
        case let code? where (200...299).contains(code):
            let needed = operation.permissions.joined(separator: " and ")
            return .fail(
                code: code,
                message: "the page access token of service '\(service)' lacks a permission (\(quoted)): generate a new page access token with \(needed)")
        default:
            break
        }
        if error.is_transient == true || status >= 500 || code == 1 || code == 2 {
            return .retry(reason: "HTTP \(status)\(at), \(quoted)")
        }
        return .fail(code: code, message: "Facebook refused the \(operation.name) request of service '\(service)'\(at) (HTTP \(status), \(quoted))")
    }

    /// The message of code 190: which subcode, what it means, what to do.
    static func tokenMessage(service: String, subcode: Int?, said: String) -> String {
        let head = "the page access token of service '\(service)' is no longer valid"
        guard let subcode else {
            return "\(head) (code 190: \(said)): generate a new page access token"
        }
        guard let known = tokenSubcodes[subcode] else {
            return "\(head) (code 190, subcode \(subcode): \(said)): generate a new page access token"
        }
        return "\(head) (code 190, subcode \(subcode): \(known.meaning)): \(known.action)"
    }

    /// The message of an Insights request that asked for a metric Facebook does not serve.
    static func metricsMessage(service: String, metrics: [String], said: String, serves: [String], removed: [String: String]) -> String {
        var problems: [String] = []
        for metric in metrics where !serves.contains(metric) {
            if let replacement = removed[metric] {
                problems.append("\(metric) was removed (\(replacement))")
            } else {
                problems.append("\(metric) is not an Insights metric")
            }
        }
        let detail = problems.isEmpty ? "" : problems.joined(separator: ", ") + "; "
        return "Facebook refused the Insights metrics \(metrics.joined(separator: " ")) of service '\(service)' (code 100: \(said)): "
            + "\(detail)metrics Facebook serves: \(serves.joined(separator: " "))"
    }
}

extension FacebookOperation {
    /// How messages name the request: `posts`, `Insights`.
    var name: String {
        switch self {
        case .page: "page"
        case .posts: "posts"
        case .fans: "fans"
        case .insights: "Insights"
        case .publish: "publish"
        case .check: "check"
        }
    }
}
