import Foundation

/// A position in a data table, for paging it: the rows after the last one a page showed. Its
/// `text` goes in URLs (`?after=…`); `init(parsing:table:)` takes such a text back and refuses
/// anything it did not make, so a cursor edited by hand is an error, never a crash or a scan.
///
/// ```swift
/// var page = try await store.rows(of: visitor, after: nil, limit: 100)
/// if let next = page.next {
///     let url = "/data/visitor?after=\(next.text)"
///     page = try await store.rows(of: visitor, after: try DataCursor(parsing: next.text, table: "visitor"), limit: 100)
/// }
/// ```
///
/// Rows are paged in the table's own order, the one `rows(of:batchSize:)` reads them in: the
/// store's row number (`id`), which grows as rows are inserted. The text is the base64url form
/// (no padding) of `1:ROW:TABLE`, versioned so that a later order can tell old cursors apart.
public struct DataCursor: Sendable, Hashable, CustomStringConvertible {
    /// The longest text `init(parsing:table:)` reads.
    public static let maximumTextLength = 256

    /// The table it is a position in.
    public let table: String
    /// The row number of the last row shown: the next page starts after it.
    public let rowID: Int64

    /// The position after row `rowID` of `table`.
    public init(table: String, rowID: Int64) {
        self.table = table
        self.rowID = rowID
    }

    /// The text for a URL: base64url, no padding, only `A–Z a–z 0–9 - _`.
    public var text: String {
        Data("1:\(rowID):\(table)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public var description: String { text }

    /// Reads a cursor of `table` from its `text`: only a text that `text` gives for some row of
    /// that table is accepted (at most `maximumTextLength` characters).
    public init(parsing text: String, table: String) throws(DataCursorError) {
        guard !text.isEmpty, text.utf8.count <= Self.maximumTextLength else {
            throw .malformed(text.isEmpty ? "it is empty" : "it is longer than \(Self.maximumTextLength) characters")
        }
        guard text.utf8.allSatisfy(Self.isBase64URL) else { throw .malformed("it is not base64url text") }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let bytes = Data(base64Encoded: base64), let payload = String(bytes: bytes, encoding: .utf8) else {
            throw .malformed("it is not base64url text")
        }
        let parts = payload.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "1" else { throw .malformed("it is not a cursor of this wfrun") }
        guard parts[1].utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let rowID = Int64(parts[1]) else {
            throw .malformed("its row number is not one")
        }
        guard parts[2] == table else { throw .otherTable(cursor: String(parts[2]), table: table) }
        let cursor = DataCursor(table: table, rowID: rowID)
        // One text per position: anything else (leading zeros, stray bits in the last
        // character) was not made by `text`.
        guard cursor.text == text else { throw .malformed("it is not in its canonical form") }
        self = cursor
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }
}

/// Why a page cursor was refused.
public enum DataCursorError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The text is not a cursor wfrun made; the reason says what is wrong with it.
    case malformed(String)
    /// The cursor is a position in another table.
    case otherTable(cursor: String, table: String)

    public var description: String {
        switch self {
        case .malformed(let reason): "the page cursor is not valid: \(reason)"
        case .otherTable(let cursor, let table): "the page cursor is a position in \(cursor), not in \(table)"
        }
    }
}

/// One page of a data table.
public struct DataPage: Sendable, Hashable {
    /// The rows, in the table's order.
    public var rows: [Record]
    /// The position after each row (as many as `rows`): a reader that stops within the page (a
    /// filter that has found enough) goes on from the position of the last row it took.
    public var positions: [DataCursor]
    /// Where the next page starts; nil when this page reaches the end of the table.
    public var next: DataCursor?
    /// How many rows were read to make the page: `rows.count`, or more when a condition chose
    /// among them.
    public var examined: Int

    /// Creates a page.
    public init(rows: [Record], positions: [DataCursor], next: DataCursor?, examined: Int? = nil) {
        self.rows = rows
        self.positions = positions
        self.next = next
        self.examined = examined ?? rows.count
    }

    /// No rows, and nothing after them.
    public static let empty = DataPage(rows: [], positions: [], next: nil)
}
