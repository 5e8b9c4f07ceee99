import Foundation
import SocialAuth
import SocialEmulator
import Testing
import WorkflowEngine
import WorkflowModel

@testable import SocialConnectors

/// The X connector against the emulator, over loopback HTTP: every follower exactly once with
/// every field, both API versions, and resuming at the next page.
@Suite struct XEmulatorTests {
    static let start = Date(timeIntervalSince1970: 1_795_500_000)

    /// A running emulator, its clock, and services for its sandbox accounts.
    struct Sandbox {
        let emulator: SocialEmulator
        let clock: ManualClock

        var demo: EmulatedXAccount { emulator.dataset.xAccounts[0] }
        var news: EmulatedXAccount { emulator.dataset.xAccounts[1] }

        func service(_ account: EmulatedXAccount, version: XAPIVersion, name: String? = nil) -> Service {
            Fixtures.xService(
                name ?? account.screenName, baseURL: emulator.xBaseURL, version: version, credentials: account.credentials,
                folder: account.visitorFolder, sync: account.syncSubscriptions)
        }

        func connector(_ services: [Service], limits: APILimits = APILimits()) -> XConnector {
            XConnector(services: ServiceDirectory(services: services), transport: Fixtures.transport, limits: limits, jitter: SeededJitter(seed: 1))
        }

        func request(
            _ resource: String = "followers", parameters: [String: String] = [:], services: String? = nil, after: Checkpoint? = nil
        ) -> FetchRequest {
            FetchRequest(
                source: "fetchFollowers", resource: resource, parameters: parameters, services: services, workflowDirectory: "",
                batchSize: 1_000, resumeAfter: after, clock: clock)
        }
    }

    static func withSandbox<T>(
        followers: Int = 450, rateLimit: RateLimit? = nil, faults: FaultPlan = .none, _ body: (Sandbox) async throws -> T
    ) async throws -> T {
        let clock = ManualClock(start: start)
        let emulator = try await SocialEmulator.start(
            EmulatorConfiguration(seed: 3, followers: followers, rateLimit: rateLimit, faults: faults, now: { clock.now() }))
        do {
            let result = try await body(Sandbox(emulator: emulator, clock: clock))
            try await emulator.shutdown()
            return result
        } catch {
            try? await emulator.shutdown()
            throw error
        }
    }

    /// Every batch of a source.
    static func drain(_ source: any BatchSource, limit: Int = .max) async throws -> [RecordBatch] {
        var batches: [RecordBatch] = []
        while batches.count < limit, let batch = try await source.next() { batches.append(batch) }
        return batches
    }

