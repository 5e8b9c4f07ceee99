import Foundation
import SocialAuth

/// "Sign in with X": OAuth 1.0a three-legged, with the service's app (its consumer key and
/// secret). A request token with a callback, the person authorizes on X's `oauth/authenticate`
/// page, the verifier X sends back is exchanged for the person's own token, which reads their
/// profile once and is dropped.
public struct XSignIn: Sendable {
    private let exchange: SignInExchange
    private let environment: [String: String]

    /// A sign-in with the app of `service` (an X service).
    public init(
        service: Service, transport: HTTPTransport = .shared, timeout: Double = 30,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        exchange = SignInExchange(service: service, transport: transport, timeout: timeout)
        self.environment = environment
    }

    private var service: Service { exchange.service }

    /// POST {baseURL}/oauth/request_token with `oauth_callback` (signed with the consumer key and
    /// secret, no token).
    /// - Throws: `SignInError`, also when the answer lacks `oauth_callback_confirmed=true`.
    public func requestToken(callback: URL) async throws(SignInError) -> (token: String, secret: String) {
        let app = try consumer()
        let url = APIRequest.makeURL(service.baseURL, path: "/oauth/request_token")
        let response = try await signedPost(
            url, credentials: OAuth1Credentials(consumerKey: app.key, consumerSecret: app.secret, token: "", tokenSecret: ""),
            extra: [("oauth_callback", callback.absoluteString)], step: "the request token")
        let secrets = [app.key, app.secret]
        guard response.isSuccess else { throw failure(response, step: "the request token", secrets: secrets) }
        guard let fields = SignInExchange.form(response.body), let token = fields["oauth_token"], !token.isEmpty,
            let secret = fields["oauth_token_secret"], !secret.isEmpty
        else { throw unreadable(response, step: "the request token") }
        guard fields["oauth_callback_confirmed"] == "true" else {
            throw SignInError(
                "\(service.displayName): X did not confirm the callback URL (no oauth_callback_confirmed=true in its answer to the request token); the sign-in cannot go on",
                status: response.status)
        }
        return (token, secret)
    }

    /// {baseURL}/oauth/authenticate?oauth_token=…: where the person's browser goes next.
    public func authenticateURL(token: String) -> URL {
        APIRequest.makeURL(service.baseURL, path: "/oauth/authenticate", query: [("oauth_token", token)])
    }

    /// POST {baseURL}/oauth/access_token with `oauth_verifier`, signed with the request token and
    /// its secret: the person's own credentials.
    public func accessToken(requestToken: String, requestSecret: String, verifier: String) async throws(SignInError) -> XUserCredentials {
        let app = try consumer()
        let url = APIRequest.makeURL(service.baseURL, path: "/oauth/access_token")
        let response = try await signedPost(
            url,
            credentials: OAuth1Credentials(consumerKey: app.key, consumerSecret: app.secret, token: requestToken, tokenSecret: requestSecret),
            extra: [("oauth_verifier", verifier)], step: "the access token")
        let secrets = [app.key, app.secret, requestToken, requestSecret, verifier]
        guard response.isSuccess else { throw failure(response, step: "the access token", secrets: secrets) }
        guard let fields = SignInExchange.form(response.body), let token = fields["oauth_token"], !token.isEmpty,
            let secret = fields["oauth_token_secret"], !secret.isEmpty, let userID = fields["user_id"], !userID.isEmpty,
            let screenName = fields["screen_name"], !screenName.isEmpty
        else { throw unreadable(response, step: "the access token") }
        return XUserCredentials(userID: userID, screenName: screenName, token: token, tokenSecret: secret)
    }

