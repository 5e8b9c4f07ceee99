import GRDB
import GRDBSQLite

/// The UTF-8 bytes of the text values of one statement execution, in one buffer, so that SQLite
/// binds each in place (`SQLITE_STATIC`) rather than copying it into an allocation of its own.
///
/// Values are bound in the order they were gathered: `bind` hands out the next stretch of the
/// buffer to each text value. The buffer must outlive the statement's bindings: the caller
/// clears them (`sqlite3_clear_bindings`) before `deallocate`.
final class BoundText {
    private let buffer: UnsafeMutableRawBufferPointer
    private var offset = 0

    /// Room for the text values of `rows` × `columns` of `values` (row-major, `width` slots per
    /// row), and of `extra`.
    init(_ values: [ColumnValue], rows: Range<Int>, columns: [Int], width: Int, extra: ColumnValue?) {
        var count = extra.map(Self.byteCount) ?? 0
        for row in rows {
            let base = row * width
            for column in columns { count += Self.byteCount(values[base + column]) }
        }
        // At least one byte: an empty text still needs an address (a NULL pointer binds NULL).
        buffer = .allocate(byteCount: max(1, count), alignment: 1)
    }

    /// Binds `value` to parameter `index` (1-based); a text value is copied into the buffer and
    /// bound from there. Returns SQLite's result code.
    func bind(_ value: ColumnValue, to statement: SQLiteStatement, at index: Int32) -> Int32 {
        guard case .text(var text) = value else { return value.bind(to: statement, at: index) }
        let start = buffer.baseAddress! + offset
        let count = text.withUTF8 { bytes in
            if let source = bytes.baseAddress { start.copyMemory(from: source, byteCount: bytes.count) }
            return bytes.count
        }
        precondition(offset + count <= buffer.count, "a text value grew between counting and binding")
        offset += count
        // A nil destructor is SQLITE_STATIC: SQLite reads the bytes where they are.
        return sqlite3_bind_text(statement, index, start.assumingMemoryBound(to: CChar.self), Int32(count), nil)
    }

    /// Frees the buffer; the statement's bindings must be cleared first.
    func deallocate() { buffer.deallocate() }

    private static func byteCount(_ value: ColumnValue) -> Int {
        if case .text(let text) = value { return text.utf8.count }
        return 0
    }
}
