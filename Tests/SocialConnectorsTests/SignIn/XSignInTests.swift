import Foundation
import SocialEmulator
import Testing

@testable import SocialConnectors

/// "Sign in with X" end to end against the emulator over loopback HTTP: request token, the
/// authenticate page's form posted as a browser posts it, the redirect read by hand, the access
/// token, then the person's profile, exactly the dataset's person, in both API versions.
@Suite struct XSignInTests {
    static let callback = URL(string: "http://127.0.0.1:9/join/wfrun_demo/callback?state=s%201")!

    /// Runs the flow up to the callback: the request token and the callback's `Location`.
    static func authorize(
        _ sandbox: SignInSandbox, _ signIn: XSignIn, decision: String = "allow"
    ) async throws -> (request: (token: String, secret: String), location: String?) {
        let request = try await signIn.requestToken(callback: callback)
        let page = try await sandbox.browse(signIn.authenticateURL(token: request.token))
        #expect(page.status == 200)
        let people = SignInSandbox.optionValues(page.body)
        let answer = try await sandbox.browse(
            sandbox.emulator.xBaseURL.appendingPathComponent("oauth/authenticate"), method: "POST",
            form: [("oauth_token", request.token), ("user_id", people.first ?? ""), ("decision", decision)])
        #expect(answer.status == 302)
        return (request, answer.location)
    }

    /// The person the page offers first: the account's first follower.
    static func firstFollower(_ sandbox: SignInSandbox) -> EmulatedUser {
        sandbox.emulator.dataset.user(index: sandbox.emulator.dataset.followerIndexes(of: sandbox.demo).lowerBound)
    }

