import Foundation
import SocialAuth

/// "Sign in with X" as the emulator serves it (OAuth 1.0a three-legged): `oauth/request_token`,
/// the authenticate page where a sandbox person allows or denies the app, `oauth/access_token`.
/// The user tokens it issues are accepted by `users/me` and `verify_credentials` (`XAPI`).
struct XOAuthPages: Sendable {
    let configuration: EmulatorConfiguration
    let dataset: EmulatorDataset
    let state: EmulatorState

    /// How many followers the authenticate page offers.
    static let peopleOffered = 20

    /// The answer to `/oauth/…`, or nil when the path is not one of these endpoints.
    func respond(to request: APIRequest) -> APIResponse? {
        guard request.components.count == 2, request.components[0] == "oauth" else { return nil }
        switch (request.method, request.components[1]) {
        case ("POST", "request_token"): return requestToken(request)
        case ("GET", "authenticate"), ("GET", "authorize"): return authenticatePage(request)
        case ("POST", "authenticate"), ("POST", "authorize"): return authenticateAnswer(request)
        case ("POST", "access_token"): return accessToken(request)
        default: return nil
        }
    }

    // MARK: Request token

    /// `POST /oauth/request_token`: signed by an account's consumer key and secret, no token.
    private func requestToken(_ request: APIRequest) -> APIResponse {
        let oauth: [String: String]
        switch verify(request, tokenSecret: { _ in "" }) {
        case .success(let parameters): oauth = parameters
        case .failure(let failure): return failure.v1Response
        }
        guard oauth["oauth_token"].map(\.isEmpty) ?? true,
            let account = dataset.xAccounts.first(where: { $0.credentials.consumerKey == oauth["oauth_consumer_key"] })
        else { return XAuthenticator.Failure.couldNotAuthenticate.v1Response }
        guard let callback = oauth["oauth_callback"] ?? request.parameter("oauth_callback"), SignInPage.isWebURL(callback) else {
            return XErrors.v1(status: 403, code: 415, message: "Callback URL not approved for this client application.")
        }
        let issued = state.signIns.issueXRequestToken(account: account.index, callback: callback)
        return .form(
            status: 200, [("oauth_token", issued.token), ("oauth_token_secret", issued.secret), ("oauth_callback_confirmed", "true")])
    }

    // MARK: Authenticate page

    /// The followers the page offers: the account's first 20.
    private func people(of account: EmulatedXAccount) -> [(index: Int, user: EmulatedUser)] {
        let range = dataset.followerIndexes(of: account)
        return range.prefix(Self.peopleOffered).map { ($0, dataset.user(index: $0)) }
    }

    /// `GET /oauth/authenticate?oauth_token=T`: who signs in, allow or cancel.
    private func authenticatePage(_ request: APIRequest) -> APIResponse {
        guard let token = request.queryValue("oauth_token"), let pending = state.signIns.pendingXRequestToken(token),
            pending.account < dataset.xAccounts.count
        else { return Self.noLongerValid }
        let account = dataset.xAccounts[pending.account]
        let options = people(of: account).map { (value: $0.user.id, text: "\($0.user.name) (@\($0.user.username))") }
        let body = """
            <p>\(SignInPage.escape(account.label))'s app wants to read your profile: your name, username, follower count and whether you are verified.</p>
            <form method="post" action="/oauth/authenticate">
            \(SignInPage.hidden("oauth_token", token))
            \(SignInPage.select(id: "person", name: "user_id", label: "Signed in as", options: options))
            <button id="allow" name="decision" value="allow">Authorize app</button>
            <button id="deny" name="decision" value="deny">Cancel</button>
            </form>
            """
        return .html(status: 200, SignInPage.page(title: "Sign in to \(account.label)'s app", body: body))
    }

