import Foundation
import Hummingbird
import SocialAuth

/// An API request as the handlers see it: the raw path split into components, decoded query and
/// form parameters, the body, and what is needed to rebuild the URL the client requested.
struct APIRequest: Sendable {
    /// `GET`, `POST`, …
    var method: String
    /// The path as requested (still percent-encoded), without the query.
    var rawPath: String
    /// The path's components, percent-decoded (`/2/users/1/followers` → `2`, `users`, `1`, `followers`).
    var components: [String]
    /// The query string as requested, if any.
    var rawQuery: String?
    /// The decoded query parameters, in order.
    var query: [OAuth1.Parameter]
    /// The decoded `application/x-www-form-urlencoded` body parameters (empty for other bodies).
    var form: [OAuth1.Parameter]
    /// The body's bytes.
    var body: [UInt8]
    /// The `Authorization` header.
    var authorization: String?
    /// The `Content-Type` header, nil when absent.
    var contentType: String? = nil
    /// The `Host` the client addressed (`127.0.0.1:8080`).
    var authority: String

    /// Reads a Hummingbird request, its body included (up to 1 MiB).
    static func read(_ request: Request) async throws -> APIRequest {
        let target = request.head.path ?? "/"
        let (rawPath, rawQuery) = split(target)
        var buffer = try await request.body.collect(upTo: 1 << 20)
        let body = buffer.readBytes(length: buffer.readableBytes) ?? []
        let contentType = request.headers[.contentType]
        var form: [OAuth1.Parameter] = []
        if contentType?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            form = OAuth1.decodeForm(String(decoding: body, as: UTF8.self)) ?? []
        }
        return APIRequest(
            method: request.method.rawValue,
            rawPath: rawPath,
            components: rawPath.split(separator: "/").map { OAuth1.percentDecode($0) ?? String($0) },
            rawQuery: rawQuery,
            query: rawQuery.flatMap { OAuth1.decodeForm($0) } ?? [],
            form: form,
            body: body,
            authorization: request.headers[.authorization],
            contentType: contentType,
            authority: request.head.authority ?? "127.0.0.1")
    }

    private static func split(_ target: String) -> (String, String?) {
        guard let mark = target.firstIndex(of: "?") else { return (target, nil) }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }

    /// The first query parameter with this name.
    func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The first query or form parameter with this name.
    func parameter(_ name: String) -> String? {
        queryValue(name) ?? form.first { $0.name == name }?.value
    }

    /// `http://HOST:PORT`, as the client addressed the emulator.
    var origin: String { "http://" + authority }

    /// The base string URI of OAuth 1.0a: the origin (without a default port) and the raw path.
    var baseStringURI: String {
        var host = authority.lowercased()
        if host.hasSuffix(":80") { host.removeLast(3) }
        return "http://" + host + rawPath
    }
}
