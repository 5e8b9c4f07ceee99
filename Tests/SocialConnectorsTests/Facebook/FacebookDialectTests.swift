import Foundation
import SocialAuth
import Testing
import WorkflowEngine

@testable import SocialConnectors

/// The page token as query parameters, the verdicts and the usage curve, without a network.
@Suite struct FacebookDialectTests {
    static let token = "EAAB-SECRET-page-token-9999"
    static let appSecret = "app-SECRET-secret-8888"
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    static func dialect(appSecret: String? = appSecret, operation: FacebookOperation = .posts) -> FacebookDialect {
        FacebookDialect(serviceName: "acmepage", operation: operation, accessToken: token, appSecret: appSecret)
    }

    static func response(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> APIResponse {
        APIResponse(status: status, headers: headers, body: Data(body.utf8))
    }

    static func limitBody(_ code: Int) -> String {
        #"{"error":{"message":"(#\#(code)) Application request limit reached","type":"OAuthException","code":\#(code),"fbtrace_id":"x"}}"#
    }

    // MARK: - Authorization

    @Test func theTokenAndItsProofGoInTheQuery() throws {
        let request = APIRequest.get(URL(string: "https://graph.facebook.com/v24.0")!, path: "/1001/posts", query: [("limit", "25")], endpoint: "posts")
        let authorized = try Self.dialect().authorize(request, attempt: 1, now: Self.now)
        let proof = AppSecretProof.proof(accessToken: Self.token, appSecret: Self.appSecret)
        #expect(authorized.url.absoluteString == "https://graph.facebook.com/v24.0/1001/posts?limit=25&access_token=\(Self.token)&appsecret_proof=\(proof)")
        #expect(authorized.headers.isEmpty)
        #expect(Redaction.url(authorized.url) == "https://graph.facebook.com/v24.0/1001/posts", "messages show the path only")
    }

    @Test func withoutAnAppSecretThereIsNoProof() throws {
        let request = APIRequest.get(URL(string: "http://127.0.0.1:9/v24.0")!, path: "/1001", endpoint: "page")
        let authorized = try Self.dialect(appSecret: nil).authorize(request, attempt: 1, now: Self.now)
        #expect(authorized.url.absoluteString == "http://127.0.0.1:9/v24.0/1001?access_token=\(Self.token)")
    }

    // MARK: - Verdicts

    @Test func successPausesAccordingToTheUsageHeaders() {
        let dialect = Self.dialect()
        guard case .success(let calm) = dialect.verdict(for: Self.response(200, "{}", headers: [("X-App-Usage", #"{"call_count":10,"total_cputime":2,"total_time":3}"#)]), now: Self.now),
            case .success(let busy) = dialect.verdict(for: Self.response(200, "{}", headers: [("x-app-usage", #"{"call_count":10,"total_cputime":95,"total_time":3}"#)]), now: Self.now),
            case .success(let none) = dialect.verdict(for: Self.response(200, "{}"), now: Self.now)
        else {
            Issue.record("2xx must succeed")
            return
        }
        #expect(calm == 0 && none == 0)
        #expect(busy == 6.4)
    }

    @Test func requestLimitWaitsGrowAndASuccessEndsTheStreak() {
        let dialect = Self.dialect()
        var waits: [Double] = []
        var reasons: [String] = []
        for _ in 0..<3 {
            if case .waitUntil(let date, let reason) = dialect.verdict(for: Self.response(400, Self.limitBody(4)), now: Self.now) {
                waits.append(date.timeIntervalSince(Self.now))
                reasons.append(reason)
            }
        }
        #expect(waits == [60, 120, 240])
        #expect(reasons.allSatisfy { $0 == "Facebook request limit (code 4, the app's request limit)" })
        _ = dialect.verdict(for: Self.response(200, "{}"), now: Self.now)
        if case .waitUntil(let date, _) = dialect.verdict(for: Self.response(400, Self.limitBody(32)), now: Self.now) {
            #expect(date.timeIntervalSince(Self.now) == 60)
        } else {
            Issue.record("code 32 must wait")
        }
    }

    @Test func aRegainAccessHintIsHonoured() {
        let headers: [(name: String, value: String)] = [
            ("X-Business-Use-Case-Usage", #"{"1001":[{"type":"pages","call_count":100,"total_cputime":20,"total_time":30,"estimated_time_to_regain_access":7}]}"#)
        ]
        if case .waitUntil(let date, _) = Self.dialect().verdict(for: Self.response(400, Self.limitBody(80001), headers: headers), now: Self.now) {
            #expect(date.timeIntervalSince(Self.now) == 420)
        } else {
            Issue.record("code 80001 must wait")
        }
        #expect(FacebookDialect.requestLimitWait(streak: 1, hint: nil) == 60)
        #expect(FacebookDialect.requestLimitWait(streak: 3, hint: 30) == 240)
        #expect(FacebookDialect.requestLimitWait(streak: 20, hint: nil) == 3600)
    }

    @Test func failuresCarryTheCodeAndNeverTheToken() throws {
        let body = #"{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"x"}}"#
        let request = try Self.dialect().authorize(
            .get(URL(string: "https://graph.facebook.com/v24.0")!, path: "/1001", endpoint: "page"), attempt: 1, now: Self.now)
        guard case .fail(let failure) = Self.dialect().verdict(
            for: Self.response(400, body), to: APIRequest(url: request.url, endpoint: "page"), now: Self.now)
        else {
            Issue.record("code 190 must fail")
            return
        }
        #expect(failure == ConnectorFailure(
            service: "acmepage", status: 400, code: 190,
            message: "the page access token of service 'acmepage' is no longer valid (code 190, subcode 463: the token expired): generate a new page access token",
            retryability: .permanent(reason: "the credentials were refused (Graph code 190: the page access token is no longer valid)")))
        #expect(!failure.message.contains(Self.token))
    }

    @Test func aSuccessStatusWithAnErrorBodyIsAnError() {
        guard case .fail(let failure) = Self.dialect().verdict(for: Self.response(200, #"{"error":{"message":"m","code":368}}"#), now: Self.now) else {
            Issue.record("an error body is an error whatever the status")
            return
        }
        #expect(failure.code == 368)
    }

    @Test func facebookSendsNoRateLimitWindow() {
        let response = Self.response(200, "{}", headers: [("x-rate-limit-remaining", "0"), ("x-rate-limit-reset", "1")])
        #expect(Self.dialect().rateLimitWindow(of: response) == nil)
        #expect(Self.dialect().serviceDescription == "Facebook service 'acmepage'")
    }

    // MARK: - Usage curve

    @Test func theUsageCurve() {
        let pauses = [0, 50, 75, 80, 85, 90, 95, 100, 130].map { GraphUsage.pause(forPercentage: Double($0)) }
        #expect(pauses == [0, 0, 0, 0.4, 1.6, 3.6, 6.4, 10, 10])
    }

    @Test func theLargestUsageOfAllHeadersCounts() {
        let headers = [
            "x-app-usage": #"{"call_count":12,"total_cputime":3,"total_time":80}"#,
            "x-page-usage": #"{"call_count":91,"total_cputime":2,"total_time":1}"#,
            "x-business-use-case-usage": "not json",
        ]
        #expect(GraphUsage.largestPercentage(header: { headers[$0] }) == 91)
        #expect(GraphUsage.largestPercentage(header: { _ in nil }) == nil)
        #expect(GraphUsage.regainAccessSeconds(header: { headers[$0] }) == nil)
    }
}
