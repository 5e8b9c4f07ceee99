import Foundation
import SocialEmulator
import Testing

/// Workflows/examples/askConsent.xml, run by the real `wfrun` against the emulator: every
/// follower who accepts messages gets exactly one message with the consent page's address.
@Suite(.ownThread, .serialized) struct AskConsentExampleTests {
    @Test func everyFollowerGetsTheConsentLinkOnce() async throws {
        try await withTemporaryFolder { folder in
            let sandbox = try await SocialSandbox.start(EmulatorConfiguration(seed: 5, followers: 60, pages: 0), accounts: ["wfrun_demo"], in: folder)
            defer { Task { await sandbox.shutdown() } }
            let sync = try await sandbox.run("syncTwitter.xml")
            #expect(sync.exitCode == 0, "\(sync)")
            let outcome = try await sandbox.run("examples/askConsent.xml", ["--param", "joinPage=https://acme.example/join/wfrun_demo"])
            #expect(outcome.exitCode == 0, "\(outcome)")

            let dataset = sandbox.emulator.dataset
            let account = try #require(dataset.xAccounts.first { $0.screenName == "wfrun_demo" })
            let open = dataset.followers(of: account).filter { dataset.acceptsDirectMessages($0.id) }
            #expect(sandbox.emulator.messageCounts(from: account) == Dictionary(uniqueKeysWithValues: open.map { ($0.id, 1) }))
            let text = "Would you like our offers to fit what you follow? Share your X profile with us, and withdraw whenever you like: "
                + "https://acme.example/join/wfrun_demo"
            #expect(sandbox.emulator.messages.allSatisfy { $0.text == text }, "\(sandbox.emulator.messages.first?.text ?? "")")
        }
    }
}
