import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished child process gave: its exit, its output, and what it cost.
struct ProcessOutcome: Sendable, CustomStringConvertible {
    /// The program run and its arguments, for messages.
    var command: [String]
    /// The exit status, or 128 + the signal that ended the process.
    var exitCode: Int32
    /// The signal that ended the process, if one did.
    var terminatingSignal: Int32?
    /// Everything written to standard output and standard error.
    var standardOutput: [UInt8]
    var standardError: [UInt8]
    /// The peak resident set size in kilobytes: see `memoryIsExact`.
    var maxRSSKilobytes: Int
    /// Whether `maxRSSKilobytes` is the program's own peak. `ru_maxrss` of a child that the test
    /// runner spawns directly is never below the runner's own peak: Linux carries the memory of the
    /// process that calls exec into the new program's `ru_maxrss`, and `posix_spawn` execs from a
    /// vfork that shares the runner's memory. With `measuringMemory`, the program is started by
    /// GNU time, a small process that forks it and reports its `wait4` `ru_maxrss`: exact. Without
    /// (or without /usr/bin/time) the figure is `wait4`'s for the direct child, an upper bound.
    var memoryIsExact: Bool
    /// Wall-clock time from spawn to reaping.
    var wallSeconds: Double
    /// Whether the process was killed for running past its time limit.
    var timedOut: Bool

    var stdout: String { String(decoding: standardOutput, as: UTF8.self) }
    var stderr: String { String(decoding: standardError, as: UTF8.self) }
    var maxRSSMegabytes: Double { Double(maxRSSKilobytes) / 1024 }

    /// A summary for failure messages: the command, how it ended, and the start of its output.
    var description: String {
        func excerpt(_ text: String) -> String {
            text.count > 2_000 ? String(text.prefix(2_000)) + "… (\(text.count) characters)" : text
        }
        return """
            $ \(command.joined(separator: " "))
            exit \(exitCode)\(terminatingSignal.map { " (signal \($0))" } ?? "")\(timedOut ? " TIMED OUT" : ""), \
            \(String(format: "%.2f", wallSeconds)) s, max RSS \(maxRSSKilobytes) KB\(memoryIsExact ? "" : " (upper bound)")
            --- stdout ---
            \(excerpt(stdout))
            --- stderr ---
            \(excerpt(stderr))
            """
    }
}

/// Why a child could not be started.
struct ProcessLaunchError: Error, CustomStringConvertible {
    var description: String
}

/// Runs programs with `posix_spawn`, pipes for standard input, output and error (served together
/// with `poll`, so no pipe can fill up and deadlock), an optional working directory, and reaps
/// them with `wait4` to learn the exit status and that one child's peak memory.
enum ChildProcess {
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    /// glibc functions that Swift's Glibc module does not export (they sit behind _GNU_SOURCE).
    private static let gnu: (addChdir: AddChdir, pipe2: Pipe2) = {
        let handle = dlopen(nil, RTLD_NOW)
        guard let chdirSymbol = dlsym(handle, "posix_spawn_file_actions_addchdir_np"),
            let pipeSymbol = dlsym(handle, "pipe2")
        else { fatalError("glibc lacks posix_spawn_file_actions_addchdir_np or pipe2 (glibc 2.29+ is needed)") }
        // A child that exits while we still write its standard input must not kill the test runner.
        signal(SIGPIPE, SIG_IGN)
        return (unsafeBitCast(chdirSymbol, to: AddChdir.self), unsafeBitCast(pipeSymbol, to: Pipe2.self))
    }()

