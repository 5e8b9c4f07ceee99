import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SocialConnectors
import Synchronization
import WorkflowEngine
import WorkflowModel

/// The consent pages on `wfrun serve`'s listener, where people choose to share their X or
/// Facebook profile with the owner of a service:
///
/// - `GET /join/SERVICE`: the brand's text (`JoinTemplate`), what is retrieved, the privacy
///   notice, and "Continue with X" / "Continue with Facebook" (a POST to the same path).
/// - The POST starts a sign-in: a random `state`, kept in the person's browser (a cookie scoped
///   to `/join/SERVICE/`) and, hashed, in the store (`signin_flow`); then a redirect to the
///   network (X: OAuth 1.0a `oauth/authenticate`; Facebook: the Login dialog).
/// - `GET /join/SERVICE/callback`: the state must match the cookie and be used for the first
///   time (a replayed callback is refused); the person's token is used to read their profile and
///   dropped; the visitor row and the consent row are written in one transaction.
/// - `/join/SERVICE/withdraw`: the same sign-in, then every consent of that person is withdrawn
///   and their profile fields erased.
///
/// Redirects go only to the network's configured address; callback URLs are built from the
/// public URL, never from the request. Tokens, verifiers and codes are never stored or logged.
struct JoinPages: Sendable {
    let store: any ContactStore
    let services: ServiceDirectory
    /// The visitor table's schema.
    let visitor: DataSchema
    let template: JoinTemplate
    /// The privacy notice linked from every page.
    let privacyURL: URL?
    /// Where the listener is reached from outside (the callback URLs' root).
    let publicBase: PublicBase
    let now: @Sendable () -> Date
    let requestTimeout: Double
    let log: ServiceLog?
    let metrics: ServiceMetrics?

    /// How long a started sign-in waits for its callback.
    static let flowSeconds: Double = 600
    /// The cookie that carries a sign-in's state (and X's request token secret).
    static let cookieName = "wfrun_join"

    func register(on router: Router<BasicRequestContext>) {
        router.get("join/:service") { request, context in await consentPage(context, request) }
        router.post("join/:service") { request, context in await start(request, context, purpose: .consent) }
        router.get("join/:service/withdraw") { _, context in await withdrawPage(context) }
        router.post("join/:service/withdraw") { request, context in await start(request, context, purpose: .withdraw) }
        router.get("join/:service/callback") { request, context in await callback(request, context) }
    }

    // MARK: Pages

    private func consentPage(_ context: BasicRequestContext, _ request: Request) async -> Response {
        guard let service = service(context) else { return Self.notFound }
        let text = consentText(service)
        let body: HTML = """
            <div class="join card">
            \(HTML.trusted(text))
            <form method="post" action="/join/\(URLPart.encode(service.name))">
            <button class="primary" type="submit" id="continue">Continue with \(service.type.displayName)</button>
            </form>
            </div>
            """
        return page(title: service.label, body: body, service: service)
    }

    /// The consent text as the person sees it: the brand's part, what is retrieved, the privacy
    /// notice. Its hash is the version recorded with a consent.
    private func consentText(_ service: Service) -> String {
        let brand = template.render(brand: service.label, service: service.name, network: service.type.displayName)
        let retrieved: HTML = """

            <h2>What we retrieve</h2>
            <p id="fields">\(Self.retrieved(service.type))</p>
            <p>Nothing is shared until you agree on \(service.type.displayName)'s own page; you can withdraw at any time
            at <a href="/join/\(URLPart.encode(service.name))/withdraw">/join/\(service.name)/withdraw</a>, and we then erase what we retrieved.</p>
            \(privacyURL.map { HTML("<p><a id=\"privacy\" href=\"\($0.absoluteString)\">Our privacy notice</a></p>") } ?? .empty)
            """
        return brand + retrieved.text
    }

    private func withdrawPage(_ context: BasicRequestContext) async -> Response {
        guard let service = service(context) else { return Self.notFound }
        let body: HTML = """
            <div class="join card">
            <h1>Withdraw your consent</h1>
            <p>Sign in with \(service.type.displayName) so that we know it is you. We then withdraw every consent you gave
            \(service.label) and erase the profile we retrieved (your name, user name and the rest); we keep only that you
            withdrew, and when.</p>
            <form method="post" action="/join/\(URLPart.encode(service.name))/withdraw">
            <button class="primary" type="submit" id="continue">Withdraw with \(service.type.displayName)</button>
            </form>
            </div>
            """
        return page(title: "Withdraw · \(service.label)", body: body, service: service)
    }

