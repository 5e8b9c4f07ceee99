import Foundation
import SocialAuth
import Testing

@testable import SocialConnectors

/// How X's answers are judged, both API versions.
@Suite struct XDialectTests {
    let now = Fixtures.start

    func verdict(_ status: Int, _ body: String, version: XAPIVersion = .v2, headers: [(name: String, value: String)] = []) -> APIVerdict {
        let dialect = XDialect(serviceName: "acme", apiVersion: version, credentials: Fixtures.credentials)
        let request = APIRequest.get(URL(string: "https://api.x.com")!, path: "/2/users/42/followers", endpoint: "followers")
        return dialect.verdict(for: APIResponse(status: status, headers: headers, body: Data(body.utf8)), to: request, now: now)
    }

    func failure(_ status: Int, _ body: String, version: XAPIVersion = .v2) -> String? {
        if case .fail(let failure) = verdict(status, body, version: version) { return failure.message }
        return nil
    }

    @Test func credentialsErrorsSayWhatToFix() {
        #expect(failure(401, #"{"errors":[{"code":32,"message":"Could not authenticate you."}]}"#, version: .v1_1)
            == "X rejected the credentials of service 'acme' (code 32: could not authenticate): check its consumer key/secret and access token/secret")
        #expect(failure(401, #"{"errors":[{"code":89,"message":"Invalid or expired token."}]}"#, version: .v1_1)
            == "X rejected the access token of service 'acme' (code 89: invalid or expired token): the token is invalid or was revoked; regenerate the access token and secret in the X developer portal and update the service's secrets")
        #expect(failure(401, #"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#)
            == "X rejected the credentials of service 'acme' (HTTP 401: Unauthorized): check its consumer key/secret and access token/secret; if the access token was revoked, regenerate it")
    }

    @Test func accessTierErrorsNameTheEndpointAndTheWayOut() {
        #expect(failure(403, #"{"errors":[{"code":453,"message":"You currently have access to a subset of X API V2 endpoints"}]}"#, version: .v1_1)
            == "X service 'acme': the account's X API access tier does not include followers (code 453); use apiVersion=\"2\" or upgrade the access tier")
        #expect(failure(403, #"{"title":"Client Forbidden","type":"https://api.twitter.com/2/problems/client-forbidden","reason":"client-not-enrolled","detail":"…","status":403}"#)
            == "X service 'acme': the account's X API access tier does not include followers (client-not-enrolled); use apiVersion=\"1.1\" or upgrade the access tier")
    }

    @Test func notFoundIsExplained() {
        #expect(failure(404, #"{"errors":[{"code":34,"message":"Sorry, that page does not exist"}]}"#, version: .v1_1)
            == "X service 'acme': X found nothing for followers (HTTP 404, code 34: Sorry, that page does not exist): check the service's baseURL and that the account still exists")
    }

    @Test func rateLimitsWaitUntilTheReset() {
        let reset = now.addingTimeInterval(420)
        guard case .waitUntil(let date, let reason) = verdict(
            429, #"{"errors":[{"code":88,"message":"Rate limit exceeded"}]}"#,
            headers: [("x-rate-limit-remaining", "0"), ("x-rate-limit-reset", String(Int(reset.timeIntervalSince1970)))])
        else {
            Issue.record("not a wait")
            return
        }
        #expect(date == reset)
        #expect(reason == "X rate limit")
        guard case .waitUntil(let later, _) = verdict(429, "{}") else {
            Issue.record("not a wait")
            return
        }
        #expect(later == now.addingTimeInterval(60))
    }

    @Test func serverErrorsAreRetriedAndSuccessesPassed() {
        guard case .retry(let reason) = verdict(503, "{}") else {
            Issue.record("not a retry")
            return
        }
        #expect(reason == "HTTP 503 from https://api.x.com/2/users/42/followers")
        guard case .success(let pause) = verdict(200, "{}") else {
            Issue.record("not a success")
            return
        }
        #expect(pause == 0)
    }

    @Test func everyAttemptIsSignedWithTheRunClockAndAFreshNonce() throws {
        let dialect = XDialect(serviceName: "acme", apiVersion: .v1_1, credentials: Fixtures.credentials)
        let request = APIRequest(
            method: "POST", url: URL(string: "https://api.x.com/1.1/statuses/update.json")!, form: [("status", "Hello Ladies + Gentlemen")],
            endpoint: "post")
        let first = try dialect.authorize(request, attempt: 1, now: now).headers
        let second = try dialect.authorize(request, attempt: 2, now: now.addingTimeInterval(5)).headers
        let firstHeader = try #require(first.first { $0.name == "Authorization" }?.value)
        let secondHeader = try #require(second.first { $0.name == "Authorization" }?.value)
        let one = try #require(OAuth1.parseAuthorizationHeader(firstHeader))
        let two = try #require(OAuth1.parseAuthorizationHeader(secondHeader))
        #expect(one["oauth_timestamp"] == String(Int(now.timeIntervalSince1970)))
        #expect(two["oauth_timestamp"] == String(Int(now.timeIntervalSince1970) + 5))
        #expect(one["oauth_nonce"] != two["oauth_nonce"])
        // The form body is signed: recompute the signature as a server would.
        let base = OAuth1.signatureBaseString(
            method: "POST", uri: "https://api.x.com/1.1/statuses/update.json",
            parameters: [("status", "Hello Ladies + Gentlemen")] + one.map { ($0.key, $0.value) })
        #expect(one["oauth_signature"] == OAuth1.signature(
            baseString: base, consumerSecret: Fixtures.credentials.consumerSecret, tokenSecret: Fixtures.credentials.tokenSecret))
    }
}
