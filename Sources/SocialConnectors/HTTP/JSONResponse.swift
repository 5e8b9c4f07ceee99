import Foundation
import WorkflowModel

/// A response body's shape that can be read from `JSONReader`'s tree: the small, rare responses
/// (posts, pages, insights, what publishing returns). Follower pages, the hot path, are read by
/// `XUserDecoder` straight from the bytes instead.
protocol JSONResponse {
    /// Reads the value from `json`, throwing a `DecodingError` that names the field it could not read.
    init(json: JSONNode) throws
}

extension Array: JSONResponse where Element: JSONResponse {
    init(json: JSONNode) throws {
        self = try json.items().map(Element.init(json:))
    }
}

/// A value of a response body and where it stands in it (`data.0.id`), for the errors of the
/// readers. Absent and null fields are alike (nil), as the APIs leave out what is empty; a field of
/// another type than its reader asks is an error.
struct JSONNode {
    /// The value.
    let value: ExpressionValue
    /// Where the value stands in the body.
    let path: [JSONPathKey]

    /// The body read as JSON.
    init(body: Data) throws {
        value = try body.withUnsafeBytes { raw throws(JSONSyntaxError) in try JSONReader.value(from: raw.bindMemory(to: UInt8.self)) }
        path = []
    }

    init(value: ExpressionValue, path: [JSONPathKey]) {
        self.value = value
        self.path = path
    }

    /// The field `name` of this object; nil when it is absent or null.
    func optional(_ name: String) throws -> JSONNode? {
        guard case .object(let fields) = value else { throw JSONFieldError.mismatch([String: Any].self, at: path) }
        guard let field = fields[name] else { return nil }
        if case .null = field { return nil }
        return JSONNode(value: field, path: path + [JSONPathKey(name)])
    }

    /// The field `name` of this object, which must be there and not null.
    func required(_ name: String) throws -> JSONNode {
        guard let field = try optional(name) else {
            guard case .object(let fields) = value, fields[name] != nil else { throw JSONFieldError.missing(name, at: path) }
            throw JSONFieldError.null(Any.self, at: path + [JSONPathKey(name)])
        }
        return field
    }

    /// The string this value is.
    func string() throws -> String {
        guard case .string(let text) = value else { throw JSONFieldError.mismatch(String.self, at: path) }
        return text
    }

    /// The whole number this value is (`1e3` and `5.0` are whole numbers too).
    func int64() throws -> Int64 {
        try JSONFieldError.int64(value, at: path)
    }

    /// The whole number this value is, as an `Int`.
    func int() throws -> Int {
        let whole = try int64()
        guard let int = Int(exactly: whole) else { throw JSONFieldError.corrupted("\(whole) does not fit an Int", at: path) }
        return int
    }

    /// The elements of this array.
    func items() throws -> [JSONNode] {
        guard case .array(let items) = value else { throw JSONFieldError.mismatch([Any].self, at: path) }
        return items.enumerated().map { JSONNode(value: $1, path: path + [JSONPathKey(intValue: $0)]) }
    }

    /// This value read as a `T`.
    func read<T: JSONResponse>(_ type: T.Type = T.self) throws -> T {
        try T(json: self)
    }
}