    // MARK: Sign-in

    private func start(_ request: Request, _ context: BasicRequestContext, purpose: SignInPurpose) async -> Response {
        guard let service = service(context) else { return Self.notFound }
        guard WebConsole.sameOrigin(request) else {
            return message(.forbidden, "Refused", "This form was sent from another site.", service: service)
        }
        let state = Base64URL.encode(ConsoleAuth.randomBytes(32))
        let callback = callbackURL(service, state: service.type == .twitter ? state : nil)
        let created = now()
        var flow = SignInFlow(
            stateHash: ConsoleAuth.hash(state), service: service.name, purpose: purpose, requestToken: nil,
            createdAt: created, expiresAt: created.addingTimeInterval(Self.flowSeconds))
        let destination: URL
        var cookie = state
        do {
            switch service.type {
            case .twitter:
                let signIn = XSignIn(service: service, timeout: requestTimeout)
                let token = try await signIn.requestToken(callback: callback)
                flow.requestToken = token.token
                cookie += "." + token.secret
                destination = signIn.authenticateURL(token: token.token)
            case .facebook:
                destination = try FacebookLogin(service: service, timeout: requestTimeout)
                    .dialogURL(redirect: callback, state: state, scopes: ["email"])
            }
        } catch {
            ended(service, "failed", message: "\(error)")
            return message(
                .badGateway, "\(service.type.displayName) is not available",
                "We could not reach \(service.type.displayName) (\(error)). Nothing was shared; try again later.", service: service)
        }
        do {
            try await store.beginSignIn(flow)
        } catch {
            return message(.serviceUnavailable, "Try again later", "This page cannot be used right now.", service: service)
        }
        var response = Response(status: .seeOther, headers: [.location: destination.absoluteString, .cacheControl: "no-store"])
        response.headers.append(HTTPField(name: .setCookie, value: Self.cookie(service, value: cookie, maxAge: Int(Self.flowSeconds))))
        return response
    }

    private func callback(_ request: Request, _ context: BasicRequestContext) async -> Response {
        guard let service = service(context) else { return Self.notFound }
        let start = "/join/\(service.name)"
        guard let state = WebConsole.query(request, "state"),
            let stored = WebConsole.cookie(Self.cookieName, in: request)?.removingPercentEncoding
        else {
            return refused(service, "This sign-in was started in another browser, or it took longer than 10 minutes.", again: start)
        }
        let parts = stored.split(separator: ".", maxSplits: 1).map(String.init)
        guard let first = parts.first, ConsoleAuth.constantTimeEqual(first, state) else {
            return refused(service, "This sign-in was started in another browser, or it took longer than 10 minutes.", again: start)
        }
        let outcome: SignInOutcome
        do {
            outcome = try await store.finishSignIn(stateHash: ConsoleAuth.hash(state), service: service.name, now: now())
        } catch {
            return message(.serviceUnavailable, "Try again later", "This page cannot be used right now.", service: service)
        }
        let flow: SignInFlow
        switch outcome {
        case .ready(let ready): flow = ready
        case .used:
            ended(service, "replay-refused")
            return refused(service, "This sign-in was completed already; it cannot be used twice.", again: start, status: .conflict)
        case .expired, .unknown:
            return refused(service, "This sign-in took longer than 10 minutes, or is unknown.", again: start)
        }
        let profile: SignedInProfile
        do {
            switch service.type {
            case .twitter:
                guard WebConsole.query(request, "denied") == nil else { return declined(service, flow) }
                guard let token = WebConsole.query(request, "oauth_token"), token == flow.requestToken,
                    let verifier = WebConsole.query(request, "oauth_verifier"), parts.count == 2
                else { return refused(service, "X's answer does not belong to this sign-in.", again: start) }
                let signIn = XSignIn(service: service, timeout: requestTimeout)
                let credentials = try await signIn.accessToken(requestToken: token, requestSecret: parts[1], verifier: verifier)
                profile = flow.purpose == .withdraw
                    ? SignedInProfile(id: credentials.userID, username: credentials.screenName)
                    : try await signIn.profile(credentials)
            case .facebook:
                guard WebConsole.query(request, "error") == nil else { return declined(service, flow) }
                guard let code = WebConsole.query(request, "code") else {
                    return refused(service, "Facebook's answer does not belong to this sign-in.", again: start)
                }
                let login = FacebookLogin(service: service, timeout: requestTimeout)
                let token = try await login.exchange(code: code, redirect: callbackURL(service, state: nil))
                profile = try await login.profile(token: token)
            }
        } catch {
            ended(service, "failed", message: "\(error)")
            return message(
                .badGateway, "\(service.type.displayName) did not answer as expected",
                "\(error). Nothing was stored; you can start again.", service: service, again: start)
        }
        switch flow.purpose {
        case .consent: return await record(profile, service: service)
        case .withdraw: return await withdraw(profile, service: service)
        }
    }

