import Foundation
import WorkflowModel

/// Where a file source stopped, and what the file was like then: a resumed run seeks to
/// `offset` only if the file is still the one the records before it came from. A byte offset
/// alone resumes in the middle of a row once a line is inserted above it.
///
/// As checkpoint cursor text: `OFFSET size=BYTES mtime=NANOSECONDS head=HEX before=HEX`. A
/// cursor of digits only was written before fingerprints existed; it still resumes, checked
/// against the file's size as it was then.
struct FileCursor: Sendable, Equatable {
    /// The byte offset right after the last record read.
    var offset: Int64
    /// The file as it was when the cursor was taken; nil in a cursor written by an older wfrun.
    var fingerprint: FileFingerprint?

    /// A cursor at `offset`.
    init(offset: Int64, fingerprint: FileFingerprint?) {
        self.offset = offset
        self.fingerprint = fingerprint
    }

    /// Reads cursor text; nil when it is neither form.
    init?(_ text: String) {
        let parts = text.split(separator: " ")
        guard let first = parts.first, let offset = Int64(first), offset >= 0 else { return nil }
        self.offset = offset
        guard parts.count > 1 else {
            fingerprint = nil
            return
        }
        var fields: [Substring: Substring] = [:]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { return nil }
            fields[part[..<equals]] = part[part.index(after: equals)...]
        }
        guard fields.count == 4, let size = fields["size"].flatMap({ Int64($0) }), let modified = fields["mtime"].flatMap({ Int64($0) }),
              let head = fields["head"], let before = fields["before"]
        else { return nil }
        fingerprint = FileFingerprint(size: size, modified: modified, head: String(head), before: String(before))
    }

    /// The cursor as checkpoint text.
    var text: String {
        guard let fingerprint else { return String(offset) }
        return "\(offset) size=\(fingerprint.size) mtime=\(fingerprint.modified) head=\(fingerprint.head) before=\(fingerprint.before)"
    }
}

/// What a cursor remembers of its file: size, modification time, and hashes of the first bytes
/// and of the bytes just before the cursor's offset.
struct FileFingerprint: Sendable, Equatable {
    /// How many bytes of the file are hashed at its start and before the offset.
    static let window = 4096

    /// The file's size in bytes.
    var size: Int64
    /// Its modification time, in nanoseconds since 1970.
    var modified: Int64
    /// `StableHash` of its first `window` bytes (all of them in a smaller file).
    var head: String
    /// `StableHash` of the `window` bytes before the offset (fewer near the start).
    var before: String

    /// What differs in `now`, the same file's fingerprint today, as a person reads it; nil
    /// when nothing does.
    func change(to now: FileFingerprint) -> String? {
        if now.size != size { return "it had \(size) bytes then and has \(now.size) now" }
        if now.head != head { return "its first bytes differ" }
        if now.before != before { return "the bytes before that point differ" }
        if now.modified != modified { return "it was modified since" }
        return nil
    }
}

/// An open file read by position, for fingerprints: it leaves the parser's reading position
/// alone. Its properties never change after `init`, and `pread` needs no shared state, so it
/// is safe to share.
final class FileSampler: Sendable {
    private let descriptor: Int32
    private let path: String
    /// The file's size and modification time when it was opened, and the hash of its head.
    private let size: Int64
    private let modified: Int64
    private let head: String

    /// Opens `path` and hashes its head.
    init(path: String) throws(FileConnectorError) {
        self.path = path
        switch RegularFile.open(path) {
        case .success(let opened): descriptor = opened.descriptor
        case .failure(.system(let code)): throw FileConnectorError.cannotOpen(path: path, reason: String(cString: strerror(code)).lowercased())
        case .failure: throw FileConnectorError.cannotOpen(path: path, reason: "it is no longer a regular file")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = Self.systemReason()
            Glibc.close(descriptor)
            throw FileConnectorError.cannotOpen(path: path, reason: reason)
        }
        size = Int64(status.st_size)
        modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        do {
            head = try Self.hash(descriptor, path: path, range: 0..<min(size, Int64(FileFingerprint.window)))
        } catch {
            Glibc.close(descriptor)
            throw error
        }
    }

    deinit {
        Glibc.close(descriptor)
    }

    /// The cursor of a checkpoint at `offset`.
    func cursor(at offset: Int64) throws(FileConnectorError) -> FileCursor {
        let before = try Self.hash(descriptor, path: path, range: max(0, offset - Int64(FileFingerprint.window))..<offset)
        return FileCursor(offset: offset, fingerprint: FileFingerprint(size: size, modified: modified, head: head, before: before))
    }

    /// The offset to resume at after `cursor`, once the file is known to be the one it was
    /// taken in; throws `badCheckpoint` naming what changed, and `--restart`, when it is not.
    func resumeOffset(after cursor: String) throws(FileConnectorError) -> Int64 {
        guard let parsed = FileCursor(cursor) else {
            throw FileConnectorError.badCheckpoint(path: path, cursor: cursor, reason: "the cursor is not a byte offset")
        }
        guard parsed.offset <= size else {
            throw FileConnectorError.badCheckpoint(
                path: path, cursor: String(parsed.offset),
                reason: "the file has only \(size) bytes now: it was replaced or truncated since the interrupted run, which therefore cannot resume; run again with --restart to read it from the start")
        }
        if let recorded = parsed.fingerprint, let change = recorded.change(to: try self.cursor(at: parsed.offset).fingerprint!) {
            throw FileConnectorError.badCheckpoint(
                path: path, cursor: String(parsed.offset),
                reason: "the file changed since the interrupted run (\(change)), so the records after that point are not the ones it would have read; run again with --restart to read it from the start")
        }
        return parsed.offset
    }

    /// `StableHash` of the bytes of `range`.
    private static func hash(_ descriptor: Int32, path: String, range: Range<Int64>) throws(FileConnectorError) -> String {
        var hash = StableHash()
        var buffer = [UInt8](repeating: 0, count: range.count)
        var done = 0
        while done < buffer.count {
            let count = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress! + done, raw.count - done, off_t(range.lowerBound) + off_t(done))
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw FileConnectorError.cannotRead(path: path, reason: count == 0 ? "the file ended early" : systemReason())
            }
            done += count
        }
        hash.combine(buffer)
        return hash.hex
    }

    private static func systemReason() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}