    /// The person's profile, signed with their own token: `GET /2/users/me?user.fields=public_metrics,verified`
    /// (apiVersion 2) or `GET /1.1/account/verify_credentials.json` (1.1).
    public func profile(_ credentials: XUserCredentials) async throws(SignInError) -> SignedInProfile {
        let app = try consumer()
        let url: URL
        switch service.apiVersion {
        case .v2: url = APIRequest.makeURL(service.baseURL, path: "/2/users/me", query: [("user.fields", "public_metrics,verified")])
        case .v1_1: url = APIRequest.makeURL(service.baseURL, path: "/1.1/account/verify_credentials.json", query: [("skip_status", "true")])
        }
        let signing = OAuth1Credentials(
            consumerKey: app.key, consumerSecret: app.secret, token: credentials.token, tokenSecret: credentials.tokenSecret)
        guard let header = OAuth1.authorizationHeader(
            method: "GET", url: url, credentials: signing, nonce: OAuth1.makeNonce(), timestamp: Int(Date().timeIntervalSince1970))
        else { throw badBaseURL() }
        let response = try await exchange.send("GET", url, headers: [("Authorization", header)], step: "the profile")
        guard response.isSuccess else {
            throw failure(response, step: "the profile", secrets: [app.key, app.secret, credentials.token, credentials.tokenSecret])
        }
        let decoder = XUserDecoder(records: XRecords(service: service))
        let account: XUserDecoder.Account
        do {
            account = try service.apiVersion == .v2 ? decoder.v2Account(response.body) : decoder.v1Account(response.body)
        } catch {
            throw unreadable(response, step: "the profile")
        }
        guard !account.id.isEmpty else { throw unreadable(response, step: "the profile") }
        var profile = SignedInProfile(id: account.id, username: account.username)
        if case .string(let name)? = account.record["name"] { profile.name = name }
        if case .bool(let verified)? = account.record["verified"] { profile.verified = verified }
        if case .object(let metrics)? = account.record["public_metrics"], case .int(let count)? = metrics["followers_count"] {
            profile.followers = Int(exactly: count)
        }
        return profile
    }

    // MARK: Requests and errors

    private func consumer() throws(SignInError) -> (key: String, secret: String) {
        guard service.type == .twitter else {
            throw SignInError("\(service.displayName) is not an X service; sign in with X through an X service")
        }
        return (try exchange.secret("consumerKey", environment: environment), try exchange.secret("consumerSecret", environment: environment))
    }

    private func signedPost(
        _ url: URL, credentials: OAuth1Credentials, extra: [OAuth1.Parameter], step: String
    ) async throws(SignInError) -> APIResponse {
        guard let header = OAuth1.authorizationHeader(
            method: "POST", url: url, credentials: credentials, nonce: OAuth1.makeNonce(), timestamp: Int(Date().timeIntervalSince1970),
            extra: extra)
        else { throw badBaseURL() }
        return try await exchange.send("POST", url, headers: [("Authorization", header)], step: step)
    }

    private func badBaseURL() -> SignInError {
        SignInError("\(service.displayName): baseURL \(Redaction.url(service.baseURL)) is not a URL to sign requests to; fix the services file")
    }

    /// X's error answer, with what to do about its usual codes.
    private func failure(_ response: APIResponse, step: String, secrets: [String]) -> SignInError {
        let parsed = XErrorMapping.Body(response.body)
        let code = parsed?.code
        let said = parsed?.message.map { SignInExchange.quote($0, hiding: secrets) }
        let details = "HTTP \(response.status)" + (code.map { ", code \($0)" } ?? "") + (said.map { ": \($0)" } ?? "")
        let advice: String
        switch (response.status, code, step) {
        case (_, _, "the profile"):
            // Signed with the person's own token: the app's keys already passed two steps.
            advice = "start the sign-in again"
        case (401, 32?, _):
            advice = "check the service's consumerKey and consumerSecret"
        case (401, 89?, _):
            advice = "the sign-in was already completed or has expired; start again"
        case (403, 415?, _):
            advice = "register the callback URL in the app's settings in the X developer portal"
        default:
            advice = "start the sign-in again; if it keeps failing, check the app's settings in the X developer portal"
        }
        return SignInError("\(service.displayName): X refused \(step) (\(details)); \(advice)", status: response.status, code: code)
    }

    private func unreadable(_ response: APIResponse, step: String) -> SignInError {
        SignInError(
            "\(service.displayName): X's answer to \(step) (HTTP \(response.status)) lacks the fields a sign-in needs; start the sign-in again",
            status: response.status)
    }
}
