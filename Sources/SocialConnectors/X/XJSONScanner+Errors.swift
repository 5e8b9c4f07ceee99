/// The errors of `XJSONScanner`: `JSONDecoder`'s kinds, with the coding path of the field.
extension XJSONScanner {
    /// A `dataCorrupted` error naming the byte offset: the body is not (complete) JSON.
    func syntax(_ message: String) -> DecodingError {
        let found = index < bytes.count ? "byte \(index)" : "the end of the body (\(bytes.count) bytes)"
        return DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "\(message) at \(found)"))
    }

    /// A `keyNotFound` error for a required key.
    static func missing(_ key: StaticString) -> DecodingError {
        DecodingError.keyNotFound(XJSONKey(key), DecodingError.Context(codingPath: [], debugDescription: "no value for \(key)"))
    }

    /// The error for a value of the wrong type at `field`: `valueNotFound` for null where a value
    /// is required, `typeMismatch` for another kind of value, after checking that it is JSON at all.
    mutating func mismatch(_ type: Any.Type, _ field: StaticString) throws -> DecodingError {
        let context = DecodingError.Context(codingPath: [XJSONKey(field)], debugDescription: "expected \(type)")
        if null() { return DecodingError.valueNotFound(type, context) }
        try skipValue()
        return DecodingError.typeMismatch(type, context)
    }

    /// Runs `body`, prefixing the coding path of a `DecodingError` it throws with `keys`: how a
    /// decoder says which user of a page had the unreadable field.
    static func within<T>(_ keys: @autoclosure () -> [any CodingKey], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DecodingError {
            throw error.prefixed(by: keys())
        }
    }
}

/// A key of a `DecodingError`'s coding path: a field name or an array position.
struct XJSONKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(_ name: StaticString) {
        stringValue = "\(name)"
        intValue = nil
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension DecodingError {
    /// The same error with `keys` in front of its coding path.
    func prefixed(by keys: [any CodingKey]) -> DecodingError {
        func moved(_ context: Context) -> Context {
            Context(codingPath: keys + context.codingPath, debugDescription: context.debugDescription, underlyingError: context.underlyingError)
        }
        return switch self {
        case .typeMismatch(let type, let context): .typeMismatch(type, moved(context))
        case .valueNotFound(let type, let context): .valueNotFound(type, moved(context))
        case .keyNotFound(let key, let context): .keyNotFound(key, moved(context))
        case .dataCorrupted(let context): .dataCorrupted(moved(context))
        @unknown default: self
        }
    }
}