    /// Runs `executable` (an absolute path) with `arguments` and waits for it.
    /// - Parameters:
    ///   - workingDirectory: the child's current directory (the runner's own is left alone).
    ///   - environment: variables added to (or replacing those of) the runner's environment.
    ///   - input: bytes for its standard input; `nil` gives it /dev/null.
    ///   - timeout: seconds after which the child (its whole process group) is killed with SIGKILL
    ///     (`timedOut` is then set), or sent `timeoutSignal` instead (the child alone).
    ///   - measuringMemory: start the program through /usr/bin/time so that `maxRSSKilobytes` is
    ///     its own peak (see `ProcessOutcome.memoryIsExact`).
    static func run(
        _ executable: String, _ arguments: [String], workingDirectory: String? = nil,
        environment: [String: String] = [:], input: [UInt8]? = nil, timeout: Double = 120,
        measuringMemory: Bool = false, timeoutSignal: Int32 = SIGKILL
    ) throws -> ProcessOutcome {
        if measuringMemory, isRegularExecutable(gnuTime) {
            var template = Array((NSTemporaryDirectory() + "/wfrun-rss-XXXXXX").utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { throw ProcessLaunchError(description: "mkstemp failed") }
            close(descriptor)
            let report = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            defer { unlink(report) }
            var outcome = try run(
                gnuTime, ["-f", "%M", "-o", report, executable] + arguments, workingDirectory: workingDirectory,
                environment: environment, input: input, timeout: timeout)
            // GNU time writes "Command exited with non-zero status N" (if so), then the figure.
            let lines = (try? String(contentsOfFile: report, encoding: .utf8))?.split(separator: "\n") ?? []
            guard let kilobytes = lines.last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw ProcessLaunchError(description: "GNU time reported no memory figure: \(lines)\n\(outcome)")
            }
            outcome.command = [executable] + arguments
            outcome.maxRSSKilobytes = kilobytes
            outcome.memoryIsExact = true
            return outcome
        }
        let gnu = Self.gnu
        func makePipe() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [-1, -1]
            // Close-on-exec, atomically: tests run in parallel, and a pipe end leaking into another
            // test's child would keep that pipe open and this read waiting.
            guard gnu.pipe2(&fds, O_CLOEXEC) == 0 else {
                throw ProcessLaunchError(description: "pipe2 failed: \(String(cString: strerror(errno)))")
            }
            return (fds[0], fds[1])
        }
        let outPipe = try makePipe()
        let errPipe = try makePipe()
        let inPipe = try input.map { _ in try makePipe() }
        var parentEnds: Set<Int32> = [outPipe.read, errPipe.read]
        var childEnds: [Int32] = [outPipe.write, errPipe.write]
        if let inPipe {
            parentEnds.insert(inPipe.write)
            childEnds.append(inPipe.read)
        }
        defer { for fd in parentEnds { close(fd) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let inPipe {
            posix_spawn_file_actions_adddup2(&actions, inPipe.read, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outPipe.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe.write, 2)
        if let workingDirectory {
            guard gnu.addChdir(&actions, workingDirectory) == 0 else {
                throw ProcessLaunchError(description: "cannot set the child's directory to \(workingDirectory)")
            }
        }

        // Default signal handling and an empty mask in the child, whatever the runner set.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaulted = sigset_t()
        sigemptyset(&defaulted)
        sigaddset(&defaulted, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaulted)
        // Its own process group, so that a timeout kills it with everything it started.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var variables = ProcessInfo.processInfo.environment
        for (name, value) in environment { variables[name] = value }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }

        let started = ContinuousClock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        for fd in childEnds { close(fd) }
        guard spawned == 0 else {
            throw ProcessLaunchError(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }

        var output: [UInt8] = []
        var errors: [UInt8] = []
        var pendingInput = input ?? []
        var inputOffset = 0
        var stdinFD = inPipe?.write ?? -1
        if stdinFD >= 0 {
            _ = fcntl(stdinFD, F_SETFL, fcntl(stdinFD, F_GETFL) | O_NONBLOCK)
            if pendingInput.isEmpty {
                close(stdinFD)
                parentEnds.remove(stdinFD)
                stdinFD = -1
            }
        }
        var openReaders: Set<Int32> = [outPipe.read, errPipe.read]
        var timedOut = false
        var killedAt: ContinuousClock.Instant?
        var buffer = [UInt8](repeating: 0, count: 65_536)

        while !openReaders.isEmpty {
            var polled = openReaders.sorted().map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if stdinFD >= 0 { polled.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)) }
            let ready = poll(&polled, nfds_t(polled.count), 100)
            if ready < 0 && errno != EINTR {
                throw ProcessLaunchError(description: "poll failed: \(String(cString: strerror(errno)))")
            }
            for entry in polled where entry.revents != 0 {
                if entry.fd == stdinFD {
                    let written = pendingInput.withUnsafeBytes { bytes in
                        write(stdinFD, bytes.baseAddress! + inputOffset, bytes.count - inputOffset)
                    }
                    if written > 0 { inputOffset += written }
                    if (written < 0 && errno != EAGAIN && errno != EINTR) || inputOffset >= pendingInput.count {
                        close(stdinFD)
                        parentEnds.remove(stdinFD)
                        stdinFD = -1
                        pendingInput = []
                    }
                    continue
                }
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if entry.fd == outPipe.read {
                        output.append(contentsOf: buffer[0..<count])
                    } else {
                        errors.append(contentsOf: buffer[0..<count])
                    }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    openReaders.remove(entry.fd)
                }
            }
            let elapsed = ContinuousClock.now - started
            if !timedOut, elapsed > .seconds(timeout) {
                timedOut = true
                killedAt = .now
                kill(timeoutSignal == SIGKILL ? -pid : pid, timeoutSignal)
            }
            // A grandchild holding the pipes open must not keep us here after the kill.
            if let killedAt, timeoutSignal == SIGKILL, ContinuousClock.now - killedAt > .seconds(5) { break }
        }

        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else {
                throw ProcessLaunchError(description: "wait4 failed: \(String(cString: strerror(errno)))")
            }
        }
        let wall = ContinuousClock.now - started
        let signalNumber = status & 0x7f
        let exitCode = signalNumber == 0 ? (status >> 8) & 0xff : 128 + signalNumber
        return ProcessOutcome(
            command: [executable] + arguments,
            exitCode: exitCode,
            terminatingSignal: signalNumber == 0 ? nil : signalNumber,
            standardOutput: output,
            standardError: errors,
            maxRSSKilobytes: Int(usage.ru_maxrss),
            memoryIsExact: false,
            wallSeconds: Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18,
            timedOut: timedOut)
    }

    /// GNU time, which reports the peak memory of a program it starts (Debian package `time`).
    static let gnuTime = "/usr/bin/time"

    /// The absolute path of `name` found on `PATH`, or nil.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if isRegularExecutable(candidate) { return candidate }
        }
        return nil
    }

    /// Whether `path` is a regular file with an execute bit (a directory is not).
    static func isRegularExecutable(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}