    /// The record the connector must make of an emulated follower, built independently of it.
    static func expected(_ user: EmulatedUser, service: String, folder: String?) -> Record {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return [
            "id": .string(user.id),
            "username": .string(user.username),
            "name": .string(user.name),
            "verified": .bool(user.verified),
            "description": user.description.isEmpty ? .null : .string(user.description),
            "location": user.location.flatMap { $0.isEmpty ? nil : ExpressionValue.string($0) } ?? .null,
            "created_at": .string(formatter.string(from: user.createdAt)),
            "public_metrics": .object([
                "followers_count": .int(Int64(user.followersCount)),
                "following_count": .int(Int64(user.followingCount)),
                "tweet_count": .int(Int64(user.tweetCount)),
            ]),
            "service": .string(service),
            "service_folder": folder.map(ExpressionValue.string) ?? .null,
        ]
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func followersAreEveryEmulatedFollowerWithEveryField(version: XAPIVersion) async throws {
        try await Self.withSandbox { sandbox in
            let connector = sandbox.connector([sandbox.service(sandbox.demo, version: version)])
            let batches = try await Self.drain(try await connector.open(sandbox.request(parameters: ["pageSize": "200"])))
            let expected = sandbox.emulator.dataset.followers(of: sandbox.demo).map {
                Self.expected($0, service: "wfrun_demo", folder: sandbox.demo.visitorFolder)
            }
            let records = batches.flatMap(\.records)
            #expect(records.count == 450)
            #expect(records == Array(expected))
            #expect(batches.map(\.records.count) == [200, 200, 50])
            #expect(batches.map { $0.checkpoint?.sequence } == [1, 2, 3])
            #expect(batches.last?.checkpoint?.cursor == "x1:wfrun_demo:done")
            #expect(batches.allSatisfy { $0.checkpoint?.source == "fetchFollowers" })
            #expect(sandbox.clock.sleeps.isEmpty)
        }
    }

    @Test func bothVersionsGiveTheSameRecords() async throws {
        try await Self.withSandbox(followers: 120) { sandbox in
            var results: [[Record]] = []
            for version in [XAPIVersion.v1_1, .v2] {
                let connector = sandbox.connector([sandbox.service(sandbox.demo, version: version)])
                results.append(try await Self.drain(try await connector.open(sandbox.request())).flatMap(\.records))
            }
            #expect(results[0].count == 120)
            #expect(results[0] == results[1])
        }
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func aResumedFetchReadsOnlyTheRemainingPages(version: XAPIVersion) async throws {
        try await Self.withSandbox { sandbox in
            let connector = sandbox.connector([sandbox.service(sandbox.demo, version: version)])
            let parameters = ["pageSize": "200"]
            let first = try await Self.drain(try await connector.open(sandbox.request(parameters: parameters)), limit: 1)
            let checkpoint = try #require(first.last?.checkpoint)
            let before = sandbox.emulator.requestCount
            let rest = try await Self.drain(try await connector.open(sandbox.request(parameters: parameters, after: checkpoint)))
            // One call for the account id, then the two remaining pages.
            #expect(sandbox.emulator.requestCount - before == 3)
            #expect(rest.map { $0.checkpoint?.sequence } == [2, 3])
            let all = sandbox.emulator.dataset.followers(of: sandbox.demo).map(\.id)
            #expect((first + rest).flatMap(\.records).map { $0["id"] } == all.map { ExpressionValue.string($0) })
        }
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func injectedFaultsAreRetriedAndEveryFollowerArrivesOnce(version: XAPIVersion) async throws {
        try await Self.withSandbox(followers: 1_000, faults: try FaultPlan.parse("503:25%,badjson:15%,reset:10%")) { sandbox in
            let connector = sandbox.connector([sandbox.service(sandbox.demo, version: version)], limits: APILimits(maxAttempts: 12))
            let batches = try await Self.drain(try await connector.open(sandbox.request(parameters: ["pageSize": "50"])))
            let ids = batches.flatMap(\.records).map { $0["id"] }
            #expect(ids == sandbox.emulator.dataset.followers(of: sandbox.demo).map { .string($0.id) })
            #expect(!sandbox.clock.sleeps.isEmpty, "faults were injected and retried after a backoff")
            #expect(sandbox.clock.sleeps.allSatisfy { $0 < 60 })
        }
    }

    @Test func theEmulatorsRateLimitIsWaitedOutOnTheRunClock() async throws {
        try await Self.withSandbox(followers: 500, rateLimit: try RateLimit.parse("2/60s")) { sandbox in
            let connector = sandbox.connector([sandbox.service(sandbox.demo, version: .v2)])
            let batches = try await Self.drain(try await connector.open(sandbox.request(parameters: ["pageSize": "100"])))
            #expect(batches.flatMap(\.records).count == 500)
            // Five pages at two per minute: the client waits for the window twice, before it is refused.
            #expect(sandbox.clock.sleeps.count == 2)
            #expect(sandbox.clock.sleeps.allSatisfy { $0 > 0 && $0 <= 60 })
        }
    }

    @Test func aRateLimitLongerThanMaxWaitPausesTheRunAndTheRunResumes() async throws {
        try await Self.withSandbox(followers: 500, rateLimit: try RateLimit.parse("2/15m")) { sandbox in
            let service = sandbox.service(sandbox.demo, version: .v2)
            let connector = sandbox.connector([service], limits: APILimits(maxWait: 60))
            let source = try await connector.open(sandbox.request(parameters: ["pageSize": "100"]))
            var batches: [RecordBatch] = []
            do {
                while let batch = try await source.next() { batches.append(batch) }
                Issue.record("expected a RunPause")
            } catch let pause as RunPause {
                #expect(pause.reason.hasPrefix("X rate limit for followers of service 'wfrun_demo' resets at "))
                #expect(pause.resumeAt != nil)
            }
            // The account call and one page fit in the first window (limits are per endpoint).
            #expect(batches.count == 2)
            sandbox.clock.advance(by: 15 * 60)
            let resumed = sandbox.connector([service])
            let rest = try await Self.drain(try await resumed.open(sandbox.request(parameters: ["pageSize": "100"], after: batches.last?.checkpoint)))
            #expect((batches + rest).flatMap(\.records).map { $0["id"] } == sandbox.emulator.dataset.followers(of: sandbox.demo).map { .string($0.id) })
        }
    }

    @Test func servicesAreReadInOrderAndAResumeSkipsThoseDone() async throws {
        try await Self.withSandbox(followers: 300) { sandbox in
            let services = [sandbox.service(sandbox.demo, version: .v2), sandbox.service(sandbox.news, version: .v1_1)]
            let connector = sandbox.connector(services)
            let batches = try await Self.drain(try await connector.open(sandbox.request(parameters: ["pageSize": "200"], services: "synchronized")))
            #expect(batches.map(\.records.count) == [200, 100, 200, 100])
            #expect(batches.map { $0.records.first?["service"] } == [.string("wfrun_demo"), .string("wfrun_demo"), .string("wfrun_news"), .string("wfrun_news")])
            #expect(batches[2].records.first?["service_folder"] == .string(sandbox.news.visitorFolder))
            // Resuming after the first service's last page starts with the second service.
            let rest = try await Self.drain(try await connector.open(sandbox.request(parameters: ["pageSize": "200"], after: batches[1].checkpoint)))
            #expect(rest.map(\.records) == Array(batches[2...]).map(\.records))
        }
    }

    @Test func aCheckpointOfAServiceNoLongerSelectedIsRefused() async throws {
        try await Self.withSandbox(followers: 10) { sandbox in
            let connector = sandbox.connector([sandbox.service(sandbox.demo, version: .v2)])
            let checkpoint = Checkpoint(source: "fetchFollowers", sequence: 4, cursor: "x1:gone:page:abc")
            let message = await Fixtures.message { _ = try await connector.open(sandbox.request(after: checkpoint)) }
            #expect(message == "fetch 'fetchFollowers' stopped while reading service 'gone', which its services selection no longer includes (wfrun_demo); restore the selection or start the workflow afresh")
        }
    }

    @Test func aRevokedTokenFailsWithWhatToDo() async throws {
        try await Self.withSandbox(followers: 10) { sandbox in
            sandbox.emulator.revoke(account: sandbox.demo.screenName)
            let connector = sandbox.connector([sandbox.service(sandbox.demo, version: .v1_1)])
            let source = try await connector.open(sandbox.request())
            let message = await Fixtures.message { _ = try await source.next() }
            #expect(message == "X rejected the access token of service 'wfrun_demo' (code 89: invalid or expired token): the token is invalid or was revoked; regenerate the access token and secret in the X developer portal and update the service's secrets")
        }
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func theAccountIsOneRecordPerService(version: XAPIVersion) async throws {
        try await Self.withSandbox(followers: 10) { sandbox in
            let connector = sandbox.connector([sandbox.service(sandbox.demo, version: version), sandbox.service(sandbox.news, version: version)])
            let batches = try await Self.drain(try await connector.open(sandbox.request("account")))
            #expect(batches.map(\.records.count) == [1, 1])
            #expect(batches.map { $0.records[0]["username"] } == [.string("wfrun_demo"), .string("wfrun_news")])
            #expect(batches.map { $0.records[0]["id"] } == [.string(sandbox.demo.id), .string(sandbox.news.id)])
        }
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func postsStopAtTheSinceDay(version: XAPIVersion) async throws {
        try await Self.withSandbox(followers: 10) { sandbox in
            let connector = sandbox.connector([sandbox.service(sandbox.demo, version: version)])
            let since = "2026-11-01"
            let batches = try await Self.drain(try await connector.open(sandbox.request("posts", parameters: ["since": since, "pageSize": "5"])))
            let sinceDate = Date(timeIntervalSince1970: Double(try #require(XTime.timestamp(iso: since)?.seconds)))
            let expected = sandbox.emulator.dataset.posts(of: sandbox.demo).filter { $0.createdAt >= sinceDate }
            let records = batches.flatMap(\.records)
            #expect(!expected.isEmpty)
            #expect(records.map { $0["id"] } == expected.map { .string($0.id) })
            #expect(records.map { $0["text"] } == expected.map { .string($0.text) })
            for (record, post) in zip(records, expected) {
                guard case .object(let metrics) = record["public_metrics"] else {
                    Issue.record("no public_metrics")
                    continue
                }
                #expect(metrics["retweet_count"] == .int(Int64(post.retweetCount)))
                #expect(metrics["like_count"] == .int(Int64(post.likeCount)))
                if version == .v1_1 {
                    #expect(metrics["reply_count"] == nil)
                    #expect(record["non_public_metrics"] == nil)
                } else {
                    #expect(metrics["reply_count"] == .int(Int64(post.replyCount)))
                    if case .object(let private_)? = record["non_public_metrics"] {
                        #expect(private_["url_link_clicks"] == .int(Int64(post.urlLinkClicks)))
                    }
                }
            }
        }
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func publishingPostsAndDirectMessages(version: XAPIVersion) async throws {
        try await Self.withSandbox(followers: 10) { sandbox in
            let connector = sandbox.connector([sandbox.service(sandbox.demo, version: version)])
            let id = try await connector.post(text: "Hello + welcome, ünïcode!", service: "wfrun_demo", clock: sandbox.clock)
            let published = sandbox.emulator.publishedPosts(of: sandbox.demo)
            #expect(published.map(\.id) == [id])
            #expect(published.first?.text == "Hello + welcome, ünïcode!")
            let follower = try #require(sandbox.emulator.dataset.followers(of: sandbox.demo).first)
            let event = try await connector.sendDirectMessage(text: "Thanks for following", recipientID: follower.id, service: "wfrun_demo", clock: sandbox.clock)
            #expect(sandbox.emulator.sentMessages.map(\.id) == [event])
            #expect(sandbox.emulator.sentMessages.first?.recipientID == follower.id)
        }
    }

    @Test func checkReportsTheAccountAndWhetherTheNameMatches() async throws {
        try await Self.withSandbox(followers: 10) { sandbox in
            let good = sandbox.service(sandbox.demo, version: .v2, name: "WFRUN_demo")
            let misnamed = sandbox.service(sandbox.demo, version: .v1_1, name: "acme")
            let connector = sandbox.connector([good, misnamed])
            let first = await connector.check(good, clock: sandbox.clock)
            #expect(first == ServiceCheck(service: "WFRUN_demo", type: .twitter, reachable: true, credentialsValid: true, account: "wfrun_demo", nameMatches: true))
            let second = await connector.check(misnamed, clock: sandbox.clock)
            #expect(second.account == "wfrun_demo")
            #expect(second.nameMatches == false)
            #expect(second.problem == "the service is named 'acme' but its credentials are those of @wfrun_demo; X services must be named after their account: rename it to wfrun_demo or use that account's credentials")
            sandbox.emulator.revoke(account: "wfrun_demo")
            let revoked = await connector.check(good, clock: sandbox.clock)
            #expect(revoked.reachable)
            #expect(revoked.credentialsValid == false)
        }
    }
}
