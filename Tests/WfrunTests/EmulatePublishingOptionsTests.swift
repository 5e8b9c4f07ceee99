import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `wfrun emulate`'s publishing options through the real executable: what the banner says about
/// direct messages, the inspection endpoint an end-to-end test reads, and their usage errors.
@Suite("wfrun emulate's publishing options", .ownThread)
struct EmulatePublishingOptionsTests {
    @Test("emulate --dm-limit --closed-dms-every --unprotected-test-account: in the banner; /_emulator/messages answers")
    func optionsInTheBannerAndInspection() throws {
        try withTemporaryFolder { folder in
            let output = folder.appendingPathComponent("stdout").path
            let emulator = try SpawnedWfrun(
                [
                    "emulate", "--port", "0", "--dm-limit", "2/1m,10/1h", "--closed-dms-every", "3", "--unprotected-test-account",
                    "--faults", "slowsend:50%", "--slow-send-delay", "500ms",
                ],
                standardOutput: .file(output), standardError: .file(folder.appendingPathComponent("stderr").path))
            let started = emulator.wait(until: {
                ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains("Press Ctrl-C to stop.")
            })
            defer {
                emulator.send(SIGTERM)
                emulator.wait()
            }
            #expect(started)
            let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
            let first = lines.first ?? ""
            let port = Int(first.split(separator: ":").dropFirst(2).first.map { $0.prefix { $0.isNumber } } ?? "") ?? 0
            #expect(port > 0, "\(first)")
            #expect(lines.dropFirst(3).first?.hasSuffix(", faults slowsend:50%") == true, "\(lines)")
            #expect(lines.dropFirst(4).first == "  direct messages: limits v1.1 2/60s,10/3600s, v2 2/60s,10/3600s, 1 person in 3 refuses them, wfrun_proofs public")
            let counts = try ServeFolderTests.get(port: port, "/_emulator/messages?sender=wfrun_demo")
            #expect(counts.status == 200)
            #expect(counts.body == #"{"counts":{},"total":0}"#)
            let requests = try ServeFolderTests.get(port: port, "/_emulator/publishing-requests")
            #expect(requests.body == "[]")
        }
    }

    @Test("emulate's defaults: X's DM limits only with --rate-limit, 1 in 50 refuses, wfrun_proofs protected")
    func defaults() throws {
        for (arguments, line) in [
            ([String](), "  direct messages: no limit, 1 person in 50 refuses them, wfrun_proofs protected"),
            (["--rate-limit", "15/15m", "--closed-dms-every", "0"], "  direct messages: limits v1.1 1000/86400s, v2 200/900s,1000/86400s, everybody accepts them, wfrun_proofs protected"),
        ] {
            let outcome = try SpawnedWfrun.emulateUntilReady(["--port", "0"] + arguments)
            #expect(outcome.ending.exitCode == 0, "\(outcome)")
            #expect(outcome.stdout.split(separator: "\n").dropFirst(4).first.map(String.init) == line, "\(outcome)")
        }
    }

    @Test("emulate: unreadable publishing options are usage errors (exit 2)", arguments: [
        (["--dm-limit", "200"], "invalid direct message limits '200'"),
        (["--dm-limit", ""], "invalid direct message limits '': no limit given"),
        (["--closed-dms-every", "-1"], "--closed-dms-every"),
        (["--slow-send-delay", "2h"], "--slow-send-delay"),
        (["--faults", "slowsend:101%"], "invalid fault plan 'slowsend:101%'"),
    ])
    func usageErrors(arguments: [String], message: String) throws {
        let outcome = try WfrunProcess.run(["emulate"] + arguments, timeout: 20)
        #expect(outcome.exitCode == 2, "\(outcome)")
        #expect(outcome.stderr.contains(message), "\(outcome)")
    }
}
