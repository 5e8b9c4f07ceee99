import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL server the tests use: the one `WFRUN_TEST_POSTGRES_URL` names, or else, when
/// PostgreSQL's binaries are installed, a private one that this test process starts on first use
/// (as `Scripts/start-postgres.sh` does, on a free port with its own data and socket folders, as
/// the `postgres` user when run as root) and stops when it exits. So `swift test` on a new machine
/// runs the PostgreSQL tests too; they are skipped, with `absence` as the reason, only when the
/// binaries are missing (or the private server could not start: the reason then says why).
public enum PostgresForTests {
    /// The database URL, or nil when there is no server.
    public static var url: String? { resolved }

    /// Why `url` is nil, for a skipped test's message. Cheap: it starts no server, since traits
    /// compute their messages when tests are discovered, run or not.
    public static var absence: String {
        if let url = ProcessInfo.processInfo.environment["WFRUN_TEST_POSTGRES_URL"], !url.isEmpty { return "" }
        guard binFolder() != nil else { return notInstalled }
        return "the private PostgreSQL server did not start (its error is printed above)"
    }

    private static let notInstalled =
        "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb) and WFRUN_TEST_POSTGRES_URL is not set"

    private static let resolved: String? = resolve()

    /// The server this process started, if it started one.
    private static let started = PrivateServerBox()

    private static func resolve() -> String? {
        if let url = ProcessInfo.processInfo.environment["WFRUN_TEST_POSTGRES_URL"], !url.isEmpty { return url }
        guard let bin = binFolder() else { return nil }
        do {
            let server = try PrivateServer.start(bin: bin)
            started.server = server
            atexit { PostgresForTests.stopPrivateServer() }
            // Children and code that reads the variable directly see the same server.
            setenv("WFRUN_TEST_POSTGRES_URL", server.url, 1)
            return server.url
        } catch {
            FileHandle.standardError.write(Data("PostgresForTests: the private PostgreSQL server did not start: \(error)\n".utf8))
            return nil
        }
    }

    /// The newest installed server's binaries, as Scripts/start-postgres.sh picks them.
    static func binFolder() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let folders = versions.sorted { $0.compare($1, options: .numeric) == .orderedAscending }.map { "\(root)/\($0)/bin" }
        return folders.last { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }

    private static func stopPrivateServer() {
        started.server?.stop()
    }
}

/// Holds the private server for the exit handler. Written once, in `resolve()`, which runs inside
/// the thread-safe initialisation of `PostgresForTests.resolved`, before anything reads it.
private final class PrivateServerBox: @unchecked Sendable {
    var server: PrivateServer?
}

/// A server in folders of its own under the temporary directory.
struct PrivateServer: Sendable {
    let bin: String
    let data: String
    let url: String

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scripts/start-postgres.sh").path

    static func start(bin: String) throws -> PrivateServer {
        let port = try freePort()
        let data = NSTemporaryDirectory() + "wfrun-test-pg-\(UUID().uuidString.prefix(8))"
        var environment = ProcessInfo.processInfo.environment
        environment["WFRUN_PG_PORT"] = "\(port)"
        environment["WFRUN_PG_DATA"] = data
        environment["WFRUN_PG_SOCKET_DIR"] = data + "-sock"
        // Files, not pipes: the server the script starts keeps running and could hold a pipe
        // open. The progress is read only when the script fails.
        let outputPath = data + "-start.out"
        let logPath = data + "-start.log"
        let status = try spawnAndWait("/bin/bash", [script], environment: environment, output: outputPath, errors: logPath)
        let printed = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let server = PrivateServer(
            bin: bin, data: data,
            url: printed.split(separator: "\n").last.map(String.init) ?? "")
        guard status == 0, server.url.hasPrefix("postgres://") else {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            server.stop()
            throw StartError(description: "Scripts/start-postgres.sh exited \(status): \(text.suffix(2_000))")
        }
        try? FileManager.default.removeItem(atPath: logPath)
        try? FileManager.default.removeItem(atPath: outputPath)
        return server
    }

    /// Stops the server at once (its data is thrown away) and removes its folders.
    func stop() {
        let pgCtl = "'\(bin)/pg_ctl' -D '\(data)' stop -m immediate"
        let command = "cd /tmp && " + (getuid() == 0 ? "runuser -u postgres -- \(pgCtl)" : pgCtl)
        _ = try? Self.spawnAndWait("/bin/sh", ["-c", command], environment: ProcessInfo.processInfo.environment,
                              output: "/dev/null", errors: "/dev/null")
        for path in [data, data + "-sock", data + ".log", data + "-start.log", data + "-start.out"] {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// Runs a program to its end, its standard input /dev/null and its output in files, and returns
    /// its exit status (128 + the signal that ended it). `posix_spawn` and `waitpid` rather than
    /// Foundation's `Process`, whose `waitUntilExit` was seen never to return in the test runner.
    static func spawnAndWait(
        _ executable: String, _ arguments: [String], environment: [String: String], output: String, errors: String
    ) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw StartError(description: "cannot run \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw StartError(description: "waitpid failed for \(executable)") }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// A port on 127.0.0.1 that nothing listens on now (the kernel's pick for port 0).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw StartError(description: "socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw StartError(description: "bind() to 127.0.0.1 failed") }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw StartError(description: "getsockname() failed") }
        return Int(UInt16(bigEndian: actual.sin_port))
    }
}
