import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `wfrun emulate` through the real executable: what it prints, how it stops, its usage errors.
@Suite("wfrun emulate", .ownThread)
struct EmulateCommandTests {
    @Test("wfrun emulate prints the sandbox services and serves until SIGTERM")
    func servesUntilSIGTERM() throws {
        let outcome = try SpawnedWfrun.emulateUntilReady(["--port", "0", "--pages", "2"])
        #expect(outcome.ending.exitCode == 0, "\(outcome)")
        let output = outcome.stdout
        #expect(output.hasPrefix("wfrun emulator listening on http://127.0.0.1:"), "\(outcome)")
        #expect(output.contains("<services xmlns=\"urn:wfrun:services:1\">"))
        for name in ["wfrun_demo", "wfrun_news", "wfrun_proofs", "wfrunpage", "wfrunpage2"] {
            #expect(output.contains("<service name=\"\(name)\""), "no service \(name)")
        }
        #expect(output.contains("<consumerKey env=\"WFRUN_DEMO_X_CONSUMER_KEY\"/>"))
        #expect(output.contains("export WFRUN_DEMO_X_CONSUMER_KEY='sandbox-consumer-key-wfrun'"))
        #expect(output.contains("export WFRUNPAGE2_FB_PAGE_ACCESS_TOKEN='"))
        #expect(outcome.stderr.contains("SIGTERM, stopping the emulator"))
    }

    @Test("wfrun emulate: unreadable specifications are usage errors (exit 2)", arguments: [
        (["--faults", "503:abc"], "invalid fault plan '503:abc'"),
        (["--rate-limit", "10"], "invalid rate limit '10'"),
        (["--port", "70000"], "--port must be between 0 and 65535"),
    ])
    func usageErrors(arguments: [String], message: String) throws {
        let outcome = try WfrunProcess.run(["emulate"] + arguments, timeout: 20)
        #expect(outcome.exitCode == 2, "\(outcome)")
        #expect(outcome.stderr.contains(message), "\(outcome)")
    }
}
