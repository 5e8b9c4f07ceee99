import Foundation
import Testing

@testable import SocialConnectors

/// The one place secrets are cut out, and the backoff schedule.
@Suite struct HTTPRedactionTests {
    @Test func aURLLosesItsQueryFragmentAndUserInfo() {
        let url = URL(string: "https://user:pw@graph.facebook.com:8443/v24.0/123/posts?access_token=EAAB&after=x#frag")!
        #expect(Redaction.url(url) == "https://graph.facebook.com:8443/v24.0/123/posts")
        #expect(Redaction.origin(url) == "https://graph.facebook.com:8443")
        #expect(Redaction.url(URL(string: "https://api.x.com/2/users/me")!) == "https://api.x.com/2/users/me")
    }

    @Test func credentialHeadersAreHidden() {
        #expect(Redaction.headerValue(name: "Authorization", value: "OAuth oauth_token=\"x\"") == "(redacted)")
        #expect(Redaction.headerValue(name: "x-rate-limit-reset", value: "123") == "123")
    }

    @Test func secretsAreScrubbedFromText() {
        #expect(Redaction.text("token EAAB1234 is bad", hiding: ["EAAB1234", "ab"]) == "token (redacted) is bad")
    }

    @Test func backoffDoublesUpToTheCapWithFullJitter() {
        let backoff = Backoff(base: 0.5, cap: 60)
        #expect((1...9).map { backoff.ceiling(retry: $0) } == [0.5, 1, 2, 4, 8, 16, 32, 60, 60])
        #expect(backoff.delay(retry: 3, jitter: 0.25) == 0.5)
        #expect(backoff.delay(retry: 1, jitter: 0) == 0)
    }

    @Test func seededJitterIsReproducibleAndInRange() {
        let first = SeededJitter(seed: 42)
        let second = SeededJitter(seed: 42)
        let values = (0..<100).map { _ in first.next() }
        #expect(values == (0..<100).map { _ in second.next() })
        #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(Set(values).count == 100)
    }

    @Test func rateLimitHeadersAreReadCaseInsensitively() {
        let response = APIResponse(
            status: 200, headers: [("X-Rate-Limit-Remaining", "0"), ("X-Rate-Limit-Reset", "1767225900"), ("x-rate-limit-limit", "15")],
            body: Data())
        #expect(RateLimitWindow(xHeadersOf: response) == RateLimitWindow(limit: 15, remaining: 0, reset: Date(timeIntervalSince1970: 1_767_225_900)))
        #expect(RateLimitWindow(xHeadersOf: APIResponse(status: 200, headers: [], body: Data())) == nil)
    }
}
