import Foundation
import WorkflowModel

/// A file read forward in chunks: the bytes not yet consumed, their offset in the file, and
/// the line they start on. Parsers look at the unconsumed bytes (by position relative to the
/// first of them), ask for another chunk when a record does not end in what they have, and
/// consume a record's bytes once it is read, so at most one record plus one chunk is held.
struct FileChunks {
    /// Bytes read at a time.
    static let chunkSize = 256 * 1024
    /// The longest record accepted: past it the file is taken as malformed (a JSON array read
    /// as JSON Lines would otherwise be held whole in memory).
    static let recordLimit = 64 * 1024 * 1024

    /// The file as messages show it.
    let path: String
    private let handle: FileHandle
    /// Where reading started.
    private let startOffset: Int64
    private var bytes: [UInt8] = []
    /// Index in `bytes` of the first unconsumed byte.
    private var head = 0
    /// Offset in the file of `bytes[0]`.
    private var base: Int64
    /// Newlines consumed since `startOffset`.
    private var newlines = 0
    /// The line `startOffset` is on, counted when first needed (only errors need it).
    private var startLine: Int?
    /// True once the file has no more bytes.
    private(set) var atEnd = false

    /// Opens `path` for reading from `offset`.
    init(path: String, at offset: Int64 = 0) throws {
        self.path = path
        switch RegularFile.open(path) {
        case .success(let opened): handle = FileHandle(fileDescriptor: opened.descriptor, closeOnDealloc: true)
        case .failure(.system(let code)): throw FileConnectorError.cannotOpen(path: path, reason: String(cString: strerror(code)).lowercased())
        case .failure(.directory): throw FileConnectorError.cannotOpen(path: path, reason: "it is a folder; path=\"…\" must name a file")
        case .failure(.notRegular(let kind)):
            throw FileConnectorError.cannotOpen(path: path, reason: "it is not a regular file (it is \(kind)); path=\"…\" must name a file")
        }
        do {
            if offset > 0 { try handle.seek(toOffset: UInt64(offset)) }
        } catch {
            throw FileConnectorError.cannotOpen(path: path, reason: Self.reason(error))
        }
        startOffset = offset
        base = offset
        startLine = offset == 0 ? 1 : nil
    }

    /// The offset in the file of the first unconsumed byte.
    var offset: Int64 { base + Int64(head) }
    /// Unconsumed bytes in memory.
    var available: Int { bytes.count - head }

    /// The unconsumed byte at `position`.
    subscript(position: Int) -> UInt8 { bytes[head + position] }

    /// The unconsumed bytes in `range` (positions relative to the first unconsumed byte).
    func slice(_ range: Range<Int>) -> ArraySlice<UInt8> { bytes[(head + range.lowerBound)..<(head + range.upperBound)] }

    /// The position of the first `byte` at or after `position`, if it is in memory.
    func position(of byte: UInt8, from position: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            let start = head + position
            guard start < buffer.count, let found = memchr(buffer.baseAddress! + start, Int32(byte), buffer.count - start) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(buffer.baseAddress!) - head
        }
    }

    /// Reads another chunk; false at the end of the file. Positions stay valid.
    mutating func fill() throws -> Bool {
        guard !atEnd else { return false }
        if head > 0, head >= bytes.count / 2 {
            bytes.removeFirst(head)
            base += Int64(head)
            head = 0
        }
        let data: Data?
        do {
            data = try handle.read(upToCount: Self.chunkSize)
        } catch {
            throw FileConnectorError.cannotRead(path: path, reason: Self.reason(error))
        }
        guard let data, !data.isEmpty else {
            atEnd = true
            close()
            return false
        }
        bytes.append(contentsOf: data)
        return true
    }

    /// Throws when a record has grown past `recordLimit` without ending.
    mutating func checkRecordLength(_ length: Int, what: String) throws {
        guard length > Self.recordLimit else { return }
        throw FileConnectorError.malformed(
            path: path, line: line,
            reason: "\(what) is longer than \(Self.recordLimit / 1024 / 1024) MB; is the format right?")
    }

    /// Consumes `count` bytes (a record and its separator).
    mutating func consume(_ count: Int) {
        newlines += Self.newlines(in: bytes[head..<(head + count)])
        head += count
    }

    /// The line of the first unconsumed byte (1-based).
    var line: Int {
        mutating get {
            if startLine == nil { startLine = 1 + Self.newlines(in: path, upTo: startOffset) }
            return startLine! + newlines
        }
    }

    /// The line of the unconsumed byte at `position`.
    mutating func line(at position: Int) -> Int {
        line + Self.newlines(in: bytes[head..<(head + min(position, available))])
    }

    /// Closes the file (reading ends).
    func close() {
        try? handle.close()
    }

    private static func newlines(in bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            guard var cursor = buffer.baseAddress.map(UnsafeRawPointer.init) else { return 0 }
            let end = cursor + buffer.count
            var count = 0
            while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
                count += 1
                cursor = UnsafeRawPointer(found) + 1
            }
            return count
        }
    }

    /// Newlines in the file's first `offset` bytes: the line a resumed read starts on, counted
    /// only when an error has to name a line.
    private static func newlines(in path: String, upTo offset: Int64) -> Int {
        guard offset > 0, let handle = try? FileHandle(forReadingFrom: URL(fileURLWithPath: path)) else { return 0 }
        defer { try? handle.close() }
        var count = 0
        var remaining = offset
        while remaining > 0, let data = try? handle.read(upToCount: Int(min(Int64(chunkSize), remaining))), !data.isEmpty {
            count += newlines(in: ArraySlice(data))
            remaining -= Int64(data.count)
        }
        return count
    }

    /// The part of a Foundation error a person needs.
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))).lowercased() }
        return nsError.localizedDescription
    }
}
