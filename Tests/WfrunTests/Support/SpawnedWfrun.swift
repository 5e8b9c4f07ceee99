import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `wfrun` started in the background with its standard output and error sent where a test
/// says (a file, `/dev/full`, a pipe nobody reads any more), so that the test can watch it, signal
/// it and wait for it. `WfrunProcess.run` covers the common case; this one is for outputs that
/// fail and for signals sent at a chosen moment.
final class SpawnedWfrun {
    /// Where an output goes.
    enum Output {
        /// A file, created or truncated.
        case file(String)
        /// `/dev/full`: every write fails with ENOSPC.
        case full
        /// A pipe whose reading end is closed before the program starts, as in `wfrun … | head -1`
        /// once head has exited: every write fails with EPIPE (or SIGPIPE kills the writer).
        case closedPipe
    }

    /// How it ended.
    struct Ending: CustomStringConvertible {
        var exitCode: Int32
        var terminatingSignal: Int32?
        var timedOut: Bool
        var description: String {
            "exit \(exitCode)\(terminatingSignal.map { " (signal \($0))" } ?? "")\(timedOut ? " TIMED OUT" : "")"
        }
    }

    let pid: pid_t
    private var ending: Ending?

    /// Starts `wfrun ARGUMENTS` with SIGPIPE, SIGINT and SIGTERM at their defaults (as a shell
    /// starts it; the test runner ignores SIGPIPE), standard input from /dev/null.
    init(_ arguments: [String], standardOutput: Output, standardError: Output, environment: [String: String] = [:]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var pipeEnds: [Int32] = []
        defer { for fd in pipeEnds { close(fd) } }
        for (descriptor, output) in [(Int32(1), standardOutput), (Int32(2), standardError)] {
            switch output {
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, descriptor, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            case .full:
                posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/full", O_WRONLY, 0)
            case .closedPipe:
                var ends: [Int32] = [-1, -1]
                guard pipe(&ends) == 0 else { throw ProcessLaunchError(description: "pipe failed") }
                close(ends[0])
                pipeEnds.append(ends[1])
                posix_spawn_file_actions_adddup2(&actions, ends[1], descriptor)
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaulted = sigset_t()
        sigemptyset(&defaulted)
        for number in [SIGPIPE, SIGINT, SIGTERM] { sigaddset(&defaulted, number) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaulted)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var variables = ProcessInfo.processInfo.environment
        for (name, value) in environment { variables[name] = value }
        let argv: [UnsafeMutablePointer<CChar>?] = ([WfrunProcess.binary] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, WfrunProcess.binary, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw ProcessLaunchError(description: "cannot start \(WfrunProcess.binary): \(String(cString: strerror(spawned)))")
        }
        self.pid = pid
    }

    deinit {
        if ending == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    /// Sends `signal`.
    func send(_ signal: Int32) {
        if ending == nil { kill(pid, signal) }
    }

    /// Whether the process still runs (it has not been reaped).
    var isRunning: Bool { ending == nil && reap(blocking: false) == nil }

    /// Waits for the process to end; after `timeout` seconds it is killed (`timedOut`).
    @discardableResult
    func wait(timeout: Double = 60) -> Ending {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ending == nil {
            if reap(blocking: false) != nil { break }
            if ContinuousClock.now > deadline {
                kill(pid, SIGKILL)
                var ended = reap(blocking: true)!
                ended.timedOut = true
                ending = ended
                break
            }
            waitForEvent(milliseconds: 10)
        }
        return ending!
    }

    /// Polls `condition` (cheap, such as reading /proc) until it holds, the process ends, or
    /// `timeout` seconds pass; returns whether it held.
    func wait(until condition: () -> Bool, timeout: Double = 60) -> Bool {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            guard isRunning else { return condition() }
            waitForEvent(milliseconds: 10)
        }
        return false
    }

    /// Runs `wfrun emulate ARGUMENTS` until its banner is complete ("Press Ctrl-C to stop.", at
    /// most 60 s), then stops it with SIGTERM. Stopping after a fixed time instead was a race under
    /// load: the banner, or the signal handler, could come later than the signal.
    static func emulateUntilReady(_ arguments: [String]) throws -> (ending: Ending, stdout: String, stderr: String) {
        try withTemporaryFolder { folder in
            let output = folder.appendingPathComponent("stdout").path
            let errors = folder.appendingPathComponent("stderr").path
            let emulator = try SpawnedWfrun(["emulate"] + arguments, standardOutput: .file(output), standardError: .file(errors))
            _ = emulator.wait(until: { ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains("Press Ctrl-C to stop.") })
            emulator.send(SIGTERM)
            let ending = emulator.wait()
            return (ending, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "", (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "")
        }
    }

    /// Whether the process ignores `signal` (installed a handler through `SIG_IGN` plus a
    /// dispatch source, as wfrun does for SIGINT and SIGTERM during a run), from /proc.
    func ignores(_ signal: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigIgn:") }),
            let mask = UInt64(line.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (1 << UInt64(signal - 1)) != 0
    }

    private func reap(blocking: Bool) -> Ending? {
        if let ending { return ending }
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, blocking ? 0 : WNOHANG) } while result < 0 && errno == EINTR
        guard result == pid else { return nil }
        let signalNumber = status & 0x7f
        let ended = Ending(
            exitCode: signalNumber == 0 ? (status >> 8) & 0xff : 128 + signalNumber,
            terminatingSignal: signalNumber == 0 ? nil : signalNumber, timedOut: false)
        ending = ended
        return ended
    }

    /// A short pause between polls of a state that has no event to wait on (a child's exit is
    /// waited for here without a SIGCHLD handler, which would be process-wide in the test runner).
    private func waitForEvent(milliseconds: Int32) {
        _ = poll(nil, 0, milliseconds)
    }
}
