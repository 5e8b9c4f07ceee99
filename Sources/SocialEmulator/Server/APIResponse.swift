import HTTPTypes
import Hummingbird
import SocialAuth

/// A response before it becomes a Hummingbird `Response`.
struct APIResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: [UInt8]
    /// For a page of followers: the account's screen name and the position of its first
    /// follower, so that the emulator can tell which pages reached a client intact.
    var followerPage: FollowerPage?
    /// The `Content-Type`; nil for JSON.
    var contentType: String?

    /// A JSON response.
    init(status: Int, json: [UInt8]) {
        self.status = status
        self.body = json
    }

    /// A JSON response from text.
    init(status: Int, json: String) {
        self.init(status: status, json: Array(json.utf8))
    }

    /// An HTML page.
    static func html(status: Int, _ page: String) -> APIResponse {
        var response = APIResponse(status: status, json: Array(page.utf8))
        response.contentType = "text/html; charset=utf-8"
        response.header("Cache-Control", "no-store")
        return response
    }

    /// A `302 Found` to `location`, without a body.
    static func redirect(to location: String) -> APIResponse {
        var response = APIResponse(status: 302, json: [])
        response.contentType = "text/html; charset=utf-8"
        response.header("Location", location)
        response.header("Cache-Control", "no-store")
        return response
    }

    /// A form-encoded body, served as `text/html` as X serves its OAuth answers.
    static func form(status: Int, _ fields: [(name: String, value: String)]) -> APIResponse {
        var response = APIResponse(status: status, json: Array(OAuth1.encodeForm(fields).utf8))
        response.contentType = "text/html; charset=utf-8"
        return response
    }

    /// Adds a header.
    mutating func header(_ name: String, _ value: String) {
        headers.append((name, value))
    }

    /// The Hummingbird response.
    var response: Response {
        var fields = HTTPFields()
        fields[.contentType] = contentType ?? "application/json; charset=utf-8"
        for header in headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        var buffer = ByteBufferAllocator().buffer(capacity: body.count)
        buffer.writeBytes(body)
        return Response(status: HTTPResponse.Status(code: status), headers: fields, body: ResponseBody(byteBuffer: buffer))
    }
}

/// An error response carried through `Result` and typed `throws` inside an endpoint.
struct APIResponseError: Error {
    let response: APIResponse

    init(_ response: APIResponse) {
        self.response = response
    }
}

/// A page of followers an emulator delivered: whose, from which position, how many.
public struct FollowerPage: Sendable, Hashable {
    /// The account's screen name.
    public var account: String
    /// The position of the page's first follower in the account's follower list.
    public var start: Int
    /// Followers in the page.
    public var count: Int

    /// Creates a page description.
    public init(account: String, start: Int, count: Int) {
        self.account = account
        self.start = start
        self.count = count
    }
}
