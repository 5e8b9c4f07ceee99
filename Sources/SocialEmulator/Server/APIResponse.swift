import HTTPTypes
import Hummingbird

/// A response before it becomes a Hummingbird `Response`.
struct APIResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: [UInt8]

    /// A JSON response.
    init(status: Int, json: [UInt8]) {
        self.status = status
        self.body = json
    }

    /// A JSON response from text.
    init(status: Int, json: String) {
        self.init(status: status, json: Array(json.utf8))
    }

    /// Adds a header.
    mutating func header(_ name: String, _ value: String) {
        headers.append((name, value))
    }

    /// The Hummingbird response.
    var response: Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
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
