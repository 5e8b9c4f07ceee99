import Foundation
import SocialAuth

/// Facebook Login as the emulator serves it: the login dialog where a sandbox person allows or
/// denies a page's app, the code exchange (`oauth/access_token`), and `/me` with the person's
/// token. Paths are under any Graph version (`/v24.0/dialog/oauth`).
struct FacebookLoginPages: Sendable {
    let configuration: EmulatorConfiguration
    let dataset: EmulatorDataset
    let state: EmulatorState
    let graph: GraphAPI

    /// What `oauth/access_token` answers as `expires_in` (about 60 days, as Facebook does).
    static let expiresIn = 5_183_944

    /// The answer to a sign-in path under a Graph version, or nil when the path is not one
    /// (`/me` only for a token that is not a page token).
    func respond(to request: APIRequest) -> APIResponse? {
        let path = Array(request.components.dropFirst())
        switch (request.method, path) {
        case ("GET", ["dialog", "oauth"]): return dialog(request)
        case ("POST", ["dialog", "oauth"]): return dialogAnswer(request)
        case ("GET", ["oauth", "access_token"]), ("POST", ["oauth", "access_token"]): return accessToken(request)
        case ("GET", ["me"]):
            guard let token = request.parameter("access_token"), !token.isEmpty,
                !dataset.facebookPages.contains(where: { $0.accessToken == token })
            else { return nil }
            return me(request, token: token)
        default: return nil
        }
    }

    // MARK: Dialog

    /// The page whose app has this `client_id`.
    private func page(appID: String?) -> EmulatedPage? {
        appID.flatMap { id in dataset.facebookPages.first { $0.appID == id } }
    }

    /// The dialog's parameters once checked, or the error page: an unknown app or a missing
    /// redirect URL never redirects.
    private func dialogParameters(_ request: APIRequest) -> Result<(page: EmulatedPage, redirect: String), APIResponseError> {
        guard let page = page(appID: request.parameter("client_id")) else {
            return .failure(APIResponseError(SignInPage.error(
                status: 400, title: "Invalid App ID", detail: "The provided app ID does not look like a valid app ID.")))
        }
        guard let redirect = request.parameter("redirect_uri"), SignInPage.isWebURL(redirect) else {
            return .failure(APIResponseError(SignInPage.error(
                status: 400, title: "URL blocked",
                detail: "This redirect failed because the redirect URI is missing or is not an absolute http or https URL.")))
        }
        return .success((page, redirect))
    }

    /// Whether `scope` (comma- or space-separated) asks for `email`.
    private static func asksEmail(_ request: APIRequest) -> Bool {
        (request.parameter("scope") ?? "").split { $0 == "," || $0 == " " }.contains("email")
    }

    /// `GET /vNN/dialog/oauth`: the app, who logs in, whether to share the email, allow or deny.
    private func dialog(_ request: APIRequest) -> APIResponse {
        let checked: (page: EmulatedPage, redirect: String)
        switch dialogParameters(request) {
        case .success(let found): checked = found
        case .failure(let error): return error.response
        }
        let page = checked.page
        let options = dataset.loginPeople(of: page).map { (value: $0.person.id, text: $0.person.name) }
        let email = Self.asksEmail(request)
        var fields = SignInPage.hidden("client_id", page.appID) + "\n" + SignInPage.hidden("redirect_uri", checked.redirect) + "\n"
        fields += SignInPage.hidden("response_type", "code") + "\n"
        if let state = request.parameter("state") { fields += SignInPage.hidden("state", state) + "\n" }
        if let scope = request.parameter("scope") { fields += SignInPage.hidden("scope", scope) + "\n" }
        let shares = email ? "your name and your email address" : "your name"
        let checkbox = email
            ? "<p><input type=\"checkbox\" id=\"share-email\" name=\"email\" value=\"1\" checked> <label for=\"share-email\">Share my email address</label></p>\n"
            : ""
        let body = """
            <p>\(SignInPage.escape(page.name))'s app will receive \(shares).</p>
            <form method="post" action="\(SignInPage.escape(request.rawPath))">
            \(fields)\(SignInPage.select(id: "person", name: "person_id", label: "Continue as", options: options))
            \(checkbox)<button id="allow" name="decision" value="allow">Continue</button>
            <button id="deny" name="decision" value="deny">Cancel</button>
            </form>
            """
        return .html(status: 200, SignInPage.page(title: "Log in to \(page.name)'s app", body: body))
    }

