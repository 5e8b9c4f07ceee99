import WorkflowModel

/// Decodes one JSON object (a line of JSON Lines, an element of an array) into a record.
enum JSONRecordDecoder {
    /// Why some bytes are not a record.
    enum Failure: Error {
        /// Not JSON: what is wrong and the byte offset (from the start of the bytes given) where.
        case invalid(String, offset: Int)
        /// Valid JSON of another type (`array`, `string`, …).
        case notAnObject(String)
    }

    /// The record the bytes hold.
    static func record(from bytes: ArraySlice<UInt8>) throws(Failure) -> Record {
        let value: ExpressionValue
        do {
            value = try JSONReader.value(from: bytes)
        } catch {
            throw .invalid(error.message, offset: error.offset)
        }
        guard case .object(let fields) = value else { throw .notAnObject(value.typeName) }
        return fields
    }

    /// The 1-based column (in characters) of `offset` in `line`, whose start is a line start.
    static func column(of offset: Int, in line: ArraySlice<UInt8>) -> Int {
        let end = line.index(line.startIndex, offsetBy: min(offset, line.count))
        return String(decoding: line[line.startIndex..<end], as: UTF8.self).count + 1
    }
}
