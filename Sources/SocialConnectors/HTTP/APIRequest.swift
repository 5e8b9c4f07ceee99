import Foundation
import SocialAuth

/// One call to a social API, before authorization: what the connector wants, independent of how
/// the network signs it.
public struct APIRequest: Sendable {
    /// `GET`, `POST`, `DELETE`.
    public var method: String
    /// The absolute URL, query included.
    public var url: URL
    /// An `application/x-www-form-urlencoded` body (signed by OAuth 1.0a), if any.
    public var form: [OAuth1.Parameter]?
    /// A JSON body (not signed), if any.
    public var json: Data?
    /// The rate-limit family the call counts against (`followers`, `users/me`, `posts`): rate
    /// limits are tracked per endpoint, and messages name it.
    public var endpoint: String
    /// Whether a failure that leaves the request's fate unknown (a timeout, a reset connection,
    /// a 5xx, a cut or unreadable answer) may be retried. False for a send (a post, a message):
    /// retrying it could publish twice, so `APIClient` throws `UnansweredSend` after one attempt.
    public var retriesAmbiguousFailures: Bool

    /// Creates a request.
    public init(
        method: String = "GET", url: URL, form: [OAuth1.Parameter]? = nil, json: Data? = nil, endpoint: String,
        retriesAmbiguousFailures: Bool = true
    ) {
        self.method = method
        self.url = url
        self.form = form
        self.json = json
        self.endpoint = endpoint
        self.retriesAmbiguousFailures = retriesAmbiguousFailures
    }

    /// A GET of `path` (appended to `baseURL`'s path) with these query parameters, encoded
    /// with OAuth's percent-encoding so that what is sent is exactly what is signed.
    public static func get(_ baseURL: URL, path: String, query: [OAuth1.Parameter] = [], endpoint: String) -> APIRequest {
        APIRequest(method: "GET", url: makeURL(baseURL, path: path, query: query), endpoint: endpoint)
    }

    /// `baseURL` + `path` + `?query`, the query encoded as OAuth encodes it.
    public static func makeURL(_ baseURL: URL, path: String, query: [OAuth1.Parameter] = []) -> URL {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path.hasPrefix("/") ? path : "/" + path
        if !query.isEmpty { text += "?" + OAuth1.encodeForm(query) }
        return URL(string: text)!
    }
}

/// What a server answered.
public struct APIResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The headers, in order.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header of this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// True for 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// A request ready to go on the wire: the URL (a dialect may add query parameters, like
/// Facebook's `access_token`) and the extra headers (like X's `Authorization`).
public struct AuthorizedRequest: Sendable {
    /// The URL to request.
    public var url: URL
    /// Headers to add; their values are never logged.
    public var headers: [(name: String, value: String)]

    /// Creates an authorized request.
    public init(url: URL, headers: [(name: String, value: String)]) {
        self.url = url
        self.headers = headers
    }
}