    private func record(_ profile: SignedInProfile, service: Service) async -> Response {
        let origin = Self.origin(service.type)
        var fields: [(String, ExpressionValue)] = []
        if let username = profile.username { fields.append(("username", .string(username))) }
        if let name = profile.name { fields.append(("full_name", .string(name))) }
        if let followers = profile.followers { fields.append(("friends", .int(Int64(followers)))) }
        if let verified = profile.verified { fields.append(("verified", .bool(verified))) }
        if let email = profile.email { fields.append(("email", .string(email))) }
        var record: Record = [:]
        record["origin"] = .string(origin)
        record["external_id"] = .string(profile.id)
        for (name, value) in fields { record[name] = value }
        if let folder = service.visitorFolder { record["folder"] = .string(folder) }
        let text = consentText(service)
        let version = JoinTemplate.version(of: text)
        let at = now()
        let consent = Consent(
            origin: origin, externalID: profile.id, service: service.name, textVersion: version, fields: fields.map(\.0),
            method: Self.method(service.type), givenAt: at)
        do {
            try await store.saveConsentText(version: version, text: text, now: at)
            _ = try await store.recordConsent(consent, visitor: record, into: visitor, now: at)
        } catch {
            return message(.serviceUnavailable, "Try again later", "Your profile could not be saved; nothing was stored.", service: service)
        }
        ended(service, "consent", ("fields", fields.map(\.0).joined(separator: ",")))
        let rows = fields.map { name, value -> HTML in
            "<tr><th>\(visitor.columns.first { $0.name == name }?.label ?? name)</th><td>\(Self.shown(value))</td></tr>"
        }
        let body: HTML = """
            <div class="join card">
            <h1 id="thanks">Thank you\(profile.name.map { HTML(", \($0)") } ?? .empty)</h1>
            <p>You share this with \(service.label):</p>
            <table id="shared">\(rows)</table>
            <p>Changed your mind? <a id="withdraw" href="/join/\(URLPart.encode(service.name))/withdraw">Withdraw your consent</a>
            and we erase it.</p>
            </div>
            """
        return clearingCookie(page(title: "Thank you · \(service.label)", body: body, service: service), service)
    }

    private func withdraw(_ profile: SignedInProfile, service: Service) async -> Response {
        let erased = VisitorProfile.erasedColumns(of: visitor)
        let result: ConsentWithdrawal
        do {
            result = try await store.withdrawConsent(
                origin: Self.origin(service.type), externalID: profile.id, service: nil, erasing: erased, in: visitor, now: now())
        } catch {
            return message(.serviceUnavailable, "Try again later", "Your consent could not be withdrawn right now; try again.", service: service)
        }
        ended(service, "withdrawn", ("consents", "\(result.withdrawn)"))
        let text = result.withdrawn > 0 || result.visitorErased
            ? "Your consent is withdrawn and the profile we retrieved is erased."
            : "We had no consent of yours and no profile to erase."
        let body: HTML = """
            <div class="join card"><h1 id="withdrawn">Done</h1><p>\(text)</p></div>
            """
        return clearingCookie(page(title: "Withdrawn · \(service.label)", body: body, service: service), service)
    }

    private func declined(_ service: Service, _ flow: SignInFlow) -> Response {
        ended(service, "declined")
        let text = flow.purpose == .consent
            ? "You did not agree on \(service.type.displayName); nothing was shared and nothing was stored."
            : "You did not sign in; nothing was changed."
        let body: HTML = """
            <div class="join card"><h1 id="declined">Nothing shared</h1><p>\(text)</p>
            <p><a href="/join/\(URLPart.encode(service.name))">Back</a></p></div>
            """
        return clearingCookie(page(title: service.label, body: body, service: service), service)
    }

    // MARK: Helpers

    /// One `join` event line and one count of `wfrun_consent_pages_total`: never a token, a
    /// state or a person's id.
    private func ended(_ service: Service, _ outcome: String, _ detail: (name: String, value: String)? = nil, message: String? = nil) {
        if let detail {
            log?.event("join", nil, ["service": service.name, "outcome": outcome, detail.name: detail.value], message: message)
        } else {
            log?.event("join", nil, ["service": service.name, "outcome": outcome], message: message)
        }
        metrics?.consentPage(service: service.name, outcome: outcome)
    }

