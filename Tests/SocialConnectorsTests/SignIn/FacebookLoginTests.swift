import Foundation
import SocialAuth
import SocialEmulator
import Testing

@testable import SocialConnectors

/// Facebook Login end to end against the emulator over loopback HTTP: the dialog's form posted
/// as a browser posts it, the code exchanged (the secret in a form body), `/me` with its
/// `appsecret_proof`, with and without the email; and each refusal with its exact message.
@Suite struct FacebookLoginTests {
    static let redirect = URL(string: "http://127.0.0.1:9/join/wfrunpage/callback")!

    /// Opens the dialog, answers it, returns the redirect's `Location`.
    static func login(
        _ sandbox: SignInSandbox, _ login: FacebookLogin, scopes: [String] = ["email"], shareEmail: Bool = true, decision: String = "allow",
        state: String = "st4te"
    ) async throws -> String? {
        let dialog = try login.dialogURL(redirect: redirect, state: state, scopes: scopes)
        let page = try await sandbox.browse(dialog)
        #expect(page.status == 200)
        var form: [OAuth1.Parameter] = [
            ("client_id", sandbox.page.appID), ("redirect_uri", redirect.absoluteString), ("state", state),
            ("scope", scopes.joined(separator: ",")), ("person_id", SignInSandbox.optionValues(page.body).first ?? ""), ("decision", decision),
        ]
        if shareEmail { form.append(("email", "1")) }
        let answer = try await sandbox.browse(URL(string: dialog.absoluteString.components(separatedBy: "?")[0])!, method: "POST", form: form)
        #expect(answer.status == 302)
        return answer.location
    }

    static func firstPerson(_ sandbox: SignInSandbox) -> EmulatedPerson {
        sandbox.emulator.dataset.loginPeople(of: sandbox.page)[0].person
    }

