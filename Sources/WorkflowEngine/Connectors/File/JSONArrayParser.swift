/// A JSON array of objects, `[ {…}, {…} ]`, read element by element: a small scanner finds
/// where each object ends (tracking strings, escapes and nesting), then the object alone is
/// decoded. So the array is never held whole.
struct JSONArrayParser: RecordFileParser {
    /// Where the scanner is between elements.
    private enum Place {
        /// Before the `[`.
        case start
        /// After `[`: an element or `]`.
        case opened
        /// After an element: `,` or `]`.
        case afterElement
        /// After `,`: an element.
        case afterComma
        /// After the `]`: only whitespace may follow.
        case closed
    }

    /// Scanning state of an element that did not end in the bytes read so far, so that more
    /// bytes continue the scan rather than restart it.
    private struct ElementScan {
        var scanned = 0
        var depth = 0
        var inString = false
        var escaped = false
    }

    private var place: Place
    private var scan = ElementScan()

    /// A parser at the start of the file, or (resuming) right after an element.
    init(resuming: Bool) {
        place = resuming ? .afterElement : .start
    }

    mutating func nextRecord(from chunks: inout FileChunks) throws -> Record? {
        while true {
            guard let byte = try firstSignificantByte(&chunks) else {
                guard place == .closed else { throw malformed(&chunks, "the file ends before the array's closing ]") }
                return nil
            }
            switch (place, byte) {
            case (.start, ASCII.openBracket):
                chunks.consume(1)
                place = .opened
            case (.start, _):
                throw malformed(&chunks, "a JSON file must hold one array of objects, [ {…}, {…} ]; for one object per line, use format=\"jsonl\"")
            case (.opened, ASCII.closeBracket), (.afterElement, ASCII.closeBracket):
                chunks.consume(1)
                place = .closed
            case (.afterElement, ASCII.comma):
                chunks.consume(1)
                place = .afterComma
            case (.afterElement, _):
                throw malformed(&chunks, "expected ',' or ']' after an element of the array, found '\(Self.show(byte))'")
            case (.opened, ASCII.openBrace), (.afterComma, ASCII.openBrace):
                return try element(&chunks)
            case (.afterComma, ASCII.closeBracket):
                throw malformed(&chunks, "a ',' before the closing ] (JSON does not allow a trailing comma)")
            case (.opened, _), (.afterComma, _):
                throw malformed(&chunks, "the array's elements must be objects {…}, found '\(Self.show(byte))'")
            case (.closed, _):
                throw malformed(&chunks, "unexpected '\(Self.show(byte))' after the array's closing ]")
            }
        }
    }

    /// Skips whitespace; the next byte, without consuming it, or nil at the end of the file.
    private func firstSignificantByte(_ chunks: inout FileChunks) throws -> UInt8? {
        while true {
            var skipped = 0
            while skipped < chunks.available, ASCII.isWhitespace(chunks[skipped]) { skipped += 1 }
            chunks.consume(skipped)
            if chunks.available > 0 { return chunks[0] }
            guard try chunks.fill() else { return nil }
        }
    }

    /// Scans the object starting at the first unconsumed byte, then decodes and consumes it.
    private mutating func element(_ chunks: inout FileChunks) throws -> Record {
        while true {
            if let end = scanToEnd(chunks) {
                scan = ElementScan()
                let record: Record
                let element = chunks.slice(0..<end)
                do {
                    record = try JSONRecordDecoder.record(from: element)
                } catch .invalid(let explanation, let offset) {
                    // The line and column of the fault, when its line starts inside the element.
                    let lineStart = element[..<(element.startIndex + offset)].lastIndex(of: ASCII.newline).map { $0 + 1 }
                    throw FileConnectorError.malformed(
                        path: chunks.path, line: chunks.line(at: offset),
                        column: lineStart.map { JSONRecordDecoder.column(of: element.startIndex + offset - $0, in: element[$0...]) },
                        reason: "not valid JSON: \(explanation)")
                } catch .notAnObject(let type) {
                    throw malformed(&chunks, "the array's elements must be objects, found a \(type)")
                }
                chunks.consume(end)
                place = .afterElement
                return record
            }
            try chunks.checkRecordLength(scan.scanned, what: "the object starting here")
            guard try chunks.fill() else {
                throw malformed(&chunks, "the file ends inside the object starting here")
            }
        }
    }

    /// Continues the scan; the object's length once its closing brace is found.
    private mutating func scanToEnd(_ chunks: FileChunks) -> Int? {
        while scan.scanned < chunks.available {
            let byte = chunks[scan.scanned]
            scan.scanned += 1
            if scan.inString {
                if scan.escaped {
                    scan.escaped = false
                } else if byte == ASCII.backslash {
                    scan.escaped = true
                } else if byte == ASCII.quote {
                    scan.inString = false
                }
                continue
            }
            switch byte {
            case ASCII.quote: scan.inString = true
            case ASCII.openBrace, ASCII.openBracket: scan.depth += 1
            case ASCII.closeBrace, ASCII.closeBracket:
                scan.depth -= 1
                if scan.depth == 0 { return scan.scanned }
            default: break
            }
        }
        return nil
    }

    private func malformed(_ chunks: inout FileChunks, _ reason: String) -> FileConnectorError {
        .malformed(path: chunks.path, line: chunks.line, reason: reason)
    }

    private static func show(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }
}