    /// `POST /vNN/dialog/oauth`: allow → the redirect URL with `code` and `state`; deny → with
    /// Facebook's `error=access_denied` parameters and `state`.
    private func dialogAnswer(_ request: APIRequest) -> APIResponse {
        let checked: (page: EmulatedPage, redirect: String)
        switch dialogParameters(request) {
        case .success(let found): checked = found
        case .failure(let error): return error.response
        }
        let stateParameter: [(name: String, value: String)] = request.parameter("state").map { [("state", $0)] } ?? []
        switch request.parameter("decision") {
        case "allow":
            guard let personID = request.parameter("person_id"),
                let person = dataset.loginPeople(of: checked.page).first(where: { $0.person.id == personID })
            else {
                return SignInPage.error(status: 400, title: "Choose who logs in", detail: "Pick one of the people offered, then continue.")
            }
            let granted = Self.asksEmail(request) && request.parameter("email") == "1"
            let code = state.signIns.issueFacebookCode(
                page: checked.page.index, redirectURI: checked.redirect, person: person.index, emailGranted: granted)
            return .redirect(to: SignInPage.appending([("code", code)] + stateParameter, to: checked.redirect))
        case "deny":
            let denied: [(name: String, value: String)] = [
                ("error", "access_denied"), ("error_code", "200"), ("error_description", "Permissions error"), ("error_reason", "user_denied"),
            ]
            return .redirect(to: SignInPage.appending(denied + stateParameter, to: checked.redirect))
        default:
            return SignInPage.error(status: 400, title: "Continue or cancel", detail: "Use one of the page's two buttons.")
        }
    }

    // MARK: Code exchange

    /// `GET` or `POST /vNN/oauth/access_token` with `client_id`, `client_secret`, `redirect_uri`, `code`.
    private func accessToken(_ request: APIRequest) -> APIResponse {
        let trace = graph.traceID()
        guard let page = page(appID: request.parameter("client_id")), request.parameter("client_secret") == page.appSecret else {
            return GraphErrors.error(message: "Error validating client secret.", code: 1, trace: trace)
        }
        let code = request.parameter("code") ?? ""
        switch state.signIns.exchangeFacebookCode(code, page: page.index, redirectURI: request.parameter("redirect_uri") ?? "") {
        case .success(let token):
            var json = JSONWriter(capacity: 120)
            json.beginObject()
            json.field("access_token", token)
            json.field("token_type", "bearer")
            json.field("expires_in", Self.expiresIn)
            json.endObject()
            return APIResponse(status: 200, json: json.bytes)
        case .failure(.unknown):
            return GraphErrors.error(message: "Invalid verification code format.", code: 100, trace: trace)
        case .failure(.used):
            return GraphErrors.error(message: "This authorization code has been used.", code: 100, subcode: 36009, trace: trace)
        case .failure(.redirectMismatch):
            return GraphErrors.error(
                message: "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
                code: 100, trace: trace)
        }
    }

    // MARK: Profile

    /// `GET /vNN/me?fields=id,name,email` with a person's token: the person, `email` only when
    /// granted and asked.
    private func me(_ request: APIRequest, token: String) -> APIResponse {
        let trace = graph.traceID()
        guard let user = state.signIns.facebookUserToken(token), user.page < dataset.facebookPages.count else {
            return GraphErrors.error(message: "Invalid OAuth access token - Cannot parse access token", code: 190, trace: trace)
        }
        let page = dataset.facebookPages[user.page]
        if let proof = request.parameter("appsecret_proof") {
            guard proof == AppSecretProof.proof(accessToken: token, appSecret: page.appSecret) else {
                return GraphErrors.error(
                    message: "Invalid appsecret_proof provided in the API argument", type: "GraphMethodException", code: 100, trace: trace)
            }
        } else if configuration.requireAppSecretProof {
            return GraphErrors.error(
                message: "API calls from the server require an appsecret_proof argument", type: "GraphMethodException", code: 100, trace: trace)
        }
        let person = dataset.person(index: user.person)
        let fields = Set((request.parameter("fields") ?? "id,name").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        var json = JSONWriter(capacity: 160)
        json.beginObject()
        json.field("id", person.id)
        if fields.contains("name") { json.field("name", person.name) }
        if fields.contains("email") && user.emailGranted { json.field("email", person.email) }
        json.endObject()
        return APIResponse(status: 200, json: json.bytes)
    }
}
