import Foundation
import SocialAuth
import Synchronization
import WorkflowEngine

/// How the Graph API is spoken for one page: the page token as `access_token` (with
/// `appsecret_proof` when the service has an app secret), errors judged by `GraphErrorMapping`,
/// and slowing down as the usage headers near 100 % (`GraphUsage`).
///
/// One dialect serves one operation of one service (a fetch, a publish, a check), so that error
/// messages can name the permission or the metrics that operation needs.
struct FacebookDialect: APIDialect {
    /// The service's name.
    let serviceName: String
    /// What the requests are for.
    let operation: FacebookOperation
    private let accessToken: String
    private let appSecretProof: String?
    private let limitWaits: RequestLimitStreak

    /// The wait after the first request-limit error; each consecutive one doubles it, up to
    /// `requestLimitCap`. Facebook's limits are over a rolling hour, so a minute is the least
    /// that can help.
    static let requestLimitBase = 60.0
    /// The longest wait for a request limit (the limits' window is an hour).
    static let requestLimitCap = 3600.0

    /// A dialect for `operation` of the service named `serviceName`.
    init(serviceName: String, operation: FacebookOperation, accessToken: String, appSecret: String?) {
        self.serviceName = serviceName
        self.operation = operation
        self.accessToken = accessToken
        self.appSecretProof = appSecret.map { AppSecretProof.proof(accessToken: accessToken, appSecret: $0) }
        self.limitWaits = RequestLimitStreak()
    }

    /// `Facebook service 'acmepage'`.
    var serviceDescription: String { "Facebook service '\(serviceName)'" }

    var rateLimitName: String { "Facebook request limit" }

    /// Adds `access_token` (and `appsecret_proof`) to the query.
    func authorize(_ request: APIRequest, attempt: Int, now: Date) throws -> AuthorizedRequest {
        var credentials: [OAuth1.Parameter] = [("access_token", accessToken)]
        if let appSecretProof { credentials.append(("appsecret_proof", appSecretProof)) }
        let text = request.url.absoluteString
        let separator = text.contains("?") ? "&" : "?"
        guard let url = URL(string: text + separator + OAuth1.encodeForm(credentials)) else {
            throw ConnectorFailure(
                service: serviceName, message: "\(serviceDescription): cannot build a request to \(Redaction.url(request.url))",
                retryability: .permanent(reason: ConnectorFailure.baseURLReason))
        }
        return AuthorizedRequest(url: url, headers: [])
    }

    func verdict(for response: APIResponse, now: Date) -> APIVerdict {
        judge(response, request: nil, now: now)
    }

    func verdict(for response: APIResponse, to request: APIRequest, now: Date) -> APIVerdict {
        judge(response, request: request, now: now)
    }

    private func judge(_ response: APIResponse, request: APIRequest?, now: Date) -> APIVerdict {
        let header = { (name: String) in response.header(name) }
        // A 2xx is an error only when its body is a Graph error object; the byte scan spares
        // decoding every page twice.
        if response.isSuccess, response.body.range(of: Data(#""error""#.utf8)) == nil || GraphErrorBody.parse(response.body) == nil {
            limitWaits.reset()
            let pause = GraphUsage.largestPercentage(header: header).map(GraphUsage.pause(forPercentage:)) ?? 0
            return .success(pauseBeforeNext: pause)
        }
        let outcome = GraphErrorMapping.outcome(
            status: response.status, body: response.body, service: serviceName, operation: operation,
            location: request.map { Redaction.url($0.url) }, secrets: [accessToken, appSecretProof].compactMap { $0 })
        switch outcome {
        case .fail(let code, let message):
            // Graph's 506 "Duplicate status message" answers a post already on the page.
            let duplicate = code == 506 && request.map { !$0.retriesAmbiguousFailures } == true
            return .fail(ConnectorFailure(
                service: serviceName, status: response.status, code: code, message: message,
                retryability: .permanent(reason: GraphErrorMapping.permanence(status: response.status, code: code)),
                sendOutcome: duplicate ? .duplicate : nil))
        case .retry(let reason):
            return .retry(reason: reason)
        case .requestLimit(let code, let limit):
            let wait = Self.requestLimitWait(streak: limitWaits.next(), hint: GraphUsage.regainAccessSeconds(header: header))
            return .waitUntil(now.addingTimeInterval(wait), reason: "Facebook request limit (code \(code), \(limit))")
        }
    }

    /// Facebook sends no `x-rate-limit-*` headers: its limits are judged from error codes and the
    /// usage headers instead.
    func rateLimitWindow(of response: APIResponse) -> RateLimitWindow? { nil }

    /// The wait after the `streak`-th consecutive request-limit error (1-based): 60 s, 120 s,
    /// 240 s, … up to an hour, and never less than the `estimated_time_to_regain_access` a usage
    /// header announces.
    static func requestLimitWait(streak: Int, hint: Double?) -> Double {
        let backoff = Backoff(base: requestLimitBase, cap: requestLimitCap).ceiling(retry: streak)
        return max(backoff, hint ?? 0)
    }
}

/// Consecutive request-limit errors of one dialect; a success ends the streak. Shared by the
/// copies of the dialect value, hence a class; its state is behind a `Mutex`.
final class RequestLimitStreak: Sendable {
    private let count = Mutex(0)

    /// Counts one more error and returns the streak's length.
    func next() -> Int { count.withLock { $0 += 1; return $0 } }

    /// Ends the streak.
    func reset() { count.withLock { $0 = 0 } }
}
