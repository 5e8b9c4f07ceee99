import Foundation
import SocialEmulator
import Testing

/// A direct-message wave to 10,000 followers, wfrun killed with SIGKILL five times while X holds
/// the answer of a message it has already recorded (the slowsend fault): run again until it is
/// done, every follower has received exactly one message, every recipient is sent or failed with
/// its reason, and no unknown is left where the network could tell.
@Suite(.ownThread, .serialized) struct PublishCrashTests {
    static let followers = 10_000
    static let kills = 5

    @Test func aWaveKilledFiveTimesSendsEachMessageOnce() async throws {
        try await withTemporaryFolder { folder in
            var configuration = EmulatorConfiguration(seed: 31, followers: Self.followers, pages: 0)
            configuration.faults = try FaultPlan.parse("slowsend:0.15%")
            configuration.slowSendDelay = 1.5
            let sandbox = try await SocialSandbox.start(configuration, accounts: ["wfrun_demo"], in: folder)
            defer { Task { await sandbox.shutdown() } }
            let sync = try await sandbox.run("syncTwitter.xml", timeout: 300)
            #expect(sync.exitCode == 0, "\(sync)")
            let path = try PublishCommandTests.workflow("greet", PublishCommandTests.followersAndDM, in: folder)

            var killed = 0
            var finished = false
            var logs = ""
            for attempt in 0..<(Self.kills + 3) where !finished {
                async let run = PublishCommandTests.run(sandbox, path, timeout: 600)
                if killed < Self.kills {
                    // Kill while the emulator holds the answer of a message it recorded: the
                    // message went out, and wfrun has not committed it as sent.
                    // A held send of this attempt, not the end of one held for the process killed before.
                    let before = sandbox.emulator.sendsHeldInAll
                    var held = false
                    for _ in 0..<6_000 {
                        if sandbox.emulator.sendsHeldInAll > before && sandbox.emulator.heldSends > 0 { held = true; break }
                        try await Task.sleep(nanoseconds: 10_000_000)
                    }
                    if held {
                        let killer = try ChildProcess.run("/usr/bin/pkill", ["-KILL", "-f", sandbox.database], timeout: 10)
                        #expect(killer.exitCode == 0, "pkill found no wfrun: \(killer)")
                    }
                    let outcome = try await run
                    logs += String(decoding: outcome.standardError, as: UTF8.self)
                    if outcome.terminatingSignal == SIGKILL {
                        killed += 1
                        continue
                    }
                    #expect(outcome.exitCode == 0, "attempt \(attempt): \(outcome)")
                    finished = outcome.exitCode == 0
                } else {
                    let outcome = try await run
                    #expect(outcome.exitCode == 0, "attempt \(attempt): \(outcome)")
                    finished = outcome.exitCode == 0
                    let log = String(decoding: outcome.standardError, as: UTF8.self)
                    logs += log
                    #expect(log.contains("resuming run"), "\(log)")
                }
            }
            #expect(killed == Self.kills)
            #expect(finished)
            // Each restart found the message the killed process sent and never saw answered.
            let reconciled = logs.split(separator: "\n").filter { $0.contains("left sending by an interrupted run") }
            #expect(reconciled.count == Self.kills, "\(reconciled)")
            #expect(reconciled.allSatisfy { !$0.contains(": 0 sent") && $0.hasSuffix(", 0 unknown") }, "\(reconciled)")

            let dataset = sandbox.emulator.dataset
            let account = try #require(dataset.xAccounts.first { $0.screenName == "wfrun_demo" })
            let followers = Array(dataset.followers(of: account))
            let open = followers.filter { dataset.acceptsDirectMessages($0.id) }
            let counts = sandbox.emulator.messageCounts(from: account)
            let twice = counts.filter { $0.value > 1 }
            #expect(twice.isEmpty, "received more than one message: \(twice.prefix(10))")
            #expect(counts.count == open.count)
            #expect(Set(counts.keys) == Set(open.map(\.id)))

            let outcome = try await sandbox.wfrun(["history", "greet", "--json", "--db", sandbox.database])
            #expect(outcome.exitCode == 0, "\(outcome)")
            let runs = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput)) as? [[String: Any]] ?? []
            let run = try #require(runs.compactMap { $0["id"] as? Int }.max())
            let delivery = try #require(try await PublishCommandTests.deliveries(sandbox, run: run).first)
            #expect(delivery["counts"] as? [String: Int] == [
                "pending": 0, "sending": 0, "sent": open.count, "failed": followers.count - open.count, "unknown": 0,
            ])
            let failures = delivery["failures"] as? [[String: Any]] ?? []
            #expect(failures.allSatisfy { ($0["error"] as? String ?? "").contains("not permitted") }, "\(failures.prefix(3))")
        }
    }
}
