/// Reads records one by one from a file's chunks.
protocol RecordFileParser {
    /// The next record, its bytes consumed; nil at the end of the file.
    mutating func nextRecord(from chunks: inout FileChunks) throws -> Record?
}

/// Bytes the parsers look for.
enum ASCII {
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let quote: UInt8 = 0x22
    static let comma: UInt8 = 0x2C
    static let backslash: UInt8 = 0x5C
    static let openBracket: UInt8 = 0x5B
    static let closeBracket: UInt8 = 0x5D
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D

    /// Space, tab, line feed, carriage return: JSON's whitespace.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
