import Foundation
import Testing

/// Counts and durations given on the command line are bounded where they are read: a value out
/// of range is a usage error (exit 2) naming the option and its range, before any work starts.
/// These values used to corrupt memory (`--batch-size 9223372036854775807`), fail to allocate
/// (`--batch-size 4294967296`, `emulate --pages 1000000000`) or trap (`--request-timeout inf`).
@Suite(.ownThread) struct OptionBoundsTests {
    static let workflow = Repository.workflows.appendingPathComponent("examples/importContacts.xml").path

    /// The first two lines ArgumentParser prints for a value its type refuses. Values are passed
    /// as `--name=value`, so that a negative one is not taken for an option.
    static func expectUsageError(_ outcome: ProcessOutcome, value: String, option: String, help: String) {
        #expect(outcome.exitCode == 2, "\(outcome)")
        #expect(outcome.terminatingSignal == nil, "\(outcome)")
        let lines = outcome.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "Error: The value '\(value)' is invalid for '\(option)'", "\(outcome)")
        #expect(lines.dropFirst().first == "Help:  \(option)  \(help)", "\(outcome)")
        #expect(outcome.stdout.isEmpty, "\(outcome)")
    }

    @Test("run --batch-size takes 1 to 100000", arguments: [
        "9223372036854775807", "4294967296", "100001", "0", "-1", "99999999999999999999", "1.5", "many",
    ])
    func batchSize(value: String) throws {
        try withTemporaryFolder { folder in
            let db = folder.appendingPathComponent("w.sqlite").path
            let outcome = try WfrunProcess.run(["run", Self.workflow, "--db", db, "--batch-size=\(value)"])
            Self.expectUsageError(
                outcome, value: value, option: "--batch-size <records>", help: "Records per batch (and per transaction), 1 to 100000.")
            #expect(!FileManager.default.fileExists(atPath: db), "nothing is opened before the options are checked")
        }
    }

    @Test func batchSizeAtItsLimitRuns() throws {
        try withTemporaryFolder { folder in
            let db = folder.appendingPathComponent("w.sqlite").path
            let outcome = try WfrunProcess.run(["run", Self.workflow, "--db", db, "--batch-size", "100000"])
            #expect(outcome.exitCode == 0, "\(outcome)")
        }
    }

    static let requestTimeoutHelp =
        "How long one HTTP request may take before it is retried (such as 30s, 2m; a bare number is seconds), 1ms to 1h."

    @Test("--request-timeout of run and services check takes 1ms to 1h", arguments: [
        "inf", "1e300", "nan", "-1", "0", "0s", "3601", "61m", "1e3", "30 s", "0.0001",
    ])
    func requestTimeout(value: String) throws {
        for command in [["run", Self.workflow], ["services", "check", "--sandbox"], ["services", "list", "--sandbox"]] {
            let outcome = try WfrunProcess.run(command + ["--request-timeout=\(value)"])
            Self.expectUsageError(outcome, value: value, option: "--request-timeout <duration>", help: Self.requestTimeoutHelp)
        }
    }

    @Test("--request-timeout takes seconds or a duration", arguments: ["2.5", "30", "500ms", "1h"])
    func requestTimeoutAccepted(value: String) throws {
        let outcome = try WfrunProcess.run(["services", "list", "--sandbox", "--request-timeout", value])
        #expect(outcome.exitCode == 0, "\(outcome)")
    }

    @Test("run --max-wait takes 0s to 7d", arguments: ["8d", "169h", "inf", "-1s", "20"])
    func maxWait(value: String) throws {
        try withTemporaryFolder { folder in
            let db = folder.appendingPathComponent("w.sqlite").path
            let outcome = try WfrunProcess.run(["run", Self.workflow, "--db", db, "--max-wait=\(value)"])
            if value == "20" {
                #expect(outcome.exitCode == 0, "\(outcome)")
            } else {
                Self.expectUsageError(
                    outcome, value: value, option: "--max-wait <duration>",
                    help: "The longest rate-limit or retry wait to sit through (such as 90s, 20m, 2h), 0s to 7d; a longer one pauses the run, resumable.")
            }
        }
    }

    @Test("emulate --pages, --followers and --timeout-delay are bounded", arguments: [
        (["--pages", "1000000000"], "--pages <pages>", "Facebook pages to serve, 0 to 1000."),
        (["--pages", "-1"], "--pages <pages>", "Facebook pages to serve, 0 to 1000."),
        (["--followers", "100000001"], "--followers <followers>",
         "Followers of each X account (accounts share half of their followers with the next one), 0 to 100000000."),
        (["--timeout-delay", "inf"], "--timeout-delay <duration>",
         "How long a timeout fault holds its response (such as 30s; a bare number is seconds), 0s to 1h."),
    ])
    func emulatorCounts(arguments: [String], option: String, help: String) throws {
        let outcome = try WfrunProcess.run(["emulate", "--port", "0", "\(arguments[0])=\(arguments[1])"], timeout: 20)
        Self.expectUsageError(outcome, value: arguments[1], option: option, help: help)
    }

    @Test func emulateRateLimitWindowIsAtMostADay() throws {
        let outcome = try WfrunProcess.run(["emulate", "--port", "0", "--rate-limit", "1/1e300h"], timeout: 20)
        #expect(outcome.exitCode == 2, "\(outcome)")
        #expect(outcome.stderr.hasPrefix("Error: invalid rate limit '1/1e300h': the window '1e300h' is longer than a day (24h)"), "\(outcome)")
    }

    @Test("history --limit takes 1 to 100000", arguments: ["0", "-5", "100001"])
    func historyLimit(value: String) throws {
        let outcome = try WfrunProcess.run(["history", "--limit=\(value)", "--db", "/nonexistent/never-opened.sqlite"])
        Self.expectUsageError(outcome, value: value, option: "--limit <count>", help: "How many runs to list, 1 to 100000.")
    }
}