    @Test func theDialogURLNamesTheAppTheRedirectTheStateAndTheScopes() throws {
        let service = Service(
            name: "acmepage", type: .facebook, pageId: "1", appId: "42", secrets: ["pageAccessToken": Secret(.value("t")), "appSecret": Secret(.value("s"))])
        let url = try FacebookLogin(service: service).dialogURL(
            redirect: URL(string: "https://acme.example/join/acmepage/callback")!, state: "a b", scopes: ["email", "public_profile"])
        #expect(url.absoluteString
            == "https://www.facebook.com/v24.0/dialog/oauth?client_id=42&redirect_uri=https%3A%2F%2Facme.example%2Fjoin%2Facmepage%2Fcallback&state=a%20b&response_type=code&scope=email%2Cpublic_profile")
    }

    @Test func theDialogNeedsAnAppIdAndAnAppSecret() {
        let noApp = Service(name: "acmepage", type: .facebook, pageId: "1", secrets: ["pageAccessToken": Secret(.value("t"))])
        #expect(throws: SignInError.self) { try FacebookLogin(service: noApp).dialogURL(redirect: Self.redirect, state: "s", scopes: []) }
        do throws(SignInError) {
            _ = try FacebookLogin(service: noApp).dialogURL(redirect: Self.redirect, state: "s", scopes: [])
        } catch {
            #expect(error.description == "Facebook service 'acmepage' has no appId; add appId=\"…\" (the app's id) to the service in the services file")
        }
        var noSecret = noApp
        noSecret.appId = "42"
        do throws(SignInError) {
            _ = try FacebookLogin(service: noSecret).dialogURL(redirect: Self.redirect, state: "s", scopes: [])
            Issue.record("a dialog URL was made without an app secret")
        } catch {
            #expect(error.description
                == "Facebook service 'acmepage' cannot sign people in: service 'acmepage' declares no <appSecret>: add <appSecret env=\"NAME\"/> to it in the services file")
        }
    }

    @Test func theWholeFlowGivesThePersonWithTheEmail() async throws {
        try await SignInSandbox.with { sandbox in
            let login = FacebookLogin(service: sandbox.facebookService(), transport: Fixtures.transport)
            let dialog = try login.dialogURL(redirect: Self.redirect, state: "st4te", scopes: ["email"])
            #expect(dialog.absoluteString.hasPrefix(sandbox.emulator.facebookBaseURL.absoluteString + "/dialog/oauth?client_id=\(sandbox.page.appID)&"))
            let page = try await sandbox.browse(dialog)
            #expect(page.body.contains("<title>Log in to wfrun Café&#39;s app</title>"))
            #expect(page.body.contains(#"<input type="checkbox" id="share-email" name="email" value="1" checked>"#))
            #expect(page.body.contains(#"<select id="person" name="person_id">"#))
            #expect(SignInSandbox.optionValues(page.body).count == 20)

            let location = try #require(try await Self.login(sandbox, login))
            #expect(location.hasPrefix("http://127.0.0.1:9/join/wfrunpage/callback?code="))
            let query = SignInSandbox.query(location)
            #expect(query["state"] == "st4te")
            let code = try #require(query["code"])
            let token = try await login.exchange(code: code, redirect: Self.redirect)
            let person = Self.firstPerson(sandbox)
            #expect(try await login.profile(token: token) == SignedInProfile(id: person.id, name: person.name, email: person.email))
            #expect(person.email.hasSuffix("@example.com"))
        }
    }

    @Test func withoutTheEmailGrantedTheProfileHasNone() async throws {
        try await SignInSandbox.with { sandbox in
            let login = FacebookLogin(service: sandbox.facebookService(), transport: Fixtures.transport)
            let person = Self.firstPerson(sandbox)
            for (scopes, share) in [(["email"], false), (["public_profile"], true)] {
                let location = try await Self.login(sandbox, login, scopes: scopes, shareEmail: share)
                let code = try #require(SignInSandbox.query(location)["code"])
                let token = try await login.exchange(code: code, redirect: Self.redirect)
                #expect(try await login.profile(token: token) == SignedInProfile(id: person.id, name: person.name))
            }
        }
    }

    @Test func denyingRedirectsWithFacebooksErrorParameters() async throws {
        try await SignInSandbox.with { sandbox in
            let login = FacebookLogin(service: sandbox.facebookService(), transport: Fixtures.transport)
            let location = try await Self.login(sandbox, login, decision: "deny")
            #expect(location
                == "http://127.0.0.1:9/join/wfrunpage/callback?error=access_denied&error_code=200&error_description=Permissions%20error&error_reason=user_denied&state=st4te")
        }
    }

    @Test func aUsedCodeIsRefusedWithSubcode36009() async throws {
        try await SignInSandbox.with { sandbox in
            let login = FacebookLogin(service: sandbox.facebookService(), transport: Fixtures.transport)
            let code = try #require(SignInSandbox.query(try await Self.login(sandbox, login))["code"])
            _ = try await login.exchange(code: code, redirect: Self.redirect)
            do throws(SignInError) {
                _ = try await login.exchange(code: code, redirect: Self.redirect)
                Issue.record("a used code was exchanged")
            } catch {
                #expect(error.description
                    == "Facebook service 'wfrunpage': Facebook refused the code exchange (HTTP 400, code 100, subcode 36009: This authorization code has been used.); the login was already completed; start again")
                #expect(!error.description.contains(code))
            }
        }
    }

    @Test func anotherRedirectURLIsRefused() async throws {
        try await SignInSandbox.with { sandbox in
            let login = FacebookLogin(service: sandbox.facebookService(), transport: Fixtures.transport)
            let code = try #require(SignInSandbox.query(try await Self.login(sandbox, login))["code"])
            do throws(SignInError) {
                _ = try await login.exchange(code: code, redirect: URL(string: "http://127.0.0.1:9/elsewhere")!)
                Issue.record("a code was exchanged for another redirect URL")
            } catch {
                #expect(error.description
                    == "Facebook service 'wfrunpage': Facebook refused the code exchange (HTTP 400, code 100: Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request); the redirect URL must be the one the login dialog was opened with")
            }
            do throws(SignInError) {
                _ = try await login.exchange(code: "AQnot-a-code", redirect: Self.redirect)
                Issue.record("an unknown code was exchanged")
            } catch {
                #expect(error.description
                    == "Facebook service 'wfrunpage': Facebook refused the code exchange (HTTP 400, code 100: Invalid verification code format.); start the login again")
            }
        }
    }

    @Test func aWrongAppSecretIsCode1() async throws {
        try await SignInSandbox.with { sandbox in
            let good = FacebookLogin(service: sandbox.facebookService(), transport: Fixtures.transport)
            let code = try #require(SignInSandbox.query(try await Self.login(sandbox, good))["code"])
            let wrong = FacebookLogin(service: sandbox.facebookService(appSecret: "not-the-secret"), transport: Fixtures.transport)
            do throws(SignInError) {
                _ = try await wrong.exchange(code: code, redirect: Self.redirect)
                Issue.record("a wrong app secret was accepted")
            } catch {
                #expect(error.description
                    == "Facebook service 'wfrunpage': Facebook refused the code exchange (HTTP 400, code 1: Error validating client secret.); check the service's appId and appSecret")
                #expect(!error.description.contains("not-the-secret"))
            }
        }
    }

    @Test func theAppSecretProofIsChecked() async throws {
        try await SignInSandbox.with { sandbox in
            let good = FacebookLogin(service: sandbox.facebookService(), transport: Fixtures.transport)
            let code = try #require(SignInSandbox.query(try await Self.login(sandbox, good))["code"])
            let token = try await good.exchange(code: code, redirect: Self.redirect)
            // Same app id, another secret: the proof of the token is wrong.
            let wrong = FacebookLogin(service: sandbox.facebookService(appSecret: "not-the-secret"), transport: Fixtures.transport)
            do throws(SignInError) {
                _ = try await wrong.profile(token: token)
                Issue.record("a wrong appsecret_proof was accepted")
            } catch {
                #expect(error.description
                    == "Facebook service 'wfrunpage': Facebook refused the profile (HTTP 400, code 100: Invalid appsecret_proof provided in the API argument); check the service's appSecret")
                #expect(!error.description.contains(token))
            }
            do throws(SignInError) {
                _ = try await good.profile(token: "EAAUnot-a-token")
                Issue.record("an unknown user token was accepted")
            } catch {
                #expect(error.description
                    == "Facebook service 'wfrunpage': Facebook refused the profile (HTTP 400, code 190: Invalid OAuth access token - Cannot parse access token); the login has expired; start again")
            }
        }
    }
}
