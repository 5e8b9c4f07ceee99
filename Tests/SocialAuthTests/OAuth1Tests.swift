import Foundation
import SocialAuth
import Testing

/// RFC 5849 signing, checked against X's published worked example ("Creating a signature").
struct OAuth1Tests {
    static let credentials = OAuth1Credentials(
        consumerKey: "xvz1evFS4wEEPTGEFPHBog",
        consumerSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
        token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
        tokenSecret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")
    static let url = URL(string: "https://api.twitter.com/1.1/statuses/update.json?include_entities=true")!
    static let body: [OAuth1.Parameter] = [("status", "Hello Ladies + Gentlemen, a signed OAuth request!")]
    static let nonce = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"

    @Test func reproducesThePublishedSignature() throws {
        let parameters = try #require(OAuth1.protocolParameters(
            method: "POST", url: Self.url, bodyParameters: Self.body, credentials: Self.credentials,
            nonce: Self.nonce, timestamp: 1_318_622_958))
        #expect(parameters.first { $0.name == "oauth_signature" }?.value == "hCtSmYh+iHYCEqBWrE7C7hYmtUk=")
    }

    @Test func reproducesThePublishedBaseString() {
        let base = OAuth1.signatureBaseString(
            method: "post", uri: "https://api.twitter.com/1.1/statuses/update.json",
            parameters: [("include_entities", "true")] + Self.body + [
                ("oauth_consumer_key", Self.credentials.consumerKey), ("oauth_nonce", Self.nonce),
                ("oauth_signature_method", "HMAC-SHA1"), ("oauth_timestamp", "1318622958"),
                ("oauth_token", Self.credentials.token), ("oauth_version", "1.0"),
            ])
        #expect(base == "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521")
    }

    @Test func headerRoundTripsThroughTheParser() throws {
        let header = try #require(OAuth1.authorizationHeader(
            method: "POST", url: Self.url, bodyParameters: Self.body, credentials: Self.credentials,
            nonce: Self.nonce, timestamp: 1_318_622_958))
        #expect(header.hasPrefix("OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\""))
        #expect(header.contains("oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D\""))
        let parsed = try #require(OAuth1.parseAuthorizationHeader(header))
        #expect(parsed["oauth_signature"] == "hCtSmYh+iHYCEqBWrE7C7hYmtUk=")
        #expect(parsed["oauth_token"] == Self.credentials.token)
        #expect(parsed.count == 7)
    }

    @Test func encodesUnicodeAndReservedCharactersByteByByte() {
        #expect(OAuth1.percentEncode("Ladies + Gentlemen") == "Ladies%20%2B%20Gentlemen")
        #expect(OAuth1.percentEncode("café ☃ 🐦") == "caf%C3%A9%20%E2%98%83%20%F0%9F%90%A6")
        #expect(OAuth1.percentEncode("a-b.c_d~e!*'();:@&=+$,/?#[]") == "a-b.c_d~e%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D")
        #expect(OAuth1.percentDecode("caf%C3%A9+x", plusIsSpace: true) == "café x")
        #expect(OAuth1.percentDecode("%ZZ") == nil)
    }

    /// Unicode and reserved characters in both the query and the body: the signature computed
    /// from the request as sent equals the one computed from the decoded parameters.
    @Test func signsUnicodeAndReservedCharactersInQueryAndBody() throws {
        let query: [OAuth1.Parameter] = [("q", "Zoë & Jürgen = 100% ☕"), ("list", "a,b;c")]
        let body: [OAuth1.Parameter] = [("status", "Größe: 5€ — ok? #wfrun @x (100%) ✓ 🚀"), ("text", "")]
        let url = URL(string: "https://api.x.com/1.1/search.json?" + OAuth1.encodeForm(query))!
        let parameters = try #require(OAuth1.protocolParameters(
            method: "POST", url: url, bodyParameters: body, credentials: Self.credentials, nonce: "n1", timestamp: 1_700_000_000))
        let expectedBase = OAuth1.signatureBaseString(
            method: "POST", uri: "https://api.x.com/1.1/search.json",
            parameters: query + body + parameters.filter { $0.name != "oauth_signature" })
        #expect(expectedBase.contains("q%3DZo%25C3%25AB%2520%2526%2520J%25C3%25BCrgen%2520%253D%2520100%2525%2520%25E2%2598%2595"))
        let expected = OAuth1.signature(baseString: expectedBase, consumerSecret: Self.credentials.consumerSecret, tokenSecret: Self.credentials.tokenSecret)
        #expect(parameters.first { $0.name == "oauth_signature" }?.value == expected)
        // The encoded query decodes back to exactly what was signed.
        let sentQuery = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery)
        let decoded = try #require(OAuth1.decodeForm(sentQuery))
        #expect(decoded.map(\.name) == ["q", "list"])
        #expect(decoded.map(\.value) == query.map(\.value))
    }

    /// The URI that is signed is the one requested: a non-default port stays, a default one goes,
    /// scheme and host are lower-cased, the path keeps its case.
    @Test func baseStringURIKeepsNonDefaultPorts() {
        #expect(OAuth1.baseStringURI(URL(string: "http://127.0.0.1:8123/2/users/me?x=1")!) == "http://127.0.0.1:8123/2/users/me")
        #expect(OAuth1.baseStringURI(URL(string: "HTTPS://API.X.com:443/1.1/Followers/list.json")!) == "https://api.x.com/1.1/Followers/list.json")
        #expect(OAuth1.baseStringURI(URL(string: "http://example.com:80")!) == "http://example.com/")
        #expect(OAuth1.baseStringURI(URL(string: "https://example.com:8443/a%20b")!) == "https://example.com:8443/a%20b")
    }

    @Test func appSecretProofIsHexHMACSHA256OfTheToken() {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), a published test vector.
        #expect(AppSecretProof.proof(accessToken: "The quick brown fox jumps over the lazy dog", appSecret: "key")
            == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
    }
}
