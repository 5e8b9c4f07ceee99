import Foundation
import SocialAuth

/// Checks the OAuth 1.0a signature of an X request the way X does: the signed base URI is the
/// URL the client requested (from its `Host` header and raw path), the signed parameters are the
/// query, the form body and the `oauth_*` parameters.
struct XAuthenticator: Sendable {
    let accounts: [EmulatedXAccount]
    let state: EmulatorState

    /// Why a request is not authenticated, with its v1.1 status and code.
    enum Failure: Error, Equatable {
        /// No usable `Authorization: OAuth …` header: 400, code 215.
        case badAuthenticationData
        /// Unknown keys or a wrong signature: 401, code 32.
        case couldNotAuthenticate
        /// A revoked token: 401, code 89.
        case invalidToken
        /// `oauth_timestamp` more than 5 minutes from the emulator's clock: 401, code 135.
        case timestampOutOfBounds

        var v1Response: APIResponse {
            switch self {
            case .badAuthenticationData: XErrors.v1(status: 400, code: 215, message: "Bad Authentication data.")
            case .couldNotAuthenticate: XErrors.v1(status: 401, code: 32, message: "Could not authenticate you.")
            case .invalidToken: XErrors.v1(status: 401, code: 89, message: "Invalid or expired token.")
            case .timestampOutOfBounds: XErrors.v1(status: 401, code: 135, message: "Timestamp out of bounds.")
            }
        }
    }

    /// The largest difference X tolerates between `oauth_timestamp` and its clock.
    static let timestampTolerance: Double = 300

    /// The account whose credentials signed the request.
    func authenticate(_ request: APIRequest, now: Date) -> Result<EmulatedXAccount, Failure> {
        guard let header = request.authorization, let oauth = OAuth1.parseAuthorizationHeader(header),
            let consumerKey = oauth["oauth_consumer_key"], let signature = oauth["oauth_signature"]
        else { return .failure(.badAuthenticationData) }
        guard let account = accounts.first(where: { $0.credentials.consumerKey == consumerKey && $0.credentials.token == oauth["oauth_token"] }),
            oauth["oauth_signature_method"] == "HMAC-SHA1", oauth["oauth_version"].map({ $0 == "1.0" }) ?? true
        else { return .failure(.couldNotAuthenticate) }
        if state.isRevoked(account: account.index) { return .failure(.invalidToken) }

        let expected = Self.signature(
            of: request, oauth: oauth, consumerSecret: account.credentials.consumerSecret, tokenSecret: account.credentials.tokenSecret)
        guard expected == signature else { return .failure(.couldNotAuthenticate) }

        guard let timestamp = oauth["oauth_timestamp"].flatMap(Double.init),
            abs(timestamp - now.timeIntervalSince1970) <= Self.timestampTolerance
        else { return .failure(.timestampOutOfBounds) }
        return .success(account)
    }

    /// A person signed in with X (`XOAuthPages`): the app's account and the person's index, when
    /// the request carries one of the user tokens the emulator issued and is signed with it;
    /// nil when its token is not a user token.
    func authenticateSignedInPerson(_ request: APIRequest, now: Date) -> Result<(account: EmulatedXAccount, person: Int), Failure>? {
        guard let header = request.authorization, let oauth = OAuth1.parseAuthorizationHeader(header), let token = oauth["oauth_token"],
            let user = state.signIns.xUserToken(token), user.account < accounts.count
        else { return nil }
        let account = accounts[user.account]
        guard oauth["oauth_consumer_key"] == account.credentials.consumerKey, let signature = oauth["oauth_signature"],
            Self.signature(of: request, oauth: oauth, consumerSecret: account.credentials.consumerSecret, tokenSecret: user.secret) == signature
        else { return .failure(.couldNotAuthenticate) }
        guard let timestamp = oauth["oauth_timestamp"].flatMap(Double.init), abs(timestamp - now.timeIntervalSince1970) <= Self.timestampTolerance
        else { return .failure(.timestampOutOfBounds) }
        return .success((account, user.person))
    }

    /// The HMAC-SHA1 signature a request should carry: over its method, the URL the client
    /// requested, the query, the form body and the `oauth_*` parameters but the signature.
    static func signature(of request: APIRequest, oauth: [String: String], consumerSecret: String, tokenSecret: String) -> String {
        let protocolParameters = oauth.filter { $0.key != "oauth_signature" }.map { OAuth1.Parameter(name: $0.key, value: $0.value) }
        let base = OAuth1.signatureBaseString(
            method: request.method, uri: request.baseStringURI, parameters: request.query + request.form + protocolParameters)
        return OAuth1.signature(baseString: base, consumerSecret: consumerSecret, tokenSecret: tokenSecret)
    }
}
