import WorkflowEngine
import Foundation
import GRDB

/// Checks a SQLite file location before opening it, and turns every reason it cannot be opened
/// into a sentence a person can act on.
enum SQLiteLocation {
    /// The first bytes of every SQLite 3 database file.
    private static let header = Array("SQLite format 3\0".utf8)

    /// How the file can be opened.
    enum Access: Equatable {
        /// It does not exist yet: SQLite creates it.
        case created
        /// It exists and can be written.
        case readWrite
        /// It exists and can only be read (allowed for reading commands only).
        case readOnly
    }

    /// Throws when `path` clearly cannot hold a database: its folder is missing or not a folder,
    /// it is a folder or anything but a regular file, it cannot be created or written (unless
    /// `allowReadOnly`), or it holds something else.
    static func check(_ path: String, allowReadOnly: Bool = false) throws(StoreError) -> Access {
        guard !path.isEmpty else { throw StoreError.cannotOpen(location: path, reason: "no file name was given") }
        let fileManager = FileManager.default
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard fileManager.fileExists(atPath: parent, isDirectory: &isFolder) else {
            throw StoreError.cannotOpen(location: path, reason: "the folder \(parent) does not exist; create it first")
        }
        guard isFolder.boolValue else {
            throw StoreError.cannotOpen(location: path, reason: "\(parent) is a file, not a folder")
        }
        if fileManager.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue {
                throw StoreError.cannotOpen(location: path, reason: "it is a folder, not a database file")
            }
            return try checkExisting(path, allowReadOnly: allowReadOnly)
        }
        try checkCreatable(path, in: parent)
        return .created
    }

    /// A failure of SQLite itself while opening, as `cannotOpen`.
    static func cannotOpen(_ path: String, _ error: any Error, busyTimeout: Double) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return .cannotOpen(location: path, reason: "\(error)")
        }
        let reason: String =
            switch error.resultCode {
            case .SQLITE_NOTADB: "the file is not a SQLite database (or it is encrypted)"
            case .SQLITE_CORRUPT: "the database file is corrupt; restore it from a backup"
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                "another process kept the database locked for more than \(seconds(busyTimeout)); try again when it has finished"
            case .SQLITE_READONLY, .SQLITE_PERM:
                "the database or its folder is read-only; SQLite needs to write the file and its -wal and -shm files beside it"
            case .SQLITE_CANTOPEN: "SQLite cannot open the file (check that its folder exists and can be written)"
            case .SQLITE_FULL: "the disk is full"
            case .SQLITE_IOERR: "input/output error (\(error.message ?? "no detail"))"
            default: error.message ?? "SQLite error \(error.resultCode.rawValue)"
            }
        return .cannotOpen(location: path, reason: reason)
    }

    private static func checkExisting(_ path: String, allowReadOnly: Bool) throws(StoreError) -> Access {
        // O_NONBLOCK: a FIFO or a device must not block the open; only a regular file is a store.
        var access = Access.readWrite
        var descriptor = Foundation.open(path, O_RDWR | O_NONBLOCK)
        if descriptor < 0 && (errno == EACCES || errno == EROFS || errno == EPERM) && allowReadOnly {
            descriptor = Foundation.open(path, O_RDONLY | O_NONBLOCK)
            access = .readOnly
        }
        guard descriptor >= 0 else {
            throw StoreError.cannotOpen(location: path, reason: "the file cannot be opened for writing: \(systemError())")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError.cannotOpen(location: path, reason: "it is not a regular file")
        }
        var bytes = [UInt8](repeating: 0, count: header.count)
        let count = read(descriptor, &bytes, bytes.count)
        // An empty file is an empty database; anything else must start with the header.
        if count != 0 && (count != header.count || bytes != header) {
            throw StoreError.cannotOpen(location: path, reason: "the file is not a SQLite database")
        }
        return access
    }

    /// Probes with a file of its own beside `path`, never `path` itself: processes starting at
    /// once on a new store would otherwise find each other's probe (EEXIST), or unlink the
    /// database another one had just created.
    private static func checkCreatable(_ path: String, in parent: String) throws(StoreError) {
        let probe = URL(fileURLWithPath: parent).appendingPathComponent(".wfrun-probe-\(getpid())-\(UInt64.random(in: 0...UInt64.max))").path
        let descriptor = Foundation.open(probe, O_RDWR | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw StoreError.cannotOpen(location: path, reason: "cannot create a file in \(parent) (\(systemError())); choose a folder you can write to")
        }
        close(descriptor)
        // SQLite creates the file itself; the probe leaves nothing behind.
        unlink(probe)
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    private static func systemError() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}
