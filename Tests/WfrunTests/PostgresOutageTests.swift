import Foundation
import Testing

/// PostgreSQL stopped in the middle of a run (`pg_ctl stop -m fast` or `-m immediate`): the run
/// ends within a bounded time with one message and exit 1, instead of hanging; once the server is
/// back, the next run resumes it. Uses a private server of its own (it is stopped on purpose).
@Suite(.ownThread, .serialized, .enabled(if: TestPostgres.url != nil, TestPostgres.absence))
struct PostgresOutageTests {
    /// A server in its own folder, port and socket folder, started by Scripts/start-postgres.sh.
    /// Its port is a `LoopbackPort.stable()` one: the server is stopped and started again on the same one.
    struct PrivateServer {
        let data: String
        let port: Int
        let url: String

        static func start(port: Int) throws -> PrivateServer {
            let data = NSTemporaryDirectory() + "wfrun-pg-outage-\(UUID().uuidString.prefix(8))"
            let environment = ["WFRUN_PG_PORT": "\(port)", "WFRUN_PG_DATA": data, "WFRUN_PG_SOCKET_DIR": data + "-sock"]
            let started = try ChildProcess.run(Repository.root.appendingPathComponent("Scripts/start-postgres.sh").path, [], environment: environment, timeout: 120)
            guard started.exitCode == 0, let url = started.stdout.split(separator: "\n").last else {
                throw ProcessLaunchError(description: "the private PostgreSQL did not start\n\(started)")
            }
            let server = PrivateServer(data: data, port: port, url: String(url))
            // The shared test server commits asynchronously, for speed; an immediate stop would
            // then lose commits that wfrun was told were made. This one keeps its word.
            let bin = try binFolder()
            let durable = try ChildProcess.run(
                "/usr/sbin/runuser",
                ["-u", "postgres", "--", bin + "/psql", "-h", data + "-sock", "-p", "\(port)", "-d", "postgres", "-qtAc",
                 "ALTER SYSTEM SET synchronous_commit = on"], workingDirectory: "/tmp", timeout: 60)
            guard durable.exitCode == 0 else { throw ProcessLaunchError(description: "\(durable)") }
            _ = try server.pgCtl(["reload"])
            return server
        }

        static func binFolder() throws -> String {
            try FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql").sorted().last.map { "/usr/lib/postgresql/\($0)/bin" } ?? ""
        }

        func pgCtl(_ arguments: [String]) throws -> ProcessOutcome {
            let bin = try Self.binFolder()
            return try ChildProcess.run("/usr/sbin/runuser", ["-u", "postgres", "--", bin + "/pg_ctl", "-D", data] + arguments, workingDirectory: "/tmp", timeout: 60)
        }

        func restart() throws {
            let environment = ["WFRUN_PG_PORT": "\(port)", "WFRUN_PG_DATA": data, "WFRUN_PG_SOCKET_DIR": data + "-sock"]
            let started = try ChildProcess.run(Repository.root.appendingPathComponent("Scripts/start-postgres.sh").path, [], environment: environment, timeout: 120)
            guard started.exitCode == 0 else { throw ProcessLaunchError(description: "\(started)") }
        }

        func remove() {
            _ = try? pgCtl(["stop", "-m", "immediate"])
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: data + "-sock")
            try? FileManager.default.removeItem(atPath: data + ".log")
        }
    }

    @Test(arguments: ["fast", "immediate"])
    func aStoppedServerEndsTheRunAndTheNextRunResumesIt(mode: String) throws {
        let server = try PrivateServer.start(port: try LoopbackPort.stable())
        defer { server.remove() }
        try withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("hold.xml").path
            try RunOwnershipTests.workflow(named: "outage").write(toFile: file, atomically: true, encoding: .utf8)
            let environment = ["WFRUN_LEASE_SECONDS": "2", "WFRUN_STATEMENT_TIMEOUT": "3"]
            let run = BackgroundWfrun(["run", file, "--db", server.url], environment: environment, timeout: 90)
            try waitUntil("the run holds the workflow") {
                try RunOwnershipTests.runs("outage", db: server.url).first?.status == "running"
            }
            let stopped = try server.pgCtl(["stop", "-m", mode])
            #expect(stopped.exitCode == 0, "\(stopped)")
            let ended = try run.outcome()
            #expect(!ended.timedOut, "\(ended)")
            #expect(ended.exitCode == 1, "\(ended)")
            let lines = ended.stderr.split(separator: "\n").filter { $0.hasPrefix("wfrun:") }
            #expect(lines.count == 1, "\(ended)")
            #expect(lines.first?.hasPrefix("wfrun: run 1 ended (failed: the run's lease could not be renewed for 2 s") == true, "\(ended)")
            #expect(lines.first?.hasSuffix("the next `wfrun run` resumes it") == true, "\(ended)")
            // Bounded: the lease (2 s) and the statement limit (3 s), with room for a slow machine.
            #expect(ended.wallSeconds < 30, "\(ended)")

            try server.restart()
            let resumed = try RunOwnershipTests.runUntilHeld(["run", file, "--db", server.url], name: "outage", db: server.url)
            #expect(resumed.exitCode == 143, "\(resumed)")
            #expect(resumed.stderr.contains("resuming run 1 of outage"), "\(resumed)")
        }
    }
}
