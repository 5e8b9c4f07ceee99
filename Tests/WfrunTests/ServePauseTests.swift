import Foundation
import SocialEmulator
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A run paused before a rate-limit wait longer than `--max-wait` (exit 75 under `wfrun run`) is
/// resumed by the server at the window's reset, on its own, as often as it takes.
@Suite("wfrun serve and rate limits", .ownThread, .serialized)
struct ServePauseTests {
    @Test("a paused sync is resumed at the reset until it succeeds, with every follower once")
    func pausedRunsAreResumedAtTheReset() async throws {
        try await withTemporaryFolder { root in
            var configuration = EmulatorConfiguration(seed: 3, followers: 3_000, pages: 0)
            configuration.rateLimit = try RateLimit.parse("2/3s")
            let sandbox = try await SocialSandbox.start(configuration, accounts: ["wfrun_demo"], in: root)
            defer { Task { await sandbox.shutdown() } }
            let folder = root.appendingPathComponent("Workflows")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: Repository.root.appendingPathComponent("Workflows/syncTwitter.xml").path,
                toPath: folder.appendingPathComponent("syncTwitter.xml").path)
            let store = ["--workflows", folder.path, "--db", sandbox.database, "--services", sandbox.servicesFile]
            let log = root.appendingPathComponent("serve.log").path
            let server = try SpawnedWfrun(
                ["serve", "--listen", "127.0.0.1:0", "--log-format", "json", "--max-wait", "1s"] + store,
                standardOutput: .file(log), standardError: .file(log + ".err"), environment: sandbox.environment)
            try await onOwnThread {
                try waitUntil("the server registered") {
                    try WfrunProcess.run(["status", "--nodes", "--db", sandbox.database]).stdout.contains("servers:")
                }
                let trigger = try WfrunProcess.run(["trigger", "syncTwitter", "--workflows", folder.path, "--db", sandbox.database])
                #expect(trigger.exitCode == 0, "\(trigger)")
                _ = try ServeCommandTests.waitForEvent(log, "succeeded", seconds: 90)
            }
            let events = ServeCommandTests.events(log)
            let paused = events.filter { $0["event"] == "paused" }
            #expect(!paused.isEmpty, "the rate limit never paused the run: the test proves nothing")
            #expect(paused.allSatisfy { $0["run"] == "1" && $0["until"] != nil })
            #expect(events.filter { $0["event"] == "resumed" }.count == paused.count)
            #expect(events.filter { $0["event"] == "succeeded" }.map { $0["run"] } == ["1"])
            #expect(try await sandbox.rows("visitor").count == 3_000)
            server.send(SIGTERM)
            #expect(server.wait(timeout: 40).exitCode == 0)
        }
    }
}