    private func service(_ context: BasicRequestContext) -> Service? {
        let name = WebConsole.pathPart(context, "service")
        guard let service = services[name] else { return nil }
        switch service.type {
        case .twitter: return service
        case .facebook: return service.appId != nil && service.secrets["appSecret"] != nil ? service : nil
        }
    }

    /// `PUBLIC/join/SERVICE/callback`, with `?state=…` for X (whose callback carries no state
    /// of its own); Facebook gets the state as a parameter of its own, and the redirect URI must
    /// be the same at the dialog and at the code's exchange.
    private func callbackURL(_ service: Service, state: String?) -> URL {
        var components = URLComponents(url: publicBase.url.appendingPathComponent("join/\(service.name)/callback"), resolvingAgainstBaseURL: false)!
        if let state { components.queryItems = [URLQueryItem(name: "state", value: state)] }
        return components.url!
    }

    private func refused(_ service: Service, _ text: String, again: String, status: HTTPResponse.Status = .badRequest) -> Response {
        message(status, "This sign-in cannot be used", text + " Nothing was stored.", service: service, again: again)
    }

    private func message(_ status: HTTPResponse.Status, _ title: String, _ text: String, service: Service, again: String? = nil) -> Response {
        let body: HTML = """
            <div class="join card"><h1 id="problem">\(title)</h1><p>\(text)</p>
            \(again.map { HTML("<p><a href=\"\($0)\">Start again</a></p>") } ?? .empty)</div>
            """
        return clearingCookie(page(title: title, body: body, service: service, status: status), service)
    }

    private func page(title: String, body: HTML, service: Service, status: HTTPResponse.Status = .ok) -> Response {
        var response = WebConsole.html(Layout.bare(title: title, body: body), status: status)
        response.headers[.contentSecurityPolicy] = Self.policy(for: service)
        return response
    }

    /// The console's policy, with images from https (a brand's logo) and forms whose redirect
    /// leads to the network's sign-in page.
    static func policy(for service: Service) -> String {
        var origins = ["'self'"]
        if let root = URLComponents(url: service.baseURL, resolvingAgainstBaseURL: false), let scheme = root.scheme, let host = root.host {
            origins.append("\(scheme)://\(host)\(root.port.map { ":\($0)" } ?? "")")
        }
        if service.type == .facebook, service.baseURL.host == "graph.facebook.com" { origins.append("https://www.facebook.com") }
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; "
            + "form-action \(origins.joined(separator: " ")); frame-ancestors 'none'; base-uri 'none'"
    }

    private func clearingCookie(_ response: Response, _ service: Service) -> Response {
        var response = response
        response.headers.append(HTTPField(name: .setCookie, value: Self.cookie(service, value: "", maxAge: 0)))
        return response
    }

    /// Scoped to the service's pages; `SameSite=Lax` so that the network's redirect back (a
    /// top-level navigation from another site) carries it.
    static func cookie(_ service: Service, value: String, maxAge: Int) -> String {
        let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? ""
        return "\(cookieName)=\(encoded); Path=/join/\(URLPart.encode(service.name))/; HttpOnly; SameSite=Lax; Max-Age=\(maxAge)"
    }

    static func origin(_ type: ServiceType) -> String {
        switch type {
        case .twitter: "Twitter"
        case .facebook: "Facebook"
        }
    }

    static func method(_ type: ServiceType) -> String {
        switch type {
        case .twitter: "Sign in with X (OAuth 1.0a)"
        case .facebook: "Facebook Login"
        }
    }

    static func retrieved(_ type: ServiceType) -> String {
        switch type {
        case .twitter: "Your X user name, display name, follower count and whether your account is verified."
        case .facebook: "Your name on Facebook and, if you allow it, your email address."
        }
    }

    private static func shown(_ value: ExpressionValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): flag ? "yes" : "no"
        default: "\(value)"
        }
    }

    static var notFound: Response {
        WebConsole.html(
            Layout.bare(title: "Not found", body: "<div class=\"join card\"><h1>Not found</h1><p>There is no such page.</p></div>"),
            status: .notFound)
    }
}

/// The root of the URLs people are sent back to: `--public-url`, else the listener's address
/// once it listens.
final class PublicBase: Sendable {
    private let state: Mutex<URL>

    init(_ url: URL) { state = Mutex(url) }

    var url: URL { state.withLock { $0 } }

    func set(_ url: URL) { state.withLock { $0 = url } }
}
