import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import WorkflowEngine
import WorkflowModel

/// The console on `wfrun serve`'s listener: pages for people (signed in with the console token,
/// then a session cookie) and the same facts as JSON under `/api/v1` for programs (a session, or
/// the token as a bearer). Every action is a POST carrying a CSRF token; every answer carries a
/// Content-Security-Policy without inline script or style, and `nosniff`.
struct WebConsole: Sendable {
    /// What the console reads and acts on.
    struct Sources: Sendable {
        let store: any ControlStore
        let auth: ConsoleAuth
        let clock: ServiceClock
        /// The served folder.
        let folder: String
        /// The served workflows as the scheduler has them now.
        let catalog: @Sendable () async -> WorkflowCatalog
        let services: SocialServices?
        let requestTimeout: Double
    }

    let sources: Sources
    /// The data tables' row counts, kept a few seconds.
    let counts = TableCounts()
    /// Set when the server stops: live streams end at their next look (within 0.4 s) instead of
    /// holding the listener's graceful shutdown.
    let stopping = StopFlag()

    static let sessionCookie = "wfrun_session"
    static let loginCookie = "wfrun_login"
    /// The largest form or JSON body accepted.
    static let maxBody = 16 * 1024

    /// Adds the console's routes (and the security headers of every answer) to `router`.
    func register(on router: Router<BasicRequestContext>) {
        router.add(middleware: SecurityHeaders())
        router.get("/") { _, _ in Self.redirect("/workflows") }
        router.get("static/console.css") { _, _ in Self.asset(ConsoleAssets.stylesheet, type: "text/css; charset=utf-8") }
        router.get("static/console.js") { _, _ in Self.asset(ConsoleAssets.script, type: "text/javascript; charset=utf-8") }
        router.get("login") { request, _ in await loginPage(request) }
        router.post("login") { request, _ in await signIn(request) }
        router.post("logout") { request, _ in await action(request) { _, _ in Self.signOut() } }
        registerPages(on: router)
        registerAPI(on: router)
    }

    // MARK: Gates

    /// A page for people: without a session, the sign-in page.
    func page(_ request: Request, _ body: @Sendable (ConsoleSession) async throws -> Response) async -> Response {
        guard let session = await session(of: request) else { return Self.redirect("/login") }
        do {
            return try await body(session)
        } catch let problem as ConsoleProblem {
            return problemPage(problem, session: session)
        } catch {
            return problemPage(ConsoleProblem(.internalServerError, "The store could not answer: \(error)"), session: session)
        }
    }

    /// An action of a page's form: a session, a same-origin request and the session's CSRF token
    /// (the form's `csrf` field), else 403 and nothing done.
    func action(_ request: Request, _ body: @Sendable (ConsoleSession, [String: String]) async throws -> Response) async -> Response {
        guard let session = await session(of: request) else {
            return Self.plain(.forbidden, "Sign in first: this action needs a console session.\n")
        }
        guard Self.sameOrigin(request) else { return Self.plain(.forbidden, "Refused: the request comes from another site.\n") }
        guard let form = await Self.form(request) else { return Self.plain(.contentTooLarge, "The form is too large.\n") }
        guard let given = form["csrf"], ConsoleAuth.constantTimeEqual(given, session.csrf) else {
            return Self.plain(.forbidden, "Refused: the form's CSRF token is missing or wrong. Reload the page and try again.\n")
        }
        do {
            return try await body(session, form)
        } catch let problem as ConsoleProblem {
            return problemPage(problem, session: session)
        } catch {
            return problemPage(ConsoleProblem(.internalServerError, "\(error)"), session: session)
        }
    }

    /// The session of a request's cookie, if valid.
    func session(of request: Request) async -> ConsoleSession? {
        await sources.auth.session(cookie: Self.cookie(Self.sessionCookie, in: request))
    }

    // MARK: Sign-in

    private func loginPage(_ request: Request, failed: Bool = false) async -> Response {
        if !failed, await session(of: request) != nil { return Self.redirect("/workflows") }
        let nonce = Base64URL.encode(ConsoleAuth.randomBytes(18))
        guard let csrf = try? await sources.auth.loginCSRF(nonce: nonce) else {
            return Self.plain(.serviceUnavailable, "The console has no token yet.\n")
        }
        let body: HTML = """
            <div class="login card">
            <h1>Sign in to wfrun</h1>
            \(failed ? HTML("<p class=\"error-box\">That is not the console's token.</p>") : .empty)
            <form method="post" action="/login">
            <input type="hidden" name="csrf" value="\(csrf)">
            <label for="token">WebConsole token</label>
            <input type="password" id="token" name="token" autocomplete="current-password" autofocus required>
            <button class="primary" type="submit" id="sign-in">Sign in</button>
            </form>
            <p class="sub">The token was printed once, at the server's first start. <code>wfrun console token --rotate</code> makes a new one.</p>
            </div>
            """
        var response = Self.html(Layout.bare(title: "Sign in", body: body), status: failed ? .unauthorized : .ok)
        response.headers.append(HTTPField(name: .setCookie, value: Self.cookieHeader(Self.loginCookie, nonce, maxAge: 3600)))
        return response
    }

