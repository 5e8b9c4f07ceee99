/// JSON Lines: one JSON object per line; blank lines are skipped, a CRLF ending is accepted.
struct JSONLinesParser: RecordFileParser {
    /// Bytes of the current line already searched for its newline.
    private var searched = 0

    mutating func nextRecord(from chunks: inout FileChunks) throws -> Record? {
        while true {
            let length: Int, separator: Int
            if let newline = chunks.position(of: ASCII.newline, from: searched) {
                (length, separator) = (newline, 1)
            } else {
                searched = chunks.available
                try chunks.checkRecordLength(searched, what: "the line")
                if try chunks.fill() { continue }
                guard chunks.available > 0 else { return nil }
                (length, separator) = (chunks.available, 0)  // a last line without a newline
            }
            searched = 0
            let record = try record(in: chunks.slice(0..<length), chunks: &chunks)
            chunks.consume(length + separator)
            if let record { return record }
        }
    }

    /// The record on one line; nil for a blank line.
    private func record(in whole: ArraySlice<UInt8>, chunks: inout FileChunks) throws -> Record? {
        var (start, end) = (whole.startIndex, whole.endIndex)
        while end > start, ASCII.isWhitespace(whole[end - 1]) { end -= 1 }
        while start < end, ASCII.isWhitespace(whole[start]) { start += 1 }
        guard start < end else { return nil }
        let line = whole[start..<end]
        do {
            return try JSONRecordDecoder.record(from: line)
        } catch .invalid(let explanation, let offset) {
            throw FileConnectorError.malformed(
                path: chunks.path, line: chunks.line,
                column: JSONRecordDecoder.column(of: start - whole.startIndex + offset, in: whole),
                reason: "not valid JSON: \(explanation)")
        } catch .notAnObject(let type) {
            throw FileConnectorError.malformed(
                path: chunks.path, line: chunks.line,
                reason: "the line holds a JSON \(type), not an object; each line must hold one object {…}"
                    + (line.first == ASCII.openBracket ? " (for one array of objects, use format=\"json\")" : ""))
        }
    }
}
