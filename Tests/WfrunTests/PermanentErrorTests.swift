import Foundation
import SocialEmulator
import Testing

/// A permanent error under syncTwitter's `<retry count="3" backoff="30s">` (a secret file others
/// can read, a directory as a secret file, an unset variable) fails the run at once, with the
/// fix, instead of after 210 s of backoff: the fetch makes one attempt and its log says why it
/// was not retried.
@Suite(.ownThread, .serialized) struct PermanentErrorTests {
    enum BadSecret: String, CaseIterable, Sendable {
        case readableByOthers, directory, unsetVariable
    }

    @Test(arguments: BadSecret.allCases)
    func syncTwitterFailsAtOnceOnABadSecret(_ bad: BadSecret) async throws {
        try await withTemporaryFolder { folder in
            let sandbox = try await SocialSandbox.start(
                EmulatorConfiguration(seed: 11, followers: 10, pages: 0), accounts: ["wfrun_demo"], in: folder)
            defer { Task { await sandbox.shutdown() } }
            let key = folder.appendingPathComponent("consumer.key").path
            let element: String
            let advice: String
            switch bad {
            case .readableByOthers:
                try "ck-value\n".write(toFile: key, atomically: false, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
                element = #"<consumerKey file="\#(key)"/>"#
                advice = "secret file \(key) is readable by others (mode 644): run chmod 600 \(key)"
            case .directory:
                try FileManager.default.createDirectory(atPath: key, withIntermediateDirectories: false)
                element = #"<consumerKey file="\#(key)"/>"#
                advice = "cannot read secret file \(key) (not a regular file)"
            case .unsetVariable:
                element = #"<consumerKey env="WFRUN_TEST_NEVER_SET"/>"#
                advice = "environment variable WFRUN_TEST_NEVER_SET is not set: export it before running wfrun"
            }
            // The sandbox's services file, the consumer key replaced by the bad one.
            let services = try String(contentsOfFile: sandbox.servicesFile, encoding: .utf8)
            let line = try #require(services.split(separator: "\n").first { $0.contains("<consumerKey ") })
            try services.replacingOccurrences(of: String(line), with: element).write(toFile: sandbox.servicesFile, atomically: true, encoding: .utf8)

            let outcome = try await sandbox.run("syncTwitter.xml")
            #expect(outcome.exitCode == 1, "\(outcome)")
            #expect(outcome.stderr.contains("X service 'wfrun_demo': cannot read its consumerKey"), "\(outcome)")
            #expect(outcome.stderr.contains(advice), "\(outcome)")
            #expect(!outcome.stderr.contains("ck-value") && !outcome.stdout.contains("ck-value"))

            // One attempt, no backoff: the log says why there was no retry.
            let history = try await sandbox.wfrun(["history", "1", "--json", "--db", sandbox.database])
            #expect(history.exitCode == 0, "\(history)")
            let detail = try #require(try JSONSerialization.jsonObject(with: Data(history.standardOutput)) as? [String: Any])
            let activities = try #require(detail["activities"] as? [[String: Any]])
            let fetch = try #require(activities.first { $0["activity"] as? String == "followers" })
            #expect(fetch["attempts"] as? Int == 1)
            #expect(fetch["status"] as? String == "failed")
            let log = try #require(detail["log"] as? [[String: Any]]).compactMap { $0["message"] as? String }
            #expect(log.first == "attempt 1 failed, not retried: a configuration error (a secret of the service cannot be read)", "\(log)")
            #expect(!log.contains { $0.contains("retrying in") }, "\(log)")
        }
    }
}
