import Foundation
import SocialAuth
import WorkflowModel

/// Facebook Login with the service's app: the login dialog (authorization code with `state`),
/// the code exchanged for the person's token (the app secret in a form body, never in a URL),
/// then `/me` with `appsecret_proof`. The token reads the profile once and is dropped.
public struct FacebookLogin: Sendable {
    private let exchange: SignInExchange
    private let environment: [String: String]

    /// A login with the app of `service` (a Facebook service with `appId` and an `<appSecret>`).
    public init(
        service: Service, transport: HTTPTransport = .shared, timeout: Double = 30,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        exchange = SignInExchange(service: service, transport: transport, timeout: timeout)
        self.environment = environment
    }

    private var service: Service { exchange.service }

    /// The login dialog: `https://www.facebook.com/vNN/dialog/oauth` when `baseURL` is
    /// `graph.facebook.com/vNN` (same version), else `{baseURL}/dialog/oauth` (the emulator).
    /// Query: `client_id` (the service's appId), `redirect_uri`, `state`, `response_type=code`,
    /// `scope` (comma-joined).
    /// - Throws: `SignInError` when the service has no appId or no appSecret secret.
    public func dialogURL(redirect: URL, state: String, scopes: [String]) throws(SignInError) -> URL {
        let appID = try app().id
        let query: [OAuth1.Parameter] = [
            ("client_id", appID), ("redirect_uri", redirect.absoluteString), ("state", state), ("response_type", "code"),
            ("scope", scopes.joined(separator: ",")),
        ]
        return APIRequest.makeURL(dialogRoot, path: "/dialog/oauth", query: query)
    }

    /// Where the dialog lives: Facebook's web site for the real Graph API, the base URL otherwise.
    private var dialogRoot: URL {
        guard service.baseURL.host?.lowercased() == "graph.facebook.com" else { return service.baseURL }
        let version = service.baseURL.pathComponents.last { $0 != "/" } ?? "v24.0"
        return URL(string: "https://www.facebook.com/")!.appendingPathComponent(version)
    }

    /// Exchanges the code for the person's access token: POST `{baseURL}/oauth/access_token`
    /// with `client_id`, `client_secret`, `redirect_uri` and `code` in a form body.
    public func exchange(code: String, redirect: URL) async throws(SignInError) -> String {
        let app = try app()
        let url = APIRequest.makeURL(service.baseURL, path: "/oauth/access_token")
        let form: [OAuth1.Parameter] = [
            ("client_id", app.id), ("client_secret", app.secret), ("redirect_uri", redirect.absoluteString), ("code", code),
        ]
        let response = try await exchange.send("POST", url, form: form, step: "the code exchange")
        guard response.isSuccess else { throw failure(response, step: "the code exchange", secrets: [app.secret, code]) }
        guard let fields = Self.object(response.body), case .string(let token)? = fields["access_token"], !token.isEmpty else {
            throw unreadable(response, step: "the code exchange")
        }
        return token
    }

    /// The person's profile: GET `{baseURL}/me?fields=id,name,email` with `access_token` and
    /// `appsecret_proof`. `email` is there only when the person granted it.
    public func profile(token: String) async throws(SignInError) -> SignedInProfile {
        let app = try app()
        let url = APIRequest.makeURL(
            service.baseURL, path: "/me",
            query: [
                ("fields", "id,name,email"), ("access_token", token),
                ("appsecret_proof", AppSecretProof.proof(accessToken: token, appSecret: app.secret)),
            ])
        let response = try await exchange.send("GET", url, step: "the profile")
        guard response.isSuccess else { throw failure(response, step: "the profile", secrets: [app.secret, token]) }
        guard let fields = Self.object(response.body), case .string(let id)? = fields["id"], !id.isEmpty else {
            throw unreadable(response, step: "the profile")
        }
        var profile = SignedInProfile(id: id)
        if case .string(let name)? = fields["name"] { profile.name = name }
        if case .string(let email)? = fields["email"], !email.isEmpty { profile.email = email }
        return profile
    }

    // MARK: Errors

    private func app() throws(SignInError) -> (id: String, secret: String) {
        guard service.type == .facebook else {
            throw SignInError("\(service.displayName) is not a Facebook service; log in with Facebook through a Facebook service")
        }
        guard let appID = service.appId, !appID.isEmpty else {
            throw SignInError("\(service.displayName) has no appId; add appId=\"…\" (the app's id) to the service in the services file")
        }
        return (appID, try exchange.secret("appSecret", environment: environment))
    }

    /// A JSON object body (at most 64 KiB) as its fields.
    private static func object(_ body: Data) -> [String: ExpressionValue]? {
        guard body.count <= 65_536, case .object(let fields)? = try? JSONReader.value(from: Array(body)[...]) else { return nil }
        return fields
    }

    /// Graph's error answer, with what to do about the usual ones.
    private func failure(_ response: APIResponse, step: String, secrets: [String]) -> SignInError {
        let error = GraphErrorBody.parse(response.body)
        let code = error?.code
        let said = error?.message.map { SignInExchange.quote($0, hiding: secrets) }
        let details = "HTTP \(response.status)" + (code.map { ", code \($0)" } ?? "")
            + (error?.error_subcode.map { ", subcode \($0)" } ?? "") + (said.map { ": \($0)" } ?? "")
        let advice: String
        switch (code, error?.error_subcode) {
        case (1?, _):
            advice = "check the service's appId and appSecret"
        case (100?, 36009?):
            advice = "the login was already completed; start again"
        case (100?, _) where said?.localizedCaseInsensitiveContains("appsecret_proof") == true:
            advice = "check the service's appSecret"
        case (100?, _) where said?.localizedCaseInsensitiveContains("redirect_uri") == true:
            advice = "the redirect URL must be the one the login dialog was opened with"
        case (190?, _):
            advice = "the login has expired; start again"
        default:
            advice = "start the login again"
        }
        return SignInError("\(service.displayName): Facebook refused \(step) (\(details)); \(advice)", status: response.status, code: code)
    }

    private func unreadable(_ response: APIResponse, step: String) -> SignInError {
        SignInError(
            "\(service.displayName): Facebook's answer to \(step) (HTTP \(response.status)) lacks the fields a login needs; start the login again",
            status: response.status)
    }
}
