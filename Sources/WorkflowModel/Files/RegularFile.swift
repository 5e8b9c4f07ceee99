#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens a file for reading only if it is a regular file. A named pipe (FIFO) with no writer
/// would block `open` for ever, and a device or a pipe can feed bytes without end; every file
/// wfrun reads (workflows, services files, the file connector's records) goes through here.
///
/// The file is opened with `O_NONBLOCK` (so a FIFO does not block), checked with `fstat` on that
/// same descriptor (no window for another file to take its place), then put back in blocking mode.
public enum RegularFile {
    /// Why a file was not opened.
    public enum Failure: Error, Sendable, Equatable {
        /// `open` or `fstat` failed with this `errno`.
        case system(Int32)
        /// The path names a directory.
        case directory
        /// The path names something else than a regular file or a directory: `kind` says what
        /// (`a named pipe`, `a character device`, …).
        case notRegular(kind: String)
    }

    /// An open regular file: its descriptor (the caller closes it) and its size in bytes.
    public struct Opened: Sendable {
        public var descriptor: Int32
        public var size: Int64
    }

    /// Opens `path` read-only if it is a regular file.
    public static func open(_ path: String) -> Result<Opened, Failure> {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return .failure(.system(errno)) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            return .failure(.system(code))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return .failure((status.st_mode & S_IFMT) == S_IFDIR ? .directory : .notRegular(kind: kind(status.st_mode)))
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return .success(Opened(descriptor: descriptor, size: Int64(status.st_size)))
    }

    /// What a file of this mode is, in words: `a named pipe`, `a socket`, ….
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a named pipe"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "of an unknown kind"
        }
    }
}
