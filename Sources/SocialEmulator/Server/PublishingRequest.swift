/// A publishing request an emulator received (a post, a direct message, a page post: every
/// `POST` to the X or Graph API), as the client sent it, whatever the answer: what tests assert
/// to show the exact requests a client made.
public struct PublishingRequest: Sendable, Hashable {
    /// `POST`.
    public var method: String
    /// The path as requested, without the query (`/2/tweets`, `/v24.0/100200300400001/feed`).
    public var path: String
    /// The decoded query and form parameters in order, without credentials (`access_token`,
    /// `appsecret_proof`): `[["status", "Hello"]]`.
    public var parameters: [[String]]
    /// The body's content type, nil when none was sent.
    public var contentType: String?
    /// The body as sent (a JSON document, a form, or empty).
    public var body: String

    /// Creates a request description.
    public init(method: String, path: String, parameters: [[String]] = [], contentType: String? = nil, body: String = "") {
        self.method = method
        self.path = path
        self.parameters = parameters
        self.contentType = contentType
        self.body = body
    }

    /// The parameters that are never recorded: they are credentials.
    static let credentialParameters: Set<String> = ["access_token", "appsecret_proof"]

    /// The description of an API request.
    init(_ request: APIRequest) {
        let parameters = (request.query + request.form).filter { !Self.credentialParameters.contains($0.name) }
        self.init(
            method: request.method, path: request.rawPath, parameters: parameters.map { [$0.name, $0.value] },
            contentType: request.contentType, body: String(decoding: request.body, as: UTF8.self))
    }
}
