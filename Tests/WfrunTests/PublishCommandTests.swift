import Foundation
import SocialEmulator
import Testing

/// `publish` run by the real `wfrun` against the emulator over loopback: the exact requests each
/// action makes on X 1.1, X 2 and Facebook, what history says of it, proofs that reach only the
/// protected test account, and a message wave where each person gets one message or a reason.
@Suite(.ownThread, .serialized) struct PublishCommandTests {
    static let configuration = EmulatorConfiguration(seed: 21, followers: 120, pages: 1)

    /// Writes a workflow into the test folder and returns its path.
    static func workflow(_ name: String, _ activities: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("\(name).xml").path
        try """
            <workflow xmlns="urn:wfrun:workflow:1" name="\(name)">
              <start name="begin"><next to="\(activities.contains("name=\"followers\"") ? "followers" : "send")"/></start>
              \(activities)
              <end name="done"/>
            </workflow>
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func text(_ data: [UInt8]) -> String { String(decoding: data, as: UTF8.self) }

    /// `wfrun run FILE` against the sandbox's services and store.
    static func run(_ sandbox: SocialSandbox, _ path: String, _ extra: [String] = [], timeout: Double = 120) async throws -> ProcessOutcome {
        try await sandbox.wfrun(["run", path, "--services", sandbox.servicesFile, "--db", sandbox.database] + extra, timeout: timeout)
    }

    /// `wfrun history RUN --json`'s deliveries.
    static func deliveries(_ sandbox: SocialSandbox, run: Int) async throws -> [[String: Any]] {
        let outcome = try await sandbox.wfrun(["history", String(run), "--json", "--db", sandbox.database])
        #expect(outcome.exitCode == 0, "\(outcome)")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput)) as? [String: Any]
        return object?["deliveries"] as? [[String: Any]] ?? []
    }

    static let post = #"""
        <publish name="send" connector="x" action="post" service="wfrun_demo" text="'Our spring collection is out'" link="'https://example.com/spring'"><next to="done"/></publish>
        """#

    @Test(arguments: ["1.1", "2"])
    func aPostIsOneRequestAndHistorySaysSo(apiVersion: String) async throws {
        try await withTemporaryFolder { folder in
            let sandbox = try await SocialSandbox.start(Self.configuration, apiVersion: apiVersion, accounts: ["wfrun_demo", "wfrun_proofs"], in: folder)
            defer { Task { await sandbox.shutdown() } }
            let path = try Self.workflow("announce", Self.post, in: folder)
            let outcome = try await Self.run(sandbox, path)
            #expect(outcome.exitCode == 0, "\(outcome)")

            let requests = sandbox.emulator.publishingRequests
            #expect(requests.count == 1, "\(requests)")
            let request = try #require(requests.first)
            #expect(request.method == "POST")
            if apiVersion == "1.1" {
                #expect(request.path == "/1.1/statuses/update.json")
                #expect(request.parameters == [["status", "Our spring collection is out https://example.com/spring"]])
            } else {
                #expect(request.path == "/2/tweets")
                #expect(request.body == #"{"text":"Our spring collection is out https:\/\/example.com\/spring"}"#)
            }
            let account = try #require(sandbox.emulator.dataset.xAccounts.first { $0.screenName == "wfrun_demo" })
            let posts = sandbox.emulator.publishedPosts(of: account)
            #expect(posts.map(\.text) == ["Our spring collection is out https://example.com/spring"])

            let deliveries = try await Self.deliveries(sandbox, run: 1)
            #expect(deliveries.count == 1)
            #expect(deliveries.first?["action"] as? String == "post")
            #expect((deliveries.first?["counts"] as? [String: Int])?["sent"] == 1)
            let history = try await sandbox.wfrun(["history", "1", "--db", sandbox.database])
            #expect(Self.text(history.standardOutput).contains("delivery 1 (publish 'send', post from wfrun_demo): 1 sent"), "\(history)")

            // Running the workflow again is a new run and a new post: X refuses the same text as
            // a duplicate, and wfrun finds it on the account instead of failing or posting twice.
            let again = try await Self.run(sandbox, path)
            #expect(again.exitCode == 0, "\(again)")
            #expect(sandbox.emulator.publishedPosts(of: account).count == 1)
            let second = try await Self.deliveries(sandbox, run: 2)
            #expect((second.first?["counts"] as? [String: Int])?["sent"] == 1)
        }
    }

    @Test func aFacebookPostSendsMessageAndLink() async throws {
        try await withTemporaryFolder { folder in
            let sandbox = try await SocialSandbox.start(Self.configuration, accounts: [], in: folder)
            defer { Task { await sandbox.shutdown() } }
            let page = try #require(sandbox.emulator.dataset.facebookPages.first)
            let path = try Self.workflow("announce", #"""
                <publish name="send" connector="facebook" action="post" service="\#(page.serviceName)" text="'Spring is here'" link="'https://example.com/spring'"><next to="done"/></publish>
                """#, in: folder)
            let outcome = try await Self.run(sandbox, path)
            #expect(outcome.exitCode == 0, "\(outcome)")
            let requests = sandbox.emulator.publishingRequests
            #expect(requests.map(\.method) == ["POST"])
            #expect(requests.first?.path == "/v24.0/\(page.id)/feed")
            #expect(requests.first?.parameters == [["message", "Spring is here"], ["link", "https://example.com/spring"]])
            #expect(sandbox.emulator.publishedPosts(of: page).map(\.message) == ["Spring is here"])
        }
    }

    /// A proof goes to the protected test account only; with the test account public it is
    /// refused before anything is sent.
    @Test func aProofReachesOnlyTheProtectedTestAccount() async throws {
        try await withTemporaryFolder { folder in
            let sandbox = try await SocialSandbox.start(Self.configuration, accounts: ["wfrun_demo", "wfrun_proofs"], in: folder)
            defer { Task { await sandbox.shutdown() } }
            let path = try Self.workflow("announce", Self.post, in: folder)
            let outcome = try await Self.run(sandbox, path, ["--proof"])
            #expect(outcome.exitCode == 0, "\(outcome)")
            let accounts = sandbox.emulator.dataset.xAccounts
            let demo = try #require(accounts.first { $0.screenName == "wfrun_demo" })
            let proofs = try #require(accounts.first { $0.screenName == "wfrun_proofs" })
            #expect(sandbox.emulator.publishedPosts(of: demo).isEmpty)
            #expect(sandbox.emulator.publishedPosts(of: proofs).map(\.text) == ["Our spring collection is out https://example.com/spring"])
            let deliveries = try await Self.deliveries(sandbox, run: 1)
            #expect(deliveries.first?["proof"] as? Bool == true)
        }
        try await withTemporaryFolder { folder in
            var configuration = Self.configuration
            configuration.testAccountProtected = false
            let sandbox = try await SocialSandbox.start(configuration, accounts: ["wfrun_demo", "wfrun_proofs"], in: folder)
            defer { Task { await sandbox.shutdown() } }
            let path = try Self.workflow("announce", Self.post, in: folder)
            let outcome = try await Self.run(sandbox, path, ["--proof"])
            #expect(outcome.exitCode == 1, "\(outcome)")
            #expect(Self.text(outcome.standardError).contains(
                "proof refused: the test account of service 'wfrun_proofs' (@wfrun_proofs) is public, so a proof would be seen by anyone"), "\(outcome)")
            #expect(sandbox.emulator.publishedPosts(of: sandbox.emulator.dataset.xAccounts[2]).isEmpty)
            #expect(sandbox.emulator.publishingRequests.isEmpty)
        }
    }

    static let followersAndDM = #"""
        <query name="followers" schema="subscription" where="service == 'wfrun_demo' and isNull(ended_at)"><next to="send"/></query>
          <publish name="send" connector="x" action="dm" service="wfrun_demo" text="concat('Hi ', external_id, '!')"><next to="done"/></publish>
        """#

    /// Each follower gets one message, those who do not accept messages are failed with X's
    /// reason, and the run succeeds; history counts them.
    @Test(arguments: ["1.1", "2"])
    func eachFollowerGetsOneMessageOrAReason(apiVersion: String) async throws {
        try await withTemporaryFolder { folder in
            let sandbox = try await SocialSandbox.start(Self.configuration, apiVersion: apiVersion, accounts: ["wfrun_demo"], in: folder)
            defer { Task { await sandbox.shutdown() } }
            let sync = try await sandbox.run("syncTwitter.xml")
            #expect(sync.exitCode == 0, "\(sync)")
            let path = try Self.workflow("greet", Self.followersAndDM, in: folder)
            let outcome = try await Self.run(sandbox, path)
            #expect(outcome.exitCode == 0, "\(outcome)")

            let dataset = sandbox.emulator.dataset
            let account = try #require(dataset.xAccounts.first { $0.screenName == "wfrun_demo" })
            let followers = Array(dataset.followers(of: account))
            let open = followers.filter { dataset.acceptsDirectMessages($0.id) }
            let closed = followers.filter { !dataset.acceptsDirectMessages($0.id) }
            #expect(!closed.isEmpty)
            let counts = sandbox.emulator.messageCounts(from: account)
            #expect(counts == Dictionary(uniqueKeysWithValues: open.map { ($0.id, 1) }))
            #expect(sandbox.emulator.messages.allSatisfy { $0.text == "Hi \($0.recipientID)!" })

            let delivery = try #require(try await Self.deliveries(sandbox, run: 2).first)
            #expect(delivery["counts"] as? [String: Int] == ["pending": 0, "sending": 0, "sent": open.count, "failed": closed.count, "unknown": 0])
            let failures = delivery["failures"] as? [[String: Any]] ?? []
            #expect(Set(failures.compactMap { $0["recipient"] as? String }) == Set(closed.prefix(20).map(\.id)))
            let reason = failures.first?["error"] as? String ?? ""
            #expect(reason.contains(apiVersion == "1.1" ? "349" : "not permitted"), "\(reason)")
        }
    }

    /// A text over the network's limit, computed from the record, fails the record with its
    /// length and the limit; nothing is sent.
    @Test func aTextOverTheLimitIsARecordErrorWithItsLength() async throws {
        try await withTemporaryFolder { folder in
            let sandbox = try await SocialSandbox.start(Self.configuration, accounts: ["wfrun_demo"], in: folder)
            defer { Task { await sandbox.shutdown() } }
            let path = try Self.workflow("announce", #"""
                <publish name="send" connector="x" action="post" service="wfrun_demo" text="concat('日本語のお知らせ', param('tail'))"><next to="done"/></publish>
                """#.replacingOccurrences(of: "<publish", with: "<publish"), in: folder)
            let body = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
                of: "<start", with: "<parameter name=\"tail\" type=\"string\" default=\"\"/>\n  <start")
            try body.write(toFile: path, atomically: true, encoding: .utf8)
            let outcome = try await Self.run(sandbox, path, ["--param", "tail=" + String(repeating: "あ", count: 133)])
            #expect(outcome.exitCode == 1, "\(outcome)")
            #expect(Self.text(outcome.standardError).contains("the text is 282 long as X counts it (URLs 23, emoji and CJK 2), over the limit of 280"), "\(outcome)")
            #expect(sandbox.emulator.publishingRequests.isEmpty)
        }
    }

    /// `perDay` caps a service's messages in any 24 hours: the run pauses (exit 75) once the cap
    /// is reached, and a run again within the window sends nothing more and pauses again.
    @Test func perDayPausesTheWaveAtTheCap() async throws {
        try await withTemporaryFolder { folder in
            let sandbox = try await SocialSandbox.start(Self.configuration, accounts: ["wfrun_demo"], in: folder)
            defer { Task { await sandbox.shutdown() } }
            let sync = try await sandbox.run("syncTwitter.xml")
            #expect(sync.exitCode == 0, "\(sync)")
            let path = try Self.workflow("greet", Self.followersAndDM.replacingOccurrences(of: "action=\"dm\"", with: "action=\"dm\" perDay=\"30\""), in: folder)
            let first = try await Self.run(sandbox, path)
            #expect(first.exitCode == 75, "\(first)")
            #expect(Self.text(first.standardError).contains("service 'wfrun_demo' has sent 30 of its 30 direct messages allowed per 24 h (perDay)"), "\(first)")
            let account = try #require(sandbox.emulator.dataset.xAccounts.first { $0.screenName == "wfrun_demo" })
            #expect(sandbox.emulator.messageCounts(from: account).values.reduce(0, +) == 30)

            let second = try await Self.run(sandbox, path)
            #expect(second.exitCode == 75, "\(second)")
            #expect(Self.text(second.standardError).contains("resuming run 2 of greet"), "\(second)")
            #expect(sandbox.emulator.messageCounts(from: account).values.reduce(0, +) == 30)
            let delivery = try #require(try await Self.deliveries(sandbox, run: 2).first)
            #expect((delivery["counts"] as? [String: Int])?["sent"] == 30)
            #expect(delivery["finished"] as? Bool == false)
        }
    }

    /// `trackLinks="true"`: the post goes out with `BASE/r/CODE` in place of its link, the code
    /// maps to the original in the store (what `wfrun serve` redirects to); without
    /// `--public-url` nothing is sent.
    @Test func aTrackedPostCarriesServesLink() async throws {
        try await withTemporaryFolder { folder in
            let sandbox = try await SocialSandbox.start(Self.configuration, accounts: ["wfrun_demo"], in: folder)
            defer { Task { await sandbox.shutdown() } }
            let path = try Self.workflow("announce", Self.post.replacingOccurrences(of: "action=\"post\"", with: "action=\"post\" trackLinks=\"true\""), in: folder)
            let refused = try await Self.run(sandbox, path)
            #expect(refused.exitCode == 1, "\(refused)")
            #expect(Self.text(refused.standardError).contains(
                "trackLinks=\"true\" needs the public address of wfrun serve, where tracked links point: give --public-url URL (or set WFRUN_PUBLIC_URL); nothing was sent"),
                "\(refused)")
            #expect(sandbox.emulator.publishingRequests.isEmpty)

            let outcome = try await Self.run(sandbox, path, ["--restart", "--public-url", "https://go.example.org/"])
            #expect(outcome.exitCode == 0, "\(outcome)")
            let account = try #require(sandbox.emulator.dataset.xAccounts.first { $0.screenName == "wfrun_demo" })
            let text = try #require(sandbox.emulator.publishedPosts(of: account).first?.text)
            let prefix = "Our spring collection is out https://go.example.org/r/"
            #expect(text.hasPrefix(prefix), "\(text)")
            let code = String(text.dropFirst(prefix.count))
            #expect(code.count == 12 && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }, "\(code)")
            let row = try StoreUpgradeTests.sqlite3(sandbox.database, "SELECT delivery, url FROM tracked_link WHERE code = '\(code)'")
            #expect(row == "1|https://example.com/spring")
        }
    }

    /// A proof run that failed is never resumed as the real wave: run again without --proof, it
    /// refuses and sends nothing; --restart sends the real wave.
    @Test func aFailedProofIsNeverResumedAsTheRealWave() async throws {
        try await withTemporaryFolder { folder in
            let sandbox = try await SocialSandbox.start(Self.configuration, accounts: ["wfrun_demo", "wfrun_proofs"], in: folder)
            defer { Task { await sandbox.shutdown() } }
            let sync = try await sandbox.run("syncTwitter.xml")
            #expect(sync.exitCode == 0, "\(sync)")
            let path = try Self.workflow("greet", Self.followersAndDM, in: folder)
            // The proof DM goes out from wfrun_demo, whose credentials are now refused.
            sandbox.emulator.revoke(account: "wfrun_demo")
            let proof = try await Self.run(sandbox, path, ["--proof"])
            #expect(proof.exitCode == 1, "\(proof)")
            #expect(sandbox.emulator.messages.isEmpty)

            let resumed = try await Self.run(sandbox, path)
            #expect(resumed.exitCode == 1, "\(resumed)")
            #expect(Self.text(resumed.standardError).contains(
                "publish 'send': run 2 began as a proof, and a proof never turns into the real wave: start afresh with --restart; nothing was sent"),
                "\(resumed)")
            #expect(sandbox.emulator.messages.isEmpty)
        }
    }
}
