import Foundation
import SocialAuth
import Synchronization

/// The sign-in flows under way in an emulator: X request tokens and the user tokens they became,
/// Facebook codes and the user tokens they became. Every token, verifier and code is random and
/// single-use where the real networks make it so; nothing here is ever logged.
final class SignInState: Sendable {
    /// An X request token from `oauth/request_token`.
    struct XRequestToken: Sendable {
        /// The account whose app asked for it.
        var account: Int
        var secret: String
        /// The `oauth_callback`, absolute.
        var callback: String
        /// Set once the person allowed the app on the authenticate page.
        var verifier: String?
        /// The generated person who allowed it.
        var person: Int?
        /// Whether the page's form was answered (allowed or denied) or the token exchanged.
        var answered = false
        var exchanged = false
    }

    /// A person's X token, accepted by `users/me` and `verify_credentials`.
    struct XUserToken: Sendable {
        var account: Int
        var person: Int
        var secret: String
    }

    /// A Facebook code from the login dialog.
    struct FacebookCode: Sendable {
        var page: Int
        var redirectURI: String
        var person: Int
        var emailGranted: Bool
        var used = false
    }

    /// A person's Facebook token, accepted by `/me`.
    struct FacebookUserToken: Sendable {
        var page: Int
        var person: Int
        var emailGranted: Bool
    }

    private struct Storage {
        var xRequestTokens: [String: XRequestToken] = [:]
        var xUserTokens: [String: XUserToken] = [:]
        var facebookCodes: [String: FacebookCode] = [:]
        var facebookUserTokens: [String: FacebookUserToken] = [:]
    }

    private let storage = Mutex(Storage())

    /// The most flows of each kind kept: past it, an arbitrary old one is forgotten, so that a
    /// client looping on `request_token` cannot grow the emulator without bound.
    static let capacity = 10_000

    /// Stores `value` under `key`, first forgetting an entry when the table is full.
    private static func insert<Value>(_ value: Value, for key: String, into table: inout [String: Value]) {
        if table.count >= capacity, let victim = table.keys.first { table.removeValue(forKey: victim) }
        table[key] = value
    }

    /// A random token of about 43 letters and digits.
    static func randomToken() -> String {
        OAuth1.makeNonce()
    }

    // MARK: X

    /// Records a new request token and returns it with its secret.
    func issueXRequestToken(account: Int, callback: String) -> (token: String, secret: String) {
        let token = Self.randomToken()
        let secret = Self.randomToken()
        storage.withLock { Self.insert(XRequestToken(account: account, secret: secret, callback: callback), for: token, into: &$0.xRequestTokens) }
        return (token, secret)
    }

    /// A request token not yet answered on the authenticate page.
    func pendingXRequestToken(_ token: String) -> XRequestToken? {
        storage.withLock { state in
            guard let found = state.xRequestTokens[token], !found.answered, !found.exchanged else { return nil }
            return found
        }
    }

    /// Answers the authenticate page once: `person` allowed (a verifier is returned) or, with
    /// nil, denied. Nil when the token is unknown or was answered already.
    func answerXRequestToken(_ token: String, person: Int?) -> (request: XRequestToken, verifier: String?)? {
        storage.withLock { state in
            guard var found = state.xRequestTokens[token], !found.answered, !found.exchanged else { return nil }
            found.answered = true
            if let person {
                found.person = person
                found.verifier = Self.randomToken()
            }
            state.xRequestTokens[token] = found
            return (found, found.verifier)
        }
    }

    /// The request token, whatever its state (to check an `oauth/access_token` signature).
    func xRequestToken(_ token: String) -> XRequestToken? {
        storage.withLock { $0.xRequestTokens[token] }
    }

    /// Exchanges an allowed request token and its verifier for a user token, once: the token is
    /// spent by any attempt, right or wrong. Nil for an unknown, denied or spent token or a wrong verifier.
    func exchangeXRequestToken(_ token: String, verifier: String, userID: String) -> (token: String, secret: String, person: Int)? {
        storage.withLock { state in
            guard var found = state.xRequestTokens[token], !found.exchanged else { return nil }
            found.exchanged = true
            state.xRequestTokens[token] = found
            guard let expected = found.verifier, expected == verifier, let person = found.person else { return nil }
            let user = userID + "-" + Self.randomToken()
            let secret = Self.randomToken()
            Self.insert(XUserToken(account: found.account, person: person, secret: secret), for: user, into: &state.xUserTokens)
            return (user, secret, person)
        }
    }

    /// The person's X token.
    func xUserToken(_ token: String) -> XUserToken? {
        storage.withLock { $0.xUserTokens[token] }
    }

    // MARK: Facebook

    /// Records a new code for a person who allowed the page's app.
    func issueFacebookCode(page: Int, redirectURI: String, person: Int, emailGranted: Bool) -> String {
        let code = "AQ" + Self.randomToken()
        storage.withLock {
            Self.insert(
                FacebookCode(page: page, redirectURI: redirectURI, person: person, emailGranted: emailGranted), for: code, into: &$0.facebookCodes)
        }
        return code
    }

    /// Why a code cannot be exchanged.
    enum CodeRefusal: Error, Equatable {
        case unknown, used, redirectMismatch
    }

    /// Exchanges a code of `page` for a user token, once.
    func exchangeFacebookCode(_ code: String, page: Int, redirectURI: String) -> Result<String, CodeRefusal> {
        storage.withLock { state in
            guard var found = state.facebookCodes[code], found.page == page else { return .failure(.unknown) }
            guard !found.used else { return .failure(.used) }
            guard found.redirectURI == redirectURI else { return .failure(.redirectMismatch) }
            found.used = true
            state.facebookCodes[code] = found
            let token = "EAAU" + Self.randomToken()
            Self.insert(
                FacebookUserToken(page: page, person: found.person, emailGranted: found.emailGranted), for: token, into: &state.facebookUserTokens)
            return .success(token)
        }
    }

    /// The person's Facebook token.
    func facebookUserToken(_ token: String) -> FacebookUserToken? {
        storage.withLock { $0.facebookUserTokens[token] }
    }
}
