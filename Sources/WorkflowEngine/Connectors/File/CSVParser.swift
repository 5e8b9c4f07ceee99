import Foundation
import WorkflowModel

/// CSV as RFC 4180 writes it: the first row names the fields; a field may be quoted, and a
/// quoted field may hold commas, doubled quotes (`""` for `"`) and line breaks; rows end with
/// CRLF or LF. Every value is a string, except that an empty unquoted cell is `null` (a quoted
/// empty cell `""` is the empty string). Blank lines are skipped; a row with fewer cells than
/// the header has `null` for the missing ones, a row with more is an error.
struct CSVParser: RecordFileParser {
    /// Scanning state of a row that did not end in the bytes read so far.
    private struct RowScan {
        var cells: [ExpressionValue] = []
        var cell: [UInt8] = []
        var scanned = 0
        /// The current cell began with a quote.
        var quoted = false
        /// Inside the quotes of a quoted cell.
        var inQuotes = false
        /// Inside quotes, just after a quote: a second one is a literal quote, anything else
        /// closes the cell.
        var quoteSeen = false
        /// After a cell's closing quote: only a comma or the row's end may follow.
        var closed = false
    }

    /// The field names, from the header row.
    private(set) var header: [String] = []
    /// A record of the header's fields: each row fills a copy by position (no name hashed per row).
    private var template = RecordTemplate(fields: [])
    private var scan = RowScan()

    /// Reads the header row (none in an empty file); the chunks must be at the start of the file.
    mutating func readHeader(from chunks: inout FileChunks) throws {
        var line = 0
        guard let cells = try nextRow(from: &chunks, line: &line) else { return }  // an empty file: no records
        var seen: Set<String> = []
        for (index, cell) in cells.enumerated() {
            guard case .string(let name) = cell, !name.isEmpty else {
                throw FileConnectorError.malformed(path: chunks.path, line: line, reason: "column \(index + 1) of the header row has no name")
            }
            guard seen.insert(name).inserted else {
                throw FileConnectorError.malformed(path: chunks.path, line: line, reason: "the header row names column '\(name)' twice")
            }
        }
        header = cells.map { $0.text ?? "" }
        template = RecordTemplate(fields: header)
    }

    mutating func nextRecord(from chunks: inout FileChunks) throws -> Record? {
        var line = 0
        guard !header.isEmpty, let cells = try nextRow(from: &chunks, line: &line) else { return nil }
        guard cells.count <= header.count else {
            throw FileConnectorError.malformed(
                path: chunks.path, line: line,
                reason: "the row has \(cells.count) cells but the header names \(header.count) columns; quote cells that hold commas")
        }
        var record = template.record
        for index in cells.indices {
            record.values[template.slots[index]] = cells[index]
        }
        return record
    }

    /// The next non-blank row's cells, consumed; `line` is where it starts. Nil at the end.
    private mutating func nextRow(from chunks: inout FileChunks, line: inout Int) throws -> [ExpressionValue]? {
        while true {
            line = chunks.line
            guard let cells = try scanRow(&chunks) else { return nil }
            if cells.count == 1, cells[0] == .null { continue }  // a blank line
            return cells
        }
    }

    /// Scans one row, reading more chunks as needed.
    private mutating func scanRow(_ chunks: inout FileChunks) throws -> [ExpressionValue]? {
        while true {
            if let length = try scanToRowEnd(&chunks) {
                chunks.consume(length)
                defer { scan = RowScan() }
                return scan.cells
            }
            if chunks.atEnd {
                // The end of the file ends the last row.
                if scan.inQuotes, !scan.quoteSeen {
                    throw FileConnectorError.malformed(
                        path: chunks.path, line: chunks.line,
                        reason: "a quoted cell of the row starting here is never closed; a quote inside a quoted cell is written twice (\"\")")
                }
                guard scan.scanned > 0 else { return nil }
                try endCell(&chunks)
                chunks.consume(scan.scanned)
                defer { scan = RowScan() }
                return scan.cells
            }
            try chunks.checkRecordLength(scan.scanned, what: "the row starting here")
            _ = try chunks.fill()
        }
    }

    /// Continues the scan; the row's length with its line ending, once the ending is found.
    private mutating func scanToRowEnd(_ chunks: inout FileChunks) throws -> Int? {
        while scan.scanned < chunks.available {
            let byte = chunks[scan.scanned]
            if scan.inQuotes {
                if scan.quoteSeen {
                    scan.quoteSeen = false
                    if byte == ASCII.quote {
                        scan.cell.append(byte)
                        scan.scanned += 1
                        continue
                    }
                    scan.inQuotes = false
                    scan.closed = true
                } else {
                    if byte == ASCII.quote { scan.quoteSeen = true } else { scan.cell.append(byte) }
                    scan.scanned += 1
                    continue
                }
            }
            switch byte {
            case ASCII.comma:
                try endCell(&chunks)
                scan.scanned += 1
            case ASCII.newline:
                try endCell(&chunks)
                return scan.scanned + 1
            case ASCII.carriageReturn:
                // CRLF ends a row as one ending; wait for the next byte to know.
                guard scan.scanned + 1 < chunks.available || chunks.atEnd else { return nil }
                try endCell(&chunks)
                let crlf = scan.scanned + 1 < chunks.available && chunks[scan.scanned + 1] == ASCII.newline
                return scan.scanned + (crlf ? 2 : 1)
            case ASCII.quote where scan.cell.isEmpty && !scan.quoted && !scan.closed:
                scan.quoted = true
                scan.inQuotes = true
                scan.scanned += 1
            default:
                if scan.closed {
                    throw FileConnectorError.malformed(
                        path: chunks.path, line: chunks.line(at: scan.scanned),
                        reason: "unexpected text after the closing quote of a cell; a quote inside a quoted cell is written twice (\"\")")
                }
                scan.cell.append(byte)
                scan.scanned += 1
            }
        }
        return nil
    }

    /// The current cell's bytes as text. ASCII, the common case, is decoded without the
    /// validating initializer, which is generic at run time (a metadata lookup per cell showed
    /// in the profile): ASCII bytes are valid UTF-8 as they are.
    private func cellText(_ chunks: inout FileChunks) throws -> String {
        if scan.cell.allSatisfy({ $0 < 0x80 }) {
            return scan.cell.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
        }
        guard let text = String(validating: scan.cell, as: UTF8.self) else {
            throw FileConnectorError.malformed(
                path: chunks.path, line: chunks.line(at: scan.scanned),
                reason: "the text is not UTF-8; save the file as UTF-8")
        }
        return text
    }

    /// Ends the current cell: a quoted cell is a string, an empty unquoted one `null`.
    private mutating func endCell(_ chunks: inout FileChunks) throws {
        defer {
            scan.cell.removeAll(keepingCapacity: true)
            scan.quoted = false
            scan.closed = false
        }
        if scan.cell.isEmpty, !scan.quoted {
            scan.cells.append(.null)
            return
        }
        scan.cells.append(.string(try cellText(&chunks)))
    }
}
