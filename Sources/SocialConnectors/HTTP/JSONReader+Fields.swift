import WorkflowModel

/// `JSONReader`'s values as a response reader reads a field it knows: null is nil, a value of
/// another kind is a `DecodingError` naming the field (once checked to be JSON), so that a
/// body that does not read is retried by `APIClient` and its error says where.
extension JSONReader {
    /// A string or null (nil).
    mutating func optionalString(_ field: String) throws -> String? {
        switch try peek() {
        case .string: return try string()
        case .null: return try skipNull()
        default: throw try mismatch(String.self, field)
        }
    }

    /// A string or null (nil), as it stands in the bytes.
    mutating func optionalText(_ field: String) throws -> Text? {
        switch try peek() {
        case .string: return try text()
        case .null: return try skipNull()
        default: throw try mismatch(String.self, field)
        }
    }

    /// A whole number or null (nil); `1e3` and `5.0` are whole numbers too.
    mutating func optionalInt64(_ field: String) throws -> Int64? {
        switch try peek() {
        case .number: return try JSONFieldError.int64(number(), at: [JSONPathKey(field)])
        case .null: return try skipNull()
        default: throw try mismatch(Int64.self, field)
        }
    }

    /// `true`, `false` or null (nil).
    mutating func optionalBool(_ field: String) throws -> Bool? {
        switch try peek() {
        case .bool: return try bool()
        case .null: return try skipNull()
        default: throw try mismatch(Bool.self, field)
        }
    }

    /// Reads the null that `peek()` announced.
    private mutating func skipNull<T>() throws -> T? {
        _ = null()
        return nil
    }

    /// The error for a value of another kind than `type` at `field`, once the value is skipped
    /// (and so checked to be JSON).
    private mutating func mismatch(_ type: Any.Type, _ field: String) throws -> DecodingError {
        try skipValue()
        return JSONFieldError.mismatch(type, at: [JSONPathKey(field)])
    }
}
