import Foundation
import WorkflowModel

/// Decodes one JSON object (a line of JSON Lines, an element of an array) into a record, with
/// exact types: `true`/`false` are bools (never 1/0), integral numbers that fit 64 bits are
/// ints, other numbers are numbers. `JSONDecoder` does the parsing; the `Decodable`
/// conformance below only picks the case, so no `NSNumber` bridging is involved.
struct JSONRecordDecoder {
    private let decoder = JSONDecoder()

    /// Why some bytes are not a record.
    enum Failure: Error {
        /// Not JSON at all, with the decoder's explanation.
        case invalid(String)
        /// Valid JSON of another type (`array`, `string`, …).
        case notAnObject(String)
    }

    /// The record the bytes hold.
    func record(from bytes: ArraySlice<UInt8>) throws(Failure) -> Record {
        let value: ExpressionValue
        do {
            value = try decoder.decode(JSONValue.self, from: Data(bytes)).value
        } catch {
            throw .invalid(Self.explanation(error))
        }
        guard case .object(let fields) = value else { throw .notAnObject(value.typeName) }
        return fields
    }

    private static func explanation(_ error: any Error) -> String {
        guard case DecodingError.dataCorrupted(let context) = error else { return "\(error)" }
        if let underlying = context.underlyingError {
            let text = (underlying as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(underlying)"
            return text
        }
        return context.debugDescription
    }
}

/// A JSON value as an `ExpressionValue`.
private struct JSONValue: Decodable {
    let value: ExpressionValue

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let string = try? container.decode(String.self) {
            value = .string(string)
        } else if let int = try? container.decode(Int64.self) {
            value = .int(int)
        } else if let number = try? container.decode(Double.self) {
            value = .number(number)
        } else if let flag = try? container.decode(Bool.self) {
            value = .bool(flag)
        } else if let object = try? container.decode([String: JSONValue].self) {
            value = .object(object.mapValues(\.value))
        } else {
            value = .array(try container.decode([JSONValue].self).map(\.value))
        }
    }
}
