import WorkflowModel

/// The errors of reading a response body's fields: `DecodingError`s, whose coding path names the
/// field (`data.0.id`), as `APIClient.summary(of:)` shows them.
enum JSONFieldError {
    /// A `keyNotFound` error for a required field.
    static func missing(_ key: String, at path: [JSONPathKey] = []) -> DecodingError {
        DecodingError.keyNotFound(JSONPathKey(key), DecodingError.Context(codingPath: path, debugDescription: "no value for \(key)"))
    }

    /// A `typeMismatch` error: the value at `path` is not a `type`.
    static func mismatch(_ type: Any.Type, at path: [JSONPathKey]) -> DecodingError {
        DecodingError.typeMismatch(type, DecodingError.Context(codingPath: path, debugDescription: "expected \(type)"))
    }

    /// A `valueNotFound` error: null at `path`, where a `type` is required.
    static func null(_ type: Any.Type, at path: [JSONPathKey]) -> DecodingError {
        DecodingError.valueNotFound(type, DecodingError.Context(codingPath: path, debugDescription: "expected \(type), found null"))
    }

    /// A `dataCorrupted` error: the value at `path` is JSON but not what it stands for.
    static func corrupted(_ message: String, at path: [JSONPathKey]) -> DecodingError {
        DecodingError.dataCorrupted(DecodingError.Context(codingPath: path, debugDescription: message))
    }

    /// Runs `body`, prefixing the coding path of a `DecodingError` it throws with `keys`: how a
    /// reader says which user of a page had the unreadable field, at no cost when all reads.
    static func within<T>(_ keys: @autoclosure () -> [JSONPathKey], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DecodingError {
            throw error.prefixed(by: keys())
        }
    }

    /// A whole number read by `JSONReader` (`.int`, or a `.number` with no fraction, as `1e3`),
    /// else a `dataCorrupted` error at `path`.
    static func int64(_ value: ExpressionValue, at path: @autoclosure () -> [JSONPathKey]) throws -> Int64 {
        switch value {
        case .int(let whole): return whole
        case .number(let number):
            if number.rounded() == number, let whole = Int64(exactly: number) { return whole }
            throw corrupted("\(number) is not a 64-bit whole number", at: path())
        default: throw mismatch(Int64.self, at: path())
        }
    }
}

/// A key of a `DecodingError`'s coding path: a field name or an array position.
struct JSONPathKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(_ name: String) {
        stringValue = name
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
    func prefixed(by keys: [JSONPathKey]) -> DecodingError {
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