    private func signIn(_ request: Request) async -> Response {
        guard Self.sameOrigin(request) else { return Self.plain(.forbidden, "Refused: the request comes from another site.\n") }
        guard let form = await Self.form(request) else { return Self.plain(.contentTooLarge, "The form is too large.\n") }
        guard await sources.auth.acceptsLoginCSRF(form["csrf"], nonce: Self.cookie(Self.loginCookie, in: request)) else {
            return Self.plain(.forbidden, "Refused: the sign-in form's CSRF token is missing or wrong. Open /login again.\n")
        }
        guard let token = form["token"], await sources.auth.accepts(token: token.trimmingCharacters(in: .whitespaces)) else {
            return await loginPage(request, failed: true)
        }
        guard let session = try? await sources.auth.newSession() else { return Self.plain(.serviceUnavailable, "The store could not answer.\n") }
        var response = Self.redirect("/workflows")
        response.headers.append(HTTPField(name: .setCookie, value: Self.cookieHeader(Self.sessionCookie, session.cookie, maxAge: ConsoleAuth.sessionSeconds)))
        response.headers.append(HTTPField(name: .setCookie, value: Self.cookieHeader(Self.loginCookie, "", maxAge: 0)))
        return response
    }

    private static func signOut() -> Response {
        var response = redirect("/login")
        response.headers.append(HTTPField(name: .setCookie, value: cookieHeader(sessionCookie, "", maxAge: 0)))
        return response
    }

    // MARK: Answers

    func problemPage(_ problem: ConsoleProblem, session: ConsoleSession) -> Response {
        let body: HTML = """
            <h1>\(problem.title)</h1>
            <p class="error-box">\(problem.message)</p>
            <p><a href="/workflows">Back to the workflows</a></p>
            """
        return Self.html(Layout.page(title: problem.title, section: nil, csrf: session.csrf, body: body), status: problem.status)
    }

    static func html(_ page: HTML, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: page.text)))
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ path: String) -> Response {
        Response(status: .seeOther, headers: [.location: path, .cacheControl: "no-store"])
    }

    private static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: Requests

    /// `name=value; Path=/; HttpOnly; SameSite=Strict; Max-Age=N`.
    static func cookieHeader(_ name: String, _ value: String, maxAge: Int) -> String {
        "\(name)=\(value); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)"
    }

    /// A cookie's value.
    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let trimmed = pair.drop { $0 == " " }
                guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals] == name else { continue }
                return String(trimmed[trimmed.index(after: equals)...])
            }
        }
        return nil
    }

    /// False when the browser says the request comes from another origin (`Origin` or
    /// `Sec-Fetch-Site`): a forged form is refused even before its CSRF token is looked at.
    static func sameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site == "cross-site" || site == "same-site" { return false }
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }

    /// The fields of an `application/x-www-form-urlencoded` body (nil when it is too large).
    static func form(_ request: Request) async -> [String: String]? {
        guard let buffer = try? await request.body.collect(upTo: maxBody) else { return nil }
        return formFields(String(buffer: buffer))
    }

    static func formFields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decodeFormPart(parts[0])
            guard fields[name] == nil else { continue }
            fields[name] = parts.count > 1 ? decodeFormPart(parts[1]) : ""
        }
        return fields
    }

    private static func decodeFormPart(_ part: Substring) -> String {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
    }

    /// A path parameter, percent-decoded (a workflow named with non-ASCII letters), bounded.
    static func pathPart(_ context: BasicRequestContext, _ name: String) -> String {
        let raw = context.parameters.get(name) ?? ""
        return String((raw.removingPercentEncoding ?? raw).prefix(1000))
    }

    /// A query parameter, trimmed, bounded to 1,000 characters (nil when absent or empty).
    static func query(_ request: Request, _ name: String) -> String? {
        guard let value = request.uri.queryParameters[Substring(name)] else { return nil }
        let text = (String(value).removingPercentEncoding ?? String(value)).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : String(text.prefix(1000))
    }
}

/// A flag raised once.
final class StopFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    func raise() { raised.store(true, ordering: .releasing) }
    var isRaised: Bool { raised.load(ordering: .acquiring) }
}

/// Something a page cannot show, with the status it answers.
struct ConsoleProblem: Error {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    var title: String {
        switch status {
        case .notFound: "Not found"
        case .badRequest: "Cannot do that"
        case .conflict: "Cannot do that now"
        default: "Something went wrong"
        }
    }
}

/// The headers every answer of the listener carries.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = BasicRequestContext

    static let policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = WebConsole.plain(error.status, error.status == .notFound ? "Not found.\n" : "\(error.status.reasonPhrase).\n")
        }
        // A page with a policy of its own (a consent page) keeps it.
        if response.headers[.contentSecurityPolicy] == nil { response.headers[.contentSecurityPolicy] = Self.policy }
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        return response
    }
}
