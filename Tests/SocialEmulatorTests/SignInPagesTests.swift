import AsyncHTTPClient
import Foundation
import NIOCore
import SocialAuth
import SocialEmulator
import Testing

/// The emulator's sign-in endpoints at the HTTP level: what they refuse and how, that their
/// pages escape what they echo, and that an error page never redirects.
struct SignInPagesTests {
    /// The sandbox app's keys without a token, as `oauth/request_token` is signed.
    static func app(_ client: EmulatorClient) -> OAuth1Credentials {
        OAuth1Credentials(
            consumerKey: client.demo.credentials.consumerKey, consumerSecret: client.demo.credentials.consumerSecret, token: "", tokenSecret: "")
    }

    /// A client that does not follow redirects, as a test reads a `Location` (never shut down,
    /// like `HTTPClient.shared`).
    static let noRedirects = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    /// Posts a form without following the answer's redirect: the status and `Location`.
    static func post(_ url: String, form: [OAuth1.Parameter]) async throws -> (status: Int, location: String?) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: OAuth1.encodeForm(form)))
        let response = try await noRedirects.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers.first(name: "Location"))
    }

    @Test func aRequestTokenWithoutACallbackIs403Code415() async throws {
        try await EmulatorClient.with { client in
            let response = try await client.x("POST", "/oauth/request_token", credentials: Self.app(client))
            #expect(response.status == 403)
            #expect(response.body == #"{"errors":[{"code":415,"message":"Callback URL not approved for this client application."}]}"#)
        }
    }

    @Test func aRequestTokenWithABadSignatureIs401Code32() async throws {
        try await EmulatorClient.with { client in
            var wrong = Self.app(client)
            wrong.consumerSecret = "wrong"
            let response = try await client.x("POST", "/oauth/request_token", credentials: wrong)
            #expect(response.status == 401)
            #expect(response.body == #"{"errors":[{"code":32,"message":"Could not authenticate you."}]}"#)
        }
    }

    @Test func anUnknownRequestTokenIsExchangedForNothing() async throws {
        try await EmulatorClient.with { client in
            var credentials = Self.app(client)
            credentials.token = "never-issued"
            credentials.tokenSecret = "x"
            let response = try await client.x("POST", "/oauth/access_token", form: [("oauth_verifier", "v")], credentials: credentials)
            #expect(response.status == 401)
            #expect(response.body == #"{"errors":[{"code":89,"message":"Invalid or expired token."}]}"#)
        }
    }

    @Test func anUnknownAuthenticateTokenShowsAnExpiredPage() async throws {
        try await EmulatorClient.with { client in
            for path in ["/oauth/authenticate?oauth_token=nope", "/oauth/authorize?oauth_token=nope", "/oauth/authenticate"] {
                let response = try await client.get(client.emulator.xBaseURL.absoluteString + path)
                #expect(response.status == 400)
                #expect(response.header("content-type") == "text/html; charset=utf-8")
                #expect(response.body.contains("<h1>This page is no longer valid</h1>"))
            }
        }
    }

    @Test func theLoginDialogRefusesAnUnknownAppOrAMissingRedirectWithoutRedirecting() async throws {
        try await EmulatorClient.with { client in
            let root = client.emulator.facebookBaseURL.absoluteString
            let unknownApp = try await client.get(root + "/dialog/oauth?client_id=1&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb&state=s")
            #expect(unknownApp.status == 400)
            #expect(unknownApp.header("location") == nil)
            #expect(unknownApp.body.contains("<h1>Invalid App ID</h1>"))
            for redirect in ["", "&redirect_uri=javascript%3Aalert(1)", "&redirect_uri=%2Frelative"] {
                let response = try await client.get(root + "/dialog/oauth?client_id=\(client.page.appID)&state=s" + redirect)
                #expect(response.status == 400)
                #expect(response.header("location") == nil)
                #expect(response.body.contains("<h1>URL blocked</h1>"))
            }
            // Any Graph version serves the dialog.
            let older = try await client.get(
                client.emulator.xBaseURL.absoluteString + "/v19.0/dialog/oauth?client_id=\(client.page.appID)&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb")
            #expect(older.status == 200)
        }
    }

    @Test func theLoginDialogEscapesWhatItEchoes() async throws {
        try await EmulatorClient.with { client in
            let state = OAuth1.percentEncode(#""><script>alert('x')</script>"#)
            let redirect = OAuth1.percentEncode(#"http://127.0.0.1:9/cb?a=1&b="x""#)
            let response = try await client.get(
                client.emulator.facebookBaseURL.absoluteString + "/dialog/oauth?client_id=\(client.page.appID)&redirect_uri=\(redirect)&state=\(state)&scope=public_profile")
            #expect(response.status == 200)
            #expect(!response.body.contains("<script>"))
            #expect(response.body.contains(#"<input type="hidden" name="state" value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;">"#))
            #expect(response.body.contains(#"<input type="hidden" name="redirect_uri" value="http://127.0.0.1:9/cb?a=1&amp;b=&quot;x&quot;">"#))
            // No email asked, no checkbox.
            #expect(!response.body.contains("share-email"))
        }
    }

    @Test func theCodeExchangeReadsTheQueryToo() async throws {
        try await EmulatorClient.with { client in
            let root = client.emulator.facebookBaseURL.absoluteString
            let redirect = "http://127.0.0.1:9/cb?keep=1"
            let answer = try await Self.post(
                root + "/dialog/oauth",
                form: [
                    ("client_id", client.page.appID), ("redirect_uri", redirect), ("state", "s"), ("scope", "email"),
                    ("person_id", client.emulator.dataset.loginPeople(of: client.page)[3].person.id), ("decision", "allow"),
                ])
            #expect(answer.status == 302)
            let location = try #require(answer.location)
            #expect(location.hasPrefix("http://127.0.0.1:9/cb?keep=1&code="))
            #expect(location.hasSuffix("&state=s"))
            let code = String(location.dropFirst("http://127.0.0.1:9/cb?keep=1&code=".count).dropLast("&state=s".count))
            let query = OAuth1.encodeForm([
                ("client_id", client.page.appID), ("client_secret", client.page.appSecret), ("redirect_uri", redirect), ("code", code),
            ])
            let exchanged = try await client.get(root + "/oauth/access_token?" + query)
            #expect(exchanged.status == 200)
            #expect(exchanged.object?["token_type"] as? String == "bearer")
            #expect(exchanged.object?["expires_in"] as? Int == 5_183_944)
            let token = try #require(exchanged.object?["access_token"] as? String)
            // The email was not shared (no checkbox value): `/me` leaves it out even when asked.
            let me = try await client.get(
                root + "/me?" + OAuth1.encodeForm([
                    ("fields", "id,name,email"), ("access_token", token),
                    ("appsecret_proof", AppSecretProof.proof(accessToken: token, appSecret: client.page.appSecret)),
                ]))
            let person = client.emulator.dataset.loginPeople(of: client.page)[3].person
            #expect(me.body == #"{"id":"\#(person.id)","name":"\#(person.name)"}"#)
        }
    }

    @Test func datasetAppIdsAndEmailsAreDeterministic() {
        let dataset = EmulatorDataset(configuration: EmulatorConfiguration(seed: 5, pages: 2))
        #expect(dataset.facebookPages.map(\.appID) == ["880100200300001", "880100200300002"])
        let again = EmulatorDataset(configuration: EmulatorConfiguration(seed: 5, pages: 2))
        #expect(dataset.person(index: 7) == again.person(index: 7))
        #expect(dataset.person(index: 7).email.hasSuffix(".7@example.com"))
        #expect(dataset.loginPeople(of: dataset.facebookPages[1]).map(\.index) == Array(250..<270))
    }
}
