import Foundation
import Testing

@testable import SocialConnectors

/// Every Graph error code and subcode the connector knows, with its exact message.
@Suite struct FacebookErrorMappingTests {
    static func body(_ code: Int, subcode: Int? = nil, message: String = "msg", transient: Bool? = nil) -> Data {
        var error: [String: Any] = ["message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEf"]
        if let subcode { error["error_subcode"] = subcode }
        if let transient { error["is_transient"] = transient }
        return try! JSONSerialization.data(withJSONObject: ["error": error])
    }

    static func outcome(
        _ body: Data, status: Int = 400, operation: FacebookOperation = .posts, location: String? = nil, secrets: [String] = []
    ) -> GraphErrorMapping.Outcome {
        GraphErrorMapping.outcome(status: status, body: body, service: "acmepage", operation: operation, location: location, secrets: secrets)
    }

    @Test(arguments: [
        (458, "the app is not installed for the token's user): generate a new page access token"),
        (459, "the user is checkpointed): log in to Facebook to clear the checkpoint, then generate a new page access token"),
        (460, "the user changed their password): generate a new page access token"),
        (463, "the token expired): generate a new page access token"),
        (464, "the user is not confirmed): log in to Facebook to confirm the account, then generate a new page access token"),
        (467, "the token is invalid): generate a new page access token"),
        (492, "the session is invalid): check that the token's user still has a role on the page, then generate a new page access token"),
    ])
    func invalidTokenSubcodesSayWhatHappenedAndWhatToDo(subcode: Int, ending: String) {
        let outcome = Self.outcome(Self.body(190, subcode: subcode, message: "Error validating access token"))
        #expect(
            outcome == .fail(code: 190, message: "the page access token of service 'acmepage' is no longer valid (code 190, subcode \(subcode): \(ending)"))
    }

    @Test func theExpiredTokenMessageIsExactlyThis() {
        #expect(
            Self.outcome(Self.body(190, subcode: 463))
                == .fail(
                    code: 190,
                    message: "the page access token of service 'acmepage' is no longer valid (code 190, subcode 463: the token expired): generate a new page access token"))
    }

    @Test func invalidTokenWithoutOrWithAnUnknownSubcodeQuotesFacebook() {
        #expect(
            Self.outcome(Self.body(190, message: "Invalid OAuth access token."))
                == .fail(
                    code: 190,
                    message: "the page access token of service 'acmepage' is no longer valid (code 190: Invalid OAuth access token.): generate a new page access token"))
        #expect(
            Self.outcome(Self.body(190, subcode: 999, message: "Odd"))
                == .fail(
                    code: 190,
                    message: "the page access token of service 'acmepage' is no longer valid (code 190, subcode 999: Odd): generate a new page access token"))
    }

    @Test(arguments: [
        (4, "the app's request limit"), (17, "the user's request limit"), (32, "the page's request limit"), (613, "a custom request limit"),
        (80001, "a business use case request limit"),
    ])
    func requestLimitsWait(code: Int, limit: String) {
        #expect(Self.outcome(Self.body(code, message: "(#\(code)) limit reached")) == .requestLimit(code: code, limit: limit))
    }

    @Test func removedInsightsMetricsAreNamedWithTheirReplacements() {
        let body = Self.body(100, message: "(#100) The value must be a valid insights metric")
        let outcome = Self.outcome(body, operation: .insights(metrics: ["page_fans", "page_follows", "page_impressions", "page_likes"]))
        #expect(
            outcome
                == .fail(
                    code: 100,
                    message: "Facebook refused the Insights metrics page_fans page_follows page_impressions page_likes of service 'acmepage' "
                        + "(code 100: (#100) The value must be a valid insights metric): page_fans was removed (use page_follows), "
                        + "page_impressions was removed (use page_media_view), page_likes is not an Insights metric; "
                        + "metrics Facebook serves: page_follows page_post_engagements page_total_actions page_media_view"))
    }

    @Test func theRemovedMetricsComeFromTheDescriptor() throws {
        let parameter = try #require(
            FacebookConnector.descriptor.resource(named: "insights")?.parameters.first { $0.name == "metrics" })
        #expect(parameter.removedValues == FacebookConnector.removedInsightsMetrics)
        #expect(parameter.allowedValues == FacebookConnector.insightsMetrics)
    }

    @Test func aWrongOrMissingAppSecretProof() {
        #expect(
            Self.outcome(Self.body(100, message: "Invalid appsecret_proof provided in the API argument"))
                == .fail(
                    code: 100,
                    message: "the app secret of service 'acmepage' does not match its page token (code 100: Invalid appsecret_proof provided in the API argument): set <appSecret> to the secret of the app that issued the token"))
        #expect(
            Self.outcome(Self.body(100, message: "API calls from the server require an appsecret_proof argument"))
                == .fail(
                    code: 100,
                    message: "the app of service 'acmepage' requires an appsecret_proof (code 100: API calls from the server require an appsecret_proof argument): declare the service's <appSecret>"))
    }

    @Test(arguments: [
        (FacebookOperation.page, "pages_read_engagement"), (.posts, "pages_read_engagement"),
        (.fans, "pages_read_engagement and pages_read_user_content"), (.insights(metrics: ["page_follows"]), "read_insights"),
        (.publish, "pages_manage_posts"),
    ])
    func missingPermissionsNameWhatTheOperationNeeds(operation: FacebookOperation, permission: String) {
        for code in [200, 210, 299] {
            #expect(
                Self.outcome(Self.body(code, message: "(#\(code)) Requires a permission"), status: 403, operation: operation)
                    == .fail(
                        code: code,
                        message: "the page access token of service 'acmepage' lacks a permission (code \(code): (#\(code)) Requires a permission): generate a new page access token with \(permission)"))
        }
    }

    @Test func temporarilyBlocked() {
        #expect(
            Self.outcome(Self.body(368, message: "It looks like you were misusing this feature"))
                == .fail(
                    code: 368,
                    message: "Facebook has temporarily blocked service 'acmepage' from this action (code 368: It looks like you were misusing this feature): wait before trying again, and check the page's quality notices"))
    }

    @Test func transientErrorsAreRetried() {
        #expect(
            Self.outcome(Self.body(1, message: "An unknown error occurred", transient: true), status: 400, location: "https://graph.facebook.com/v24.0/1/posts")
                == .retry(reason: "HTTP 400 at https://graph.facebook.com/v24.0/1/posts, code 1: An unknown error occurred"))
        #expect(Self.outcome(Self.body(2, message: "Service temporarily unavailable"), status: 500) == .retry(reason: "HTTP 500, code 2: Service temporarily unavailable"))
        #expect(Self.outcome(Data("<html>".utf8), status: 503) == .retry(reason: "HTTP 503"))
        #expect(Self.outcome(Self.body(99, message: "x", transient: true), status: 400) == .retry(reason: "HTTP 400, code 99: x"))
    }

    @Test func otherErrorsNameTheRequestWithoutItsQuery() {
        #expect(
            Self.outcome(Self.body(100, subcode: 33, message: "Unsupported get request."), status: 400, location: "https://graph.facebook.com/v24.0/123/posts")
                == .fail(
                    code: 100,
                    message: "Facebook refused the posts request of service 'acmepage' at https://graph.facebook.com/v24.0/123/posts (HTTP 400, code 100, subcode 33: Unsupported get request.)"))
        #expect(
            Self.outcome(Data("Not Found".utf8), status: 404, operation: .page, location: "http://127.0.0.1:1/v24.0/123")
                == .fail(code: nil, message: "Facebook answered HTTP 404 to the page request of service 'acmepage' at http://127.0.0.1:1/v24.0/123, without a Graph error body"))
    }

    @Test func aSecretEchoedByFacebookIsCutOut() {
        let outcome = Self.outcome(Self.body(100, message: "Bad token EAAB-SECRET-page-token-9999 given"), secrets: ["EAAB-SECRET-page-token-9999"])
        #expect(outcome == .fail(code: 100, message: "Facebook refused the posts request of service 'acmepage' (HTTP 400, code 100: Bad token (redacted) given)"))
    }
}
