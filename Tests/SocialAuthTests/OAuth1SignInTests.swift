import Foundation
import SocialAuth
import Testing

/// The requests of a three-legged sign-in: a temporary-credentials request has no `oauth_token`
/// (RFC 5849 2.1), and `oauth_callback` / `oauth_verifier` are protocol parameters, signed.
struct OAuth1SignInTests {
    static let app = OAuth1Credentials(consumerKey: "ck", consumerSecret: "cs", token: "", tokenSecret: "")
    static let url = URL(string: "https://api.x.com/oauth/request_token")!

    @Test func anEmptyTokenIsLeftOutAndExtraParametersAreSigned() throws {
        let callback = "https://acme.example/join/acme/callback?state=a b"
        let parameters = try #require(OAuth1.protocolParameters(
            method: "POST", url: Self.url, bodyParameters: [], credentials: Self.app, nonce: "n0nce", timestamp: 1_795_000_000,
            extra: [("oauth_callback", callback)]))
        #expect(parameters.map(\.name) == [
            "oauth_callback", "oauth_consumer_key", "oauth_nonce", "oauth_signature", "oauth_signature_method", "oauth_timestamp", "oauth_version",
        ])
        let base = OAuth1.signatureBaseString(
            method: "POST", uri: "https://api.x.com/oauth/request_token",
            parameters: [
                ("oauth_callback", callback), ("oauth_consumer_key", "ck"), ("oauth_nonce", "n0nce"), ("oauth_signature_method", "HMAC-SHA1"),
                ("oauth_timestamp", "1795000000"), ("oauth_version", "1.0"),
            ])
        #expect(parameters.first { $0.name == "oauth_signature" }?.value == OAuth1.signature(baseString: base, consumerSecret: "cs", tokenSecret: ""))
    }

    @Test func theHeaderCarriesTheVerifierEncoded() throws {
        var credentials = Self.app
        credentials.token = "request-token"
        credentials.tokenSecret = "request-secret"
        let header = try #require(OAuth1.authorizationHeader(
            method: "POST", url: URL(string: "https://api.x.com/oauth/access_token")!, credentials: credentials, nonce: "n", timestamp: 1,
            extra: [("oauth_verifier", "v/1+")]))
        let parsed = try #require(OAuth1.parseAuthorizationHeader(header))
        #expect(parsed["oauth_verifier"] == "v/1+")
        #expect(parsed["oauth_token"] == "request-token")
        #expect(header.contains(#"oauth_verifier="v%2F1%2B""#))
    }
}
