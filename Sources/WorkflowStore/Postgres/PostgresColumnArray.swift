import WorkflowModel
import PostgresNIO

/// One column's values for a batch upsert, sent as one binary PostgreSQL array parameter that
/// `unnest` turns back into rows. postgres-nio's own arrays cannot hold NULL elements, so this
/// writes the array format itself (header, then each element's length, -1 for NULL, and bytes).
struct PostgresColumnArray: PostgresDynamicTypeEncodable {
    /// The element type: `text`, `int8`, `float8` or `bool`; every value must be of it.
    let elementType: PostgresDataType
    /// The values, already converted for the column.
    let values: [ColumnValue]

    var psqlType: PostgresDataType {
        switch elementType {
        case .int8: .int8Array
        case .float8: .float8Array
        case .bool: .boolArray
        default: .textArray
        }
    }

    var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(Int32(1))  // dimensions
        buffer.writeInteger(Int32(values.contains { $0.isNull } ? 1 : 0))
        buffer.writeInteger(Int32(bitPattern: elementType.rawValue))
        buffer.writeInteger(Int32(values.count))
        buffer.writeInteger(Int32(1))  // lower bound
        for value in values {
            switch value {
            case .null:
                buffer.writeInteger(Int32(-1))
            case .integer(let number):
                buffer.writeInteger(Int32(8))
                buffer.writeInteger(number)
            case .real(let number):
                buffer.writeInteger(Int32(8))
                buffer.writeInteger(number.bitPattern)
            case .boolean(let flag):
                buffer.writeInteger(Int32(1))
                buffer.writeInteger(UInt8(flag ? 1 : 0))
            case .text(let text):
                let lengthIndex = buffer.writerIndex
                buffer.writeInteger(Int32(0))
                let written = buffer.writeString(text)
                buffer.setInteger(Int32(written), at: lengthIndex)
            }
        }
    }

    /// The element type that carries values of a column of `type`, as `PostgresDialect`'s
    /// `arrayElementType` names it in SQL.
    static func elementType(for type: DataType) -> PostgresDataType {
        switch type {
        case .string, .timestamp, .date, .json: .text
        case .integer: .int8
        case .number: .float8
        case .boolean: .bool
        }
    }
}
