import WorkflowModel

/// `JSONReader`'s values as a response reader reads a field it knows: null is nil, a value of
/// another kind is a `DecodingError` naming the field (once checked to be JSON), so that a
/// body that does not read is retried by `APIClient` and its error says where.
extension JSONReader {
    /// A string or null (nil).
    mutating func optionalString(_ field: String) throws -> String? {
        try optional(.string, field) { try $0.string() }
    }

    /// A string or null (nil), as it stands in the bytes.
    mutating func optionalText(_ field: String) throws -> Text? {
        try optional(.string, field) { try $0.text() }
    }

    /// A whole number or null (nil); `1e3` and `5.0` are whole numbers too.
    mutating func optionalInt64(_ field: String) throws -> Int64? {
        try optional(.number, field) { try JSONFieldError.int64($0.number(), at: [JSONPathKey(field)]) }
    }

    /// `true`, `false` or null (nil).
    mutating func optionalBool(_ field: String) throws -> Bool? {
        try optional(.bool, field) { try $0.bool() }
    }

    /// A value of `kind` read by `read`, or null (nil); else the error for a value of another
    /// kind at `field`, once that value is skipped (and so checked to be JSON).
    private mutating func optional<T>(_ kind: Kind, _ field: String, _ read: (inout JSONReader) throws -> T) throws -> T? {
        switch try peek() {
        case kind:
            return try read(&self)
        case .null:
            _ = null()
            return nil
        default:
            try skipValue()
            throw JSONFieldError.mismatch(T.self, at: [JSONPathKey(field)])
        }
    }
}