/// The `wfrun` executable under test.
enum WfrunProcess {
    /// `$WFRUN_BIN` if set; otherwise `wfrun` in the products folder that holds the test bundle
    /// (SwiftPM builds it there because the test target depends on it).
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["WFRUN_BIN"], !path.isEmpty { return path }
        var folders: [URL] = []
        if let first = CommandLine.arguments.first {
            folders.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            folders.append(URL(fileURLWithPath: executable).deletingLastPathComponent())
        }
        var bundle = Bundle.main.bundleURL
        for _ in 0..<4 {
            folders.append(bundle)
            bundle = bundle.deletingLastPathComponent()
        }
        for folder in folders {
            let candidate = folder.appendingPathComponent("wfrun").path
            if ChildProcess.isRegularExecutable(candidate) { return candidate }
        }
        // Not found: the first guess, so that the failure names where it looked.
        return (folders.first ?? URL(fileURLWithPath: ".")).appendingPathComponent("wfrun").path
    }()

    /// Runs `wfrun ARGUMENTS`.
    static func run(
        _ arguments: [String], workingDirectory: String? = nil, environment: [String: String] = [:],
        input: [UInt8]? = nil, timeout: Double = 120, measuringMemory: Bool = false, timeoutSignal: Int32 = SIGKILL
    ) throws -> ProcessOutcome {
        try ChildProcess.run(
            binary, arguments, workingDirectory: workingDirectory, environment: environment, input: input,
            timeout: timeout, measuringMemory: measuringMemory, timeoutSignal: timeoutSignal)
    }

    /// Runs `wfrun validate --format json ARGUMENTS` and decodes its report.
    static func validateJSON(
        _ arguments: [String], workingDirectory: String? = nil, measuringMemory: Bool = false
    ) throws -> (outcome: ProcessOutcome, report: ValidationJSON) {
        let outcome = try run(
            ["validate", "--format", "json"] + arguments, workingDirectory: workingDirectory, measuringMemory: measuringMemory)
        do {
            let report = try JSONDecoder().decode(ValidationJSON.self, from: Data(outcome.standardOutput))
            return (outcome, report)
        } catch {
            throw ProcessLaunchError(description: "the output of wfrun validate --format json is not the report: \(error)\n\(outcome)")
        }
    }
}

/// The document `wfrun validate --format json` prints.
struct ValidationJSON: Decodable, Sendable {
    struct Diagnostic: Decodable, Sendable, Equatable {
        var code: String
        var column: Int
        var file: String
        var line: Int
        var message: String
        var severity: String
    }
    struct FileSummary: Decodable, Sendable, Equatable {
        var errors: Int
        var file: String
        var warnings: Int
    }
    var diagnostics: [Diagnostic]
    var errors: Int
    var files: [FileSummary]
    var skipped: Int
    var warnings: Int
}

/// The repository this test target belongs to.
enum Repository {
    /// The folder holding Package.swift, found by walking up from this source file.
    static let root: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
            folder = folder.deletingLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    /// The repository's own workflows.
    static var workflows: URL { root.appendingPathComponent("Workflows") }
}

/// The committed fixtures beside these tests.
enum Fixtures {
    /// Tests/WfrunTests/Fixtures
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The path of `Fixtures/<relative>`.
    static func path(_ relative: String) -> String { folder.appendingPathComponent(relative).path }
}

/// A fresh folder under the system's temporary folder, removed when `body` returns.
func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
    var template = Array((NSTemporaryDirectory() + "/wfrun-e2e-XXXXXX").utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
        throw ProcessLaunchError(description: "mkdtemp failed: \(String(cString: strerror(errno)))")
    }
    let folder = URL(fileURLWithPath: String(cString: made))
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
}