    @Test(arguments: [XAPIVersion.v2, .v1_1])
    func theWholeFlowGivesTheDatasetPersonsProfile(version: XAPIVersion) async throws {
        try await SignInSandbox.with { sandbox in
            let signIn = XSignIn(service: sandbox.xService(sandbox.demo, version: version), transport: Fixtures.transport)
            let request = try await signIn.requestToken(callback: Self.callback)
            #expect(signIn.authenticateURL(token: request.token).absoluteString
                == sandbox.emulator.xBaseURL.absoluteString + "/oauth/authenticate?oauth_token=" + request.token)

            let page = try await sandbox.browse(signIn.authenticateURL(token: request.token))
            #expect(page.status == 200)
            #expect(page.body.contains("<title>Sign in to wfrun demo on X&#39;s app</title>"))
            #expect(page.body.contains(#"<form method="post" action="/oauth/authenticate">"#))
            #expect(page.body.contains(#"<input type="hidden" name="oauth_token" value="\#(request.token)">"#))
            #expect(page.body.contains(#"<button id="allow" name="decision" value="allow">Authorize app</button>"#))
            #expect(page.body.contains(#"<button id="deny" name="decision" value="deny">Cancel</button>"#))
            let person = Self.firstFollower(sandbox)
            let people = SignInSandbox.optionValues(page.body)
            #expect(people.count == 20)
            #expect(people.first == person.id)
            #expect(page.body.contains(#"<option value="\#(person.id)">\#(SignInPageText.escape(person.name)) (@\#(person.username))</option>"#))

            let answer = try await sandbox.browse(
                sandbox.emulator.xBaseURL.appendingPathComponent("oauth/authenticate"), method: "POST",
                form: [("oauth_token", request.token), ("user_id", person.id), ("decision", "allow")])
            #expect(answer.status == 302)
            let location = try #require(answer.location)
            #expect(location.hasPrefix("http://127.0.0.1:9/join/wfrun_demo/callback?state=s%201&oauth_token=\(request.token)&oauth_verifier="))
            let query = SignInSandbox.query(location)
            #expect(query["state"] == "s 1")
            let verifier = try #require(query["oauth_verifier"])

            let credentials = try await signIn.accessToken(requestToken: request.token, requestSecret: request.secret, verifier: verifier)
            #expect(credentials.userID == person.id)
            #expect(credentials.screenName == person.username)
            let profile = try await signIn.profile(credentials)
            #expect(profile == SignedInProfile(
                id: person.id, username: person.username, name: person.name, followers: person.followersCount, verified: person.verified))
        }
    }

    @Test func aReplayedVerifierIsRefusedWithCode89() async throws {
        try await SignInSandbox.with { sandbox in
            let signIn = XSignIn(service: sandbox.xService(sandbox.demo, version: .v2), transport: Fixtures.transport)
            let (request, location) = try await Self.authorize(sandbox, signIn)
            let verifier = try #require(SignInSandbox.query(location)["oauth_verifier"])
            _ = try await signIn.accessToken(requestToken: request.token, requestSecret: request.secret, verifier: verifier)
            do throws(SignInError) {
                _ = try await signIn.accessToken(requestToken: request.token, requestSecret: request.secret, verifier: verifier)
                Issue.record("a replayed verifier was accepted")
            } catch {
                #expect(error.description
                    == "X service 'wfrun_demo': X refused the access token (HTTP 401, code 89: Invalid or expired token.); the sign-in was already completed or has expired; start again")
                #expect(error.status == 401)
                #expect(error.code == 89)
                #expect(!error.description.contains(verifier) && !error.description.contains(request.token))
            }
            // The authenticate page of a used token is gone.
            let again = try await sandbox.browse(signIn.authenticateURL(token: request.token))
            #expect(again.status == 400)
            #expect(again.body.contains("<title>This page is no longer valid</title>"))
        }
    }

    @Test func aWrongVerifierSpendsTheRequestToken() async throws {
        try await SignInSandbox.with { sandbox in
            let signIn = XSignIn(service: sandbox.xService(sandbox.demo, version: .v2), transport: Fixtures.transport)
            let (request, location) = try await Self.authorize(sandbox, signIn)
            let verifier = try #require(SignInSandbox.query(location)["oauth_verifier"])
            await #expect(throws: SignInError.self) {
                try await signIn.accessToken(requestToken: request.token, requestSecret: request.secret, verifier: "guess")
            }
            do throws(SignInError) {
                _ = try await signIn.accessToken(requestToken: request.token, requestSecret: request.secret, verifier: verifier)
                Issue.record("the right verifier was accepted after a wrong one")
            } catch {
                #expect(error.code == 89)
            }
        }
    }

    @Test func denyingRedirectsWithDeniedAndNoVerifier() async throws {
        try await SignInSandbox.with { sandbox in
            let signIn = XSignIn(service: sandbox.xService(sandbox.demo, version: .v2), transport: Fixtures.transport)
            let (request, location) = try await Self.authorize(sandbox, signIn, decision: "deny")
            #expect(location == "http://127.0.0.1:9/join/wfrun_demo/callback?state=s%201&denied=\(request.token)")
            do throws(SignInError) {
                _ = try await signIn.accessToken(requestToken: request.token, requestSecret: request.secret, verifier: "")
                Issue.record("a denied request token was exchanged")
            } catch {
                #expect(error.code == 89)
            }
        }
    }

    @Test(arguments: [XAPIVersion.v2, .v1_1])
    func theProfileNeedsThePersonsTokenSecret(version: XAPIVersion) async throws {
        try await SignInSandbox.with { sandbox in
            let signIn = XSignIn(service: sandbox.xService(sandbox.demo, version: version), transport: Fixtures.transport)
            let (request, location) = try await Self.authorize(sandbox, signIn)
            let verifier = try #require(SignInSandbox.query(location)["oauth_verifier"])
            var credentials = try await signIn.accessToken(requestToken: request.token, requestSecret: request.secret, verifier: verifier)
            credentials.tokenSecret += "x"
            do throws(SignInError) {
                _ = try await signIn.profile(credentials)
                Issue.record("a person's token was accepted with a wrong secret")
            } catch {
                let expected = version == .v2
                    ? "X service 'wfrun_demo': X refused the profile (HTTP 401: Unauthorized); start the sign-in again"
                    : "X service 'wfrun_demo': X refused the profile (HTTP 401, code 32: Could not authenticate you.); start the sign-in again"
                #expect(error.description == expected)
                #expect(!error.description.contains(credentials.token))
            }
        }
    }

    @Test func aWrongConsumerSecretIsCode32() async throws {
        try await SignInSandbox.with { sandbox in
            let service = sandbox.xService(sandbox.demo, version: .v2, consumerSecret: "not-the-secret")
            do throws(SignInError) {
                _ = try await XSignIn(service: service, transport: Fixtures.transport).requestToken(callback: Self.callback)
                Issue.record("a wrong consumer secret was accepted")
            } catch {
                #expect(error.description
                    == "X service 'wfrun_demo': X refused the request token (HTTP 401, code 32: Could not authenticate you.); check the service's consumerKey and consumerSecret")
                #expect(!error.description.contains("not-the-secret"))
            }
        }
    }

    @Test func aCallbackThatIsNotAWebURLIsCode415() async throws {
        try await SignInSandbox.with { sandbox in
            let signIn = XSignIn(service: sandbox.xService(sandbox.demo, version: .v2), transport: Fixtures.transport)
            do throws(SignInError) {
                _ = try await signIn.requestToken(callback: URL(string: "oob")!)
                Issue.record("a callback that is not a URL was accepted")
            } catch {
                #expect(error.description
                    == "X service 'wfrun_demo': X refused the request token (HTTP 403, code 415: Callback URL not approved for this client application.); register the callback URL in the app's settings in the X developer portal")
            }
        }
    }

    @Test func anUnreachableBaseURLIsNamedWithoutItsQuery() async throws {
        let service = Fixtures.xService("acme", baseURL: URL(string: "http://127.0.0.1:1")!)
        do throws(SignInError) {
            _ = try await XSignIn(service: service, transport: Fixtures.transport).requestToken(callback: Self.callback)
            Issue.record("an unreachable API answered")
        } catch {
            #expect(error.description
                == "X service 'acme': the request token got no answer from http://127.0.0.1:1 (connection refused); check the service's baseURL and the network, then try again")
        }
    }

    @Test func aMissingSecretIsNamed() async throws {
        let service = Service(name: "acme", type: .twitter, baseURL: URL(string: "http://127.0.0.1:1")!)
        do throws(SignInError) {
            _ = try await XSignIn(service: service, transport: Fixtures.transport).requestToken(callback: Self.callback)
            Issue.record("a service without secrets signed a request")
        } catch {
            #expect(error.description
                == "X service 'acme' cannot sign people in: service 'acme' declares no <consumerKey>: add <consumerKey env=\"NAME\"/> to it in the services file")
        }
    }
}

/// The escaping the emulator's pages use, to compare names with their HTML.
enum SignInPageText {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
