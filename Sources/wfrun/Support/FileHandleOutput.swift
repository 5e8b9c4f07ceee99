#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Writes whole strings to standard output or error without Foundation's buffering surprises.
///
/// A failed write (a full disk, `/dev/full`, a pipe whose reader has gone: SIGPIPE is ignored, so
/// that is EPIPE here) is never silent: the first failure of each descriptor is remembered, later
/// writes to it are skipped, the handler set with `onFailure` is told (a run stops on it), and
/// `Wfrun.main` reports it and exits 1 when the command ends.
struct FileHandleOutput: Sendable {
    let descriptor: Int32

    static let standardOutput = FileHandleOutput(descriptor: 1)
    static let standardError = FileHandleOutput(descriptor: 2)

    /// The first `errno` of a failed write, by descriptor.
    private static let failures = Mutex<[Int32: Int32]>([:])
    /// Called (once per descriptor, on the writing thread) when a write fails.
    private static let failureHandler = Mutex<(@Sendable (FileHandleOutput) -> Void)?>(nil)

    /// Writes `text` fully (retrying short writes and interruptions). Returns false when the
    /// output has failed, now or before; nothing more is written to it then.
    @discardableResult
    func write(_ text: String) -> Bool {
        guard failure == nil else { return false }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                recordFailure(code)
                return false
            }
            offset += written
        }
        return true
    }

    /// The `errno` of this output's first failed write, if one failed.
    var failure: Int32? { Self.failures.withLock { $0[descriptor] } }

    /// What to do when a write fails; the handler runs on the thread that wrote, possibly while
    /// that thread holds a lock of its own, so it should hand its work to another queue.
    static func onFailure(_ handler: (@Sendable (FileHandleOutput) -> Void)?) {
        failureHandler.withLock { $0 = handler }
    }

    /// `cannot write to standard output: No space left on device`, for the first output that
    /// failed (standard output before standard error), or nil.
    static var failureMessage: String? {
        for output in [standardOutput, standardError] {
            if let code = output.failure { return "cannot write to \(output.name): \(String(cString: strerror(code)))" }
        }
        return nil
    }

    /// Whether the descriptor is a terminal (for progress lines and colour).
    var isTerminal: Bool { isatty(descriptor) == 1 }

    /// `standard output`, `standard error`, or `descriptor N`.
    var name: String {
        switch descriptor {
        case 1: "standard output"
        case 2: "standard error"
        default: "descriptor \(descriptor)"
        }
    }

    private func recordFailure(_ code: Int32) {
        let first = Self.failures.withLock { failures in
            guard failures[descriptor] == nil else { return false }
            failures[descriptor] = code
            return true
        }
        guard first, let handler = Self.failureHandler.withLock({ $0 }) else { return }
        handler(self)
    }
}
