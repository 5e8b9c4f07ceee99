import Foundation
import Hummingbird
import NIOCore
import WorkflowEngine

/// `GET /r/CODE` on `wfrun serve`'s listener: a 302 to the link's original URL, never cached,
/// and one visit recorded (the service clock's instant and the user-agent's class, nothing
/// else). A code that is malformed or unknown gets a small 404 page and never a redirect, so the
/// server cannot be used to send people elsewhere; `HEAD` answers the same without a visit.
struct LinkRedirects: Sendable {
    let store: any LinkStore
    /// The instant a visit is recorded at (the service clock).
    let now: @Sendable () -> Date

    /// Adds the routes.
    func register(on router: Router<BasicRequestContext>) {
        // HEAD first: Hummingbird would otherwise answer it with the GET handler, counting a visit.
        router.head("r/**") { request, _ in await answer(request, counting: false) }
        router.get("r/**") { request, _ in await answer(request, counting: true) }
    }

    private func answer(_ request: Request, counting: Bool) async -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/r/") else { return Self.notFound }
        let code = path.dropFirst(3)
        guard LinkCode.isWellFormed(code) else { return Self.notFound }
        let link: TrackedLink?
        do {
            link = try await store.link(code: String(code))
        } catch {
            return Self.page(.serviceUnavailable, title: "Try again later", text: "This link cannot be followed right now.")
        }
        // Only what the tracker stored is followed, and only http(s).
        guard let link, let scheme = URLComponents(string: link.url)?.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return Self.notFound
        }
        if counting {
            // A visit that cannot be recorded still gets its redirect: the reader comes first.
            _ = try? await store.recordVisit(code: link.code, at: now(), agent: LinkAgent(userAgent: request.headers[.userAgent]))
        }
        var headers = HTTPFields()
        headers[.location] = link.url
        headers[.cacheControl] = "no-store"
        return Response(status: .found, headers: headers)
    }

    /// The answer to a code that is not a link.
    static var notFound: Response { page(.notFound, title: "Link not found", text: "This link does not exist or is no longer available.") }

    private static func page(_ status: HTTPResponse.Status, title: String, text: String) -> Response {
        let html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(title)</title></head>
            <body><h1>\(title)</h1><p>\(text)</p></body></html>

            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
