#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WorkflowModel

/// A file's bytes with a line index, to turn byte offsets into line and column and to show the
/// line of a diagnostic. Built once per file; lookups are a binary search.
public struct SourceText: Sendable {
    /// The file as the user named it.
    public let file: String
    /// The raw bytes.
    public let bytes: [UInt8]
    /// Byte offset where each line starts (line 1 at index 0).
    private let lineStarts: [Int]
    /// `scalarCounts[k]`: how many Unicode scalars (UTF-8 lead bytes) precede byte
    /// `k * checkpointStride`, so that a column is found in a bounded number of steps even on a
    /// line of megabytes (a file written on one line used to take minutes to validate).
    private let scalarCounts: [Int]
    private static let checkpointStride = 1024

    /// Indexes `bytes`.
    public init(file: String, bytes: [UInt8]) {
        self.file = file
        self.bytes = bytes
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var cursor = UnsafeRawPointer(base)
            let end = UnsafeRawPointer(base + buffer.count)
            while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
                let offset = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                starts.append(offset + 1)
                cursor = UnsafeRawPointer(found) + 1
            }
        }
        lineStarts = starts
        var counts = [Int]()
        counts.reserveCapacity(bytes.count / Self.checkpointStride + 1)
        bytes.withUnsafeBufferPointer { buffer in
            var scalars = 0
            for index in 0..<buffer.count {
                if index % Self.checkpointStride == 0 { counts.append(scalars) }
                if buffer[index] & 0xC0 != 0x80 { scalars += 1 }
            }
            if buffer.count % Self.checkpointStride == 0 { counts.append(scalars) }
        }
        scalarCounts = counts
    }

    /// How many scalars (UTF-8 lead bytes) precede byte `offset` (0...bytes.count).
    private func scalars(before offset: Int) -> Int {
        let checkpoint = offset / Self.checkpointStride
        var count = scalarCounts[checkpoint]
        for index in checkpoint * Self.checkpointStride..<offset where bytes[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// The number of lines.
    public var lineCount: Int { lineStarts.count }

    /// The 1-based line and column (in Unicode scalars) of a byte offset.
    public func location(ofByte offset: Int) -> SourceLocation {
        let offset = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let column = scalars(before: offset) - scalars(before: lineStarts[low]) + 1
        return SourceLocation(file: file, line: low + 1, column: column)
    }

    /// The location `scalars` Unicode scalars after `start` (used to point inside an attribute
    /// value at the place an expression error begins).
    public func location(_ start: SourceLocation, advancedBy scalars: Int) -> SourceLocation {
        guard var index = byteOffset(of: start) else { return start }
        var location = start
        for _ in 0..<max(0, scalars) where index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                location.line += 1
                location.column = 1
            } else {
                location.column += 1
            }
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
        }
        return location
    }

    /// The byte offset of a line and column of this file.
    public func byteOffset(of location: SourceLocation) -> Int? {
        guard let lineStart = byteOffset(ofLine: location.line) else { return nil }
        // The scalar `column - 1` places after the line's first: the first lead byte with
        // `target` scalars before it, searched from the last checkpoint before it.
        let target = scalars(before: lineStart) + max(0, location.column - 1)
        var low = lineStart / Self.checkpointStride
        var high = scalarCounts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if scalarCounts[mid] <= target { low = mid } else { high = mid - 1 }
        }
        var index = max(lineStart, low * Self.checkpointStride)
        var count = scalars(before: index)
        while index < bytes.count {
            if bytes[index] & 0xC0 != 0x80 {
                if count == target { return index }
                count += 1
            }
            index += 1
        }
        return bytes.count
    }

    /// The byte offset where a 1-based line starts.
    public func byteOffset(ofLine line: Int) -> Int? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        return lineStarts[line - 1]
    }

    /// The text of a 1-based line, without its line break, at most `limit` bytes of it (a hostile
    /// file can have a 20 MB line); invalid UTF-8 is repaired for display.
    public func text(ofLine line: Int, limit: Int = 1024) -> String? {
        guard let start = byteOffset(ofLine: line) else { return nil }
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        end = min(end, start + limit)
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}
