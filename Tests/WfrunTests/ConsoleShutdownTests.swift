import Foundation
import Testing

/// A live stream of a run's events (`/runs/ID/events`) follows a run for up to 30 minutes; it must
/// not hold `wfrun serve` past SIGTERM.
@Suite("the console and SIGTERM", .ownThread, .serialized)
struct ConsoleShutdownTests {
    @Test("SIGTERM ends an open live stream of a run that another node runs: serve exits 0 at once, not after its 30 s watchdog")
    func liveStreamEndsOnStop() throws {
        try withTemporaryFolder { root in
            let workflows = root.appendingPathComponent("Workflows")
            try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
            let path = try ImportFixture.write(in: workflows, count: 3)
            let database = root.appendingPathComponent("console.sqlite").path
            #expect(try WfrunProcess.run(["run", path, "--db", database]).exitCode == 0)
            // Run 1 now seems held by a process of another machine, its lease far away: nothing
            // here ends it, so its live stream would go on.
            _ = try StoreUpgradeTests.sqlite3(
                database,
                "UPDATE run SET status = 'running', ended_at = NULL, owner = 'elsewhere/1/1.0', lease_until = '2099-01-01T00:00:00Z' WHERE id = 1")
            let served = try ServedConsole.start(root: root, folder: workflows.path, database: database)
            var client = ConsoleClient(port: served.port)
            try client.signIn(token: served.token)
            let (stream, start) = try client.openStream("/runs/1/events")
            #expect(start.hasPrefix("HTTP/1.1 200 OK\r\n") && start.contains("text/event-stream; charset=utf-8"), "\(start)")
            let started = Date()
            served.server.send(SIGTERM)
            let ending = served.server.wait(timeout: 60)
            #expect(ending.exitCode == 0 && ending.terminatingSignal == nil, "\(ending)")
            #expect(Date().timeIntervalSince(started) < 15, "serve took \(Date().timeIntervalSince(started)) s to stop")
            let errors = try String(contentsOfFile: served.log + ".err", encoding: .utf8)
            #expect(!errors.contains("did not stop within 30 s"), "\(errors)")
            // The server closed the stream, having said only that nothing happened yet.
            let rest = ConsoleClient.finish(stream)
            #expect(!(start + rest).contains("event: end"))
        }
    }
}
