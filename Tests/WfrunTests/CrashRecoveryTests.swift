import Foundation
import Testing

/// `wfrun run` killed with SIGKILL at random moments and run again until it finishes ends with
/// exactly the table an uninterrupted run writes: same rows, none lost, none twice.
@Suite(.ownThread, .serialized) struct CrashRecoveryTests {
    static let recordCount = 200_000

    /// The import workflow and its `recordCount` followers (`ImportFixture`).
    static func writeFixture(in folder: URL) throws -> String {
        try ImportFixture.write(in: folder, count: recordCount)
    }

    /// The table without the columns that hold wall-clock times.
    static func table(_ database: String) throws -> [String] {
        let outcome = try WfrunProcess.run(["show", "visitor", "--format", "csv", "--db", database])
        #expect(outcome.exitCode == 0, "\(outcome)")
        let lines = String(decoding: outcome.standardOutput, as: UTF8.self).split(separator: "\n")
        return lines.map { line in line.split(separator: ",", omittingEmptySubsequences: false).dropLast(2).joined(separator: ",") }
    }

    @Test func killedRunsResumeToTheSameTableAsAnUninterruptedRun() throws {
        try withTemporaryFolder { folder in
            let workflow = try Self.writeFixture(in: folder)
            let reference = folder.appendingPathComponent("reference.sqlite").path
            let crashed = folder.appendingPathComponent("crashed.sqlite").path

            let clean = try WfrunProcess.run(["run", workflow, "--db", reference])
            #expect(clean.exitCode == 0, "\(clean)")
            let expected = try Self.table(reference)
            #expect(expected.count == Self.recordCount + 1)

            // Kill at random moments, spread over the length of a clean run. The seed is printed,
            // and named in every failure, to replay the same kill fractions.
            var generator = ReplayableRandom(variable: "WFRUN_CRASH_SEED")
            print("CrashRecoveryTests: kill delays from seed \(generator.seed); replay with \(generator.replay) swift test --filter CrashRecoveryTests")
            let cleanSeconds = max(clean.wallSeconds, 0.5)
            var kills = 0
            var round = 0
            var scale = 1.0
            while round < 4 {
                let delay = Double.random(in: 0.15...0.8, using: &generator) * cleanSeconds * Double(round + 1) / 2 * scale
                let attempt = try WfrunProcess.run(["run", workflow, "--db", crashed], timeout: delay)
                if !attempt.timedOut {
                    #expect(attempt.exitCode == 0, "\(generator.replay)\n\(attempt)")
                    // A run that finished before its first kill (this run was faster than the
                    // clean one, on a machine whose load changed) proves nothing: start again on
                    // a fresh store, killing twice as early.
                    guard kills == 0, scale > 1.0 / 64 else { break }
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: crashed + suffix) }
                    scale /= 2
                    continue
                }
                #expect(attempt.terminatingSignal == SIGKILL, "\(generator.replay)")
                kills += 1
                round += 1
            }
            #expect(kills >= 1, "no run was killed: the runs finished faster than the kill delays (\(generator.replay))")
            let final = try WfrunProcess.run(["run", workflow, "--db", crashed])
            #expect(final.exitCode == 0, "\(generator.replay)\n\(final)")
            let recovered = try Self.table(crashed)
            #expect(recovered.count == expected.count, "\(generator.replay)")
            #expect(recovered == expected, "\(generator.replay)")
            #expect(Set(recovered).count == recovered.count, "\(generator.replay)")
        }
    }

    @Test(arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func aSignalStopsTheRunAtABatchBoundaryAndTheNextRunResumes(signal: Int32, exitCode: Int32) throws {
        try withTemporaryFolder { folder in
            let workflow = try Self.writeFixture(in: folder)
            let database = folder.appendingPathComponent("signalled.sqlite").path
            let stopped = try WfrunProcess.run(["run", workflow, "--db", database], timeout: 1.0, timeoutSignal: signal)
            #expect(stopped.timedOut, "the run finished before the signal")
            #expect(stopped.exitCode == exitCode, "\(stopped)")
            let errors = String(decoding: stopped.standardError, as: UTF8.self)
            #expect(errors.contains("wfrun: stopping at the next batch boundary"))
            #expect(errors.contains("run 1 of importVisitors: interrupted"))

            let history = try WfrunProcess.run(["history", "1", "--db", database, "--json"])
            let detail = try JSONSerialization.jsonObject(with: Data(history.standardOutput)) as? [String: Any]
            #expect((detail?["run"] as? [String: Any])?["status"] as? String == "interrupted")

            let resumed = try WfrunProcess.run(["run", workflow, "--db", database, "--json"])
            #expect(resumed.exitCode == 0, "\(resumed)")
            let summary = try JSONSerialization.jsonObject(with: Data(resumed.standardOutput)) as? [String: Any]
            #expect(summary?["resumed"] as? Bool == true)
            #expect((summary?["run"] as? [String: Any])?["id"] as? Int == 1)
            let counts = (summary?["upserts"] as? [String: Any])?["save"] as? [String: Int]
            // Only what the stopped run had not committed is read again, and nothing is written twice.
            let again = (counts?["inserted"] ?? 0) + (counts?["updated"] ?? 0) + (counts?["unchanged"] ?? 0)
            #expect(again > 0 && again < Self.recordCount)
            #expect(counts?["updated"] == 0)
            #expect(try Self.table(database).count == Self.recordCount + 1)
        }
    }
}