    /// `POST /oauth/authenticate`: allow → the callback with `oauth_token` and `oauth_verifier`;
    /// deny → the callback with `denied`.
    private func authenticateAnswer(_ request: APIRequest) -> APIResponse {
        guard let token = request.parameter("oauth_token"), let pending = state.signIns.pendingXRequestToken(token),
            pending.account < dataset.xAccounts.count
        else { return Self.noLongerValid }
        switch request.parameter("decision") {
        case "allow":
            let account = dataset.xAccounts[pending.account]
            guard let userID = request.parameter("user_id"), let person = people(of: account).first(where: { $0.user.id == userID }) else {
                return SignInPage.error(status: 400, title: "Choose who signs in", detail: "Pick one of the people offered, then authorize the app.")
            }
            guard let answered = state.signIns.answerXRequestToken(token, person: person.index), let verifier = answered.verifier else {
                return Self.noLongerValid
            }
            return .redirect(to: SignInPage.appending([("oauth_token", token), ("oauth_verifier", verifier)], to: answered.request.callback))
        case "deny":
            guard let answered = state.signIns.answerXRequestToken(token, person: nil) else { return Self.noLongerValid }
            return .redirect(to: SignInPage.appending([("denied", token)], to: answered.request.callback))
        default:
            return SignInPage.error(status: 400, title: "Authorize or cancel", detail: "Use one of the page's two buttons.")
        }
    }

    /// The 400 page of an unknown or used request token.
    static let noLongerValid = SignInPage.error(
        status: 400, title: "This page is no longer valid",
        detail: "The sign-in it belongs to was completed, cancelled or never started. Go back to the site you came from and start again.")

    // MARK: Access token

    /// `POST /oauth/access_token`: signed with the consumer key and the request token (and its
    /// secret), with `oauth_verifier` in the header or the body.
    private func accessToken(_ request: APIRequest) -> APIResponse {
        let oauth: [String: String]
        switch verify(request, tokenSecret: { token in state.signIns.xRequestToken(token)?.secret }) {
        case .success(let parameters): oauth = parameters
        case .failure(let failure): return failure.v1Response
        }
        guard let token = oauth["oauth_token"], let pending = state.signIns.xRequestToken(token),
            pending.account < dataset.xAccounts.count,
            dataset.xAccounts[pending.account].credentials.consumerKey == oauth["oauth_consumer_key"]
        else { return XAuthenticator.Failure.invalidToken.v1Response }
        // Any attempt spends the request token: a wrong verifier cannot be retried.
        let verifier = oauth["oauth_verifier"] ?? request.parameter("oauth_verifier") ?? ""
        let userID = pending.person.map { dataset.user(index: $0).id } ?? ""
        guard let issued = state.signIns.exchangeXRequestToken(token, verifier: verifier, userID: userID) else {
            return XAuthenticator.Failure.invalidToken.v1Response
        }
        let user = dataset.user(index: issued.person)
        return .form(
            status: 200,
            [("oauth_token", issued.token), ("oauth_token_secret", issued.secret), ("user_id", user.id), ("screen_name", user.username)])
    }

    // MARK: Signatures

    /// The decoded `oauth_*` parameters of a request whose HMAC-SHA1 signature is right for one
    /// of the accounts' consumer secrets and the token secret `tokenSecret` gives (nil: unknown
    /// token), and whose timestamp is within 5 minutes.
    private func verify(_ request: APIRequest, tokenSecret: (String) -> String?) -> Result<[String: String], XAuthenticator.Failure> {
        guard let header = request.authorization, let oauth = OAuth1.parseAuthorizationHeader(header),
            let consumerKey = oauth["oauth_consumer_key"], let signature = oauth["oauth_signature"]
        else { return .failure(.badAuthenticationData) }
        guard let consumerSecret = dataset.xAccounts.first(where: { $0.credentials.consumerKey == consumerKey })?.credentials.consumerSecret,
            oauth["oauth_signature_method"] == "HMAC-SHA1", oauth["oauth_version"].map({ $0 == "1.0" }) ?? true
        else { return .failure(.couldNotAuthenticate) }
        let token = oauth["oauth_token"] ?? ""
        guard let secret = token.isEmpty ? "" : tokenSecret(token) else { return .failure(.invalidToken) }
        guard XAuthenticator.signature(of: request, oauth: oauth, consumerSecret: consumerSecret, tokenSecret: secret) == signature else {
            return .failure(.couldNotAuthenticate)
        }
        guard let timestamp = oauth["oauth_timestamp"].flatMap(Double.init),
            abs(timestamp - configuration.now().timeIntervalSince1970) <= XAuthenticator.timestampTolerance
        else { return .failure(.timestampOutOfBounds) }
        return .success(oauth)
    }
}
