// `JSONReader`'s tree: a whole value as an `ExpressionValue`, read through the same scanner.
extension JSONReader {
    /// The one value `text` holds (whitespace around it allowed).
    ///
    ///     try JSONReader.value(from: #"{"id": 7, "tags": ["a"]}"#)  // ["id": 7, "tags": ["a"]]
    public static func value(from text: String) throws(JSONSyntaxError) -> ExpressionValue {
        var text = text
        let result = text.withUTF8 { bytes in Result { () throws(JSONSyntaxError) in try value(from: bytes) } }
        return try result.get()
    }

    /// The one value the UTF-8 `bytes` hold (whitespace around it allowed).
    public static func value(from bytes: ArraySlice<UInt8>) throws(JSONSyntaxError) -> ExpressionValue {
        let result = bytes.withUnsafeBufferPointer { buffer in Result { () throws(JSONSyntaxError) in try value(from: buffer) } }
        return try result.get()
    }

    /// The one value the UTF-8 `buffer` holds (whitespace around it allowed).
    public static func value(from buffer: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> ExpressionValue {
        var reader = JSONReader(buffer)
        let value = try reader.value()
        try reader.end()
        return value
    }

    /// Reads the next value whole. A repeated key keeps its last value.
    public mutating func value() throws(JSONSyntaxError) -> ExpressionValue {
        switch try peek() {
        case .object:
            var fields: [String: ExpressionValue] = [:]
            try beginObject()
            while let key = try nextKey() { fields[key.string] = try value() }
            return .object(fields)
        case .array:
            var items: [ExpressionValue] = []
            try beginArray()
            while try nextElement() { items.append(try value()) }
            return .array(items)
        case .string:
            return .string(try string())
        case .number:
            return try number()
        case .bool:
            return .bool(try bool())
        case .null:
            guard null() else { throw unexpectedValue() }
            return .null
        }
    }
}
