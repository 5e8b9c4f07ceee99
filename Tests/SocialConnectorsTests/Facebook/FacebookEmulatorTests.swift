import Foundation
import SocialEmulator
import Testing
import WorkflowEngine
import WorkflowModel

@testable import SocialConnectors

/// The connector against the in-process emulator over loopback HTTP: every record is compared
/// with what the emulator's dataset says the API serves, on a ManualClock (no real waits).
@Suite struct FacebookEmulatorTests {
    /// An emulator with `pages` pages whose clock is the test's, and a connector over its pages.
    struct Sandbox {
        let emulator: SocialEmulator
        let clock: ManualClock
        let connector: FacebookConnector

        var pages: [EmulatedPage] { emulator.dataset.facebookPages }
        var dataset: EmulatorDataset { emulator.dataset }

        func open(
            _ resource: String, _ parameters: [String: String] = [:], services: String? = nil, resumeAfter: Checkpoint? = nil
        ) async throws -> any BatchSource {
            try await connector.open(
                FetchRequest(
                    source: resource, resource: resource, parameters: parameters, services: services, workflowDirectory: "",
                    batchSize: 100, resumeAfter: resumeAfter, clock: clock))
        }

        /// Every batch of a fetch, or the first `limit`.
        func batches(
            _ resource: String, _ parameters: [String: String] = [:], services: String? = nil, resumeAfter: Checkpoint? = nil, limit: Int = .max
        ) async throws -> [RecordBatch] {
            let source = try await open(resource, parameters, services: services, resumeAfter: resumeAfter)
            var batches: [RecordBatch] = []
            while batches.count < limit, let batch = try await source.next() { batches.append(batch) }
            return batches
        }
    }

    /// 2026-11-21T12:00:00Z, a day after the dataset's newest post.
    static let start = EmulatorDataset.epoch.addingTimeInterval(86_400)

    static func withSandbox(
        pages: Int = 1, rateLimit: RateLimit? = nil, faults: FaultPlan = .none, appSecret: Bool = true, requireProof: Bool = true,
        limits: APILimits = APILimits(backoffBase: 0.5, backoffCap: 4), _ body: (Sandbox) async throws -> Void
    ) async throws {
        let clock = ManualClock(start: start)
        let emulator = try await SocialEmulator.start(
            EmulatorConfiguration(
                seed: 11, followers: 0, pages: pages, rateLimit: rateLimit, faults: faults, requireAppSecretProof: requireProof,
                now: { clock.now() }))
        let services = emulator.dataset.facebookPages.map { page in
            var secrets = ["pageAccessToken": Secret(.value(page.accessToken))]
            if appSecret { secrets["appSecret"] = Secret(.value(page.appSecret)) }
            return Service(
                name: page.serviceName, type: .facebook, baseURL: emulator.facebookBaseURL, visitorFolder: page.visitorFolder,
                pageId: page.id, secrets: secrets)
        }
        let connector = FacebookConnector(
            services: ServiceDirectory(services: services), transport: Fixtures.transport, limits: limits,
            environment: [:], jitter: SeededJitter(seed: 3))
        do {
            try await body(Sandbox(emulator: emulator, clock: clock, connector: connector))
        } catch {
            try await emulator.shutdown()
            throw error
        }
        try await emulator.shutdown()
    }

    // MARK: - What the dataset says the API serves

    static func postRecord(_ post: EmulatedPagePost, page: EmulatedPage) -> Record {
        var record: Record = [
            "id": .string(post.id), "message": post.message.map(ExpressionValue.string) ?? .null,
            "created_time": .string(ISOTimestamp(post.createdTime).truncatedToSeconds.text), "permalink_url": .string(post.permalinkURL),
            "service": .string(page.serviceName), "page_id": .string(page.id),
            "reactions": .object(["summary": .object(["total_count": .int(Int64(post.reactionCount))])]),
            "comments": .object(["summary": .object(["total_count": .int(Int64(post.commentCount))])]),
        ]
        if let shares = post.shares { record["shares"] = .object(["count": .int(Int64(shares))]) }
        return record
    }

    /// The fans of a page's `count` most recent posts, in the order the connector meets them:
    /// per post its comments (oldest first), then its reactions; first interaction wins.
    static func expectedFans(of page: EmulatedPage, posts count: Int, dataset: EmulatorDataset) -> [Record] {
        var seen: Set<String> = []
        var records: [Record] = []
        func add(_ id: String, _ name: String, _ interaction: String, _ post: EmulatedPagePost) {
            guard id != page.id, seen.insert(id).inserted else { return }
            records.append(
                FacebookRecords.fan(
                    id: id, name: name, interaction: interaction, postID: post.id, service: page.serviceName,
                    visitorFolder: page.visitorFolder, pageID: page.id))
        }
        for post in dataset.posts(of: page).prefix(count) {
            for comment in dataset.comments(on: post) {
                if let person = comment.from { add(person.id, person.name, "comment", post) }
            }
            for reaction in dataset.reactions(on: post) { add(reaction.person.id, reaction.person.name, "reaction:\(reaction.type)", post) }
        }
        return records
    }

    // MARK: - Resources

    @Test func pageDetailsOfEveryPage() async throws {
        try await Self.withSandbox(pages: 2) { sandbox in
            let batches = try await sandbox.batches("page")
            #expect(batches.map(\.records) == sandbox.pages.map { page in
                [[
                    "id": .string(page.id), "name": .string(page.name), "category": .string(page.category), "link": .string(page.link),
                    "followers_count": .int(Int64(page.followersCount)), "fan_count": .int(Int64(page.fanCount)),
                    "service": .string(page.serviceName),
                ]]
            })
            #expect(batches.map(\.checkpoint) == [
                Checkpoint(source: "page", sequence: 1, cursor: "fb1,wfrunpage,done"), Checkpoint(source: "page", sequence: 2, cursor: "fb1,wfrunpage2,done"),
            ])
        }
    }

    @Test func everyPostAcrossPagesEvenPastEmptyPages() async throws {
        try await Self.withSandbox { sandbox in
            let page = sandbox.pages[0]
            let batches = try await sandbox.batches("posts", ["pageSize": "4"])
            #expect(batches.flatMap(\.records) == sandbox.dataset.posts(of: page).map { Self.postRecord($0, page: page) })
            #expect(batches.count >= 8, "30 posts, 4 per request")
            #expect(batches.dropLast().contains { $0.records.isEmpty }, "the emulator served an empty page with a next, which is not the end")
            #expect(batches.last?.checkpoint?.cursor == "fb1,wfrunpage,done")
            #expect(batches.dropLast().allSatisfy { $0.checkpoint?.cursor.hasPrefix("fb1,wfrunpage,after,") == true })
            #expect(batches.map { $0.checkpoint?.sequence } == (1...batches.count).map { Int64($0) })
        }
    }

    @Test func postsSinceADayStopAtOlderPosts() async throws {
        try await Self.withSandbox { sandbox in
            let page = sandbox.pages[0]
            let posts = sandbox.dataset.posts(of: page)
            let since = String(ISOTimestamp(posts[9].createdTime).truncatedToSeconds.text.prefix(10))
            let cutoff = try #require(ISOTimestamp(parsing: since, zoneless: .utc)?.date)
            let batches = try await sandbox.batches("posts", ["since": since, "pageSize": "5"])
            let expected = posts.filter { $0.createdTime >= cutoff }.map { Self.postRecord($0, page: page) }
            #expect(batches.flatMap(\.records) == expected)
            #expect(expected.count >= 10 && expected.count < 30)
            #expect(batches.count <= expected.count / 5 + 2, "no page is read past the first older post")
        }
    }

    @Test func fansAreTheDeduplicatedPeopleOfRecentPosts() async throws {
        try await Self.withSandbox { sandbox in
            let page = sandbox.pages[0]
            let batches = try await sandbox.batches("fans", ["posts": "4"])
            let expected = Self.expectedFans(of: page, posts: 4, dataset: sandbox.dataset)
            #expect(batches.flatMap(\.records) == expected)
            #expect(Set(expected.compactMap { $0["interaction"] }).count > 2, "comments and several reaction types")
            // One batch per API page: 4 posts, each with at least one comments and one reactions page.
            #expect(batches.count >= 8)
            #expect(batches.last?.checkpoint?.cursor == "fb1,wfrunpage,done")
        }
    }

    @Test func insightsOneRowPerMetricAndDay() async throws {
        try await Self.withSandbox { sandbox in
            let page = sandbox.pages[0]
            let metrics = ["page_follows", "page_post_engagements", "page_total_actions", "page_media_view"]
            let batches = try await sandbox.batches("insights", ["metrics": metrics.joined(separator: " ")])
            let expected: [Record] = metrics.flatMap { metric in
                sandbox.dataset.insights(of: page, metric: metric, now: sandbox.clock.now()).map { value in
                    [
                        "page_id": .string(page.id), "metric": .string(metric), "period": .string("day"),
                        "end_time": .string(ISOTimestamp(value.endTime).truncatedToSeconds.text), "value": .int(Int64(value.value)),
                        "service": .string(page.serviceName),
                    ]
                }
            }
            #expect(batches.map(\.records) == [expected])
            #expect(expected.count == 8)
        }
    }

    // MARK: - Errors

    @Test func anExpiredTokenSaysSoExactly() async throws {
        try await Self.withSandbox { sandbox in
            sandbox.emulator.expireToken(page: "wfrunpage")
            let error = await #expect(throws: ConnectorFailure.self) { _ = try await sandbox.batches("page") }
            #expect(error?.message == "the page access token of service 'wfrunpage' is no longer valid (code 190, subcode 463: the token expired): generate a new page access token")
            #expect(error?.code == 190 && error?.service == "wfrunpage")
        }
    }

    @Test func aRemovedMetricIsRefusedWithItsReplacement() async throws {
        try await Self.withSandbox { sandbox in
            let error = await #expect(throws: ConnectorFailure.self) {
                _ = try await sandbox.batches("insights", ["metrics": "page_fans page_follows"])
            }
            #expect(
                error?.message
                    == "Facebook refused the Insights metrics page_fans page_follows of service 'wfrunpage' (code 100: (#100) The value must be a valid insights metric): page_fans was removed (use page_follows); metrics Facebook serves: page_follows page_post_engagements page_total_actions page_media_view")
        }
    }

    @Test func aMissingAppSecretWhenTheAppRequiresAProof() async throws {
        try await Self.withSandbox(appSecret: false) { sandbox in
            let error = await #expect(throws: ConnectorFailure.self) { _ = try await sandbox.batches("page") }
            #expect(
                error?.message
                    == "the app of service 'wfrunpage' requires an appsecret_proof (code 100: API calls from the server require an appsecret_proof argument): declare the service's <appSecret>")
        }
        try await Self.withSandbox(appSecret: false, requireProof: false) { sandbox in
            let batches = try await sandbox.batches("page")
            #expect(batches.count == 1, "without an app secret, no proof is sent")
        }
    }

    @Test func theTokenNeverLeaksIntoCheckpointsOrMessages() async throws {
        try await Self.withSandbox { sandbox in
            let token = sandbox.pages[0].accessToken
            let batches = try await sandbox.batches("fans", ["posts": "2"])
            #expect(batches.allSatisfy { $0.checkpoint?.cursor.contains(token) == false })
            sandbox.emulator.expireToken(page: "wfrunpage")
            let error = await #expect(throws: ConnectorFailure.self) { _ = try await sandbox.batches("posts") }
            #expect(error.map { !"\($0)".contains(token) } == true)
        }
    }

    // MARK: - Resuming

    @Test func fansResumeAfterAnyBatch() async throws {
        try await Self.withSandbox(pages: 2) { sandbox in
            let all = try await sandbox.batches("fans", ["posts": "3"])
            let expected = sandbox.pages.flatMap { Self.expectedFans(of: $0, posts: 3, dataset: sandbox.dataset) }
            #expect(all.flatMap(\.records) == expected)
            for cut in [1, all.count / 3, all.count / 2 + 1, all.count - 1] {
                let head = Array(all.prefix(cut))
                let tail = try await sandbox.batches("fans", ["posts": "3"], resumeAfter: head.last?.checkpoint)
                #expect(tail.first?.checkpoint?.sequence == Int64(cut + 1), "sequence numbers continue")
                // The set of people already seen is not in the checkpoint: a resumed run may emit a
                // person again, but together the two runs emit exactly the expected people.
                let people = Set((head + tail).flatMap(\.records).compactMap { $0["id"] })
                #expect(people == Set(expected.compactMap { $0["id"] }), "cut after batch \(cut)")
                #expect(tail.last?.checkpoint?.cursor == "fb1,wfrunpage2,done")
            }
        }
    }

    @Test func aResumedFansFetchFindsItsPostAfterNewerPostsPushedItDown() async throws {
        try await Self.withSandbox { sandbox in
            let all = try await sandbox.batches("fans", ["posts": "3"])
            let cut = try #require(all.first { batch in
                guard let cursor = batch.checkpoint.flatMap({ FacebookCursor(encoded: $0.cursor) }),
                    case .fans(1, _, .comments, _?) = cursor.position
                else { return false }
                return true
            })
            guard case .fans(_, let postID, _, _)? = FacebookCursor(encoded: cut.checkpoint!.cursor)?.position else { return }
            _ = try await sandbox.connector.publish(message: "Newer", service: "wfrunpage", clock: sandbox.clock)
            let tail = try await sandbox.batches("fans", ["posts": "3"], resumeAfter: cut.checkpoint)
            let first = try #require(tail.first?.checkpoint.flatMap { FacebookCursor(encoded: $0.cursor) })
            guard case .fans(2, postID, _, _) = first.position else {
                Issue.record("the resumed fetch should go on with post \(postID), now the third most recent: \(first.position)")
                return
            }
            #expect(tail.flatMap(\.records).allSatisfy { $0["post_id"] == .string(postID) }, "the post pushed out of the 3 most recent is not read")
        }
    }

    @Test func postsResumeAtTheNextPageAndSkipFinishedServices() async throws {
        try await Self.withSandbox(pages: 2) { sandbox in
            let all = try await sandbox.batches("posts", ["pageSize": "10"])
            let firstDone = try #require(all.firstIndex { $0.checkpoint?.cursor == "fb1,wfrunpage,done" })
            for cut in [1, firstDone + 1, all.count - 1] {
                let tail = try await sandbox.batches("posts", ["pageSize": "10"], resumeAfter: all[cut - 1].checkpoint)
                #expect(tail.flatMap(\.records) == all.dropFirst(cut).flatMap(\.records), "cut after batch \(cut)")
                #expect(tail.map(\.checkpoint) == all.dropFirst(cut).map(\.checkpoint))
            }
            let nothing = try await sandbox.batches("posts", ["pageSize": "10"], resumeAfter: all.last?.checkpoint)
            #expect(nothing.isEmpty)
        }
    }

    // MARK: - Limits

    @Test func aPageRequestLimitIsWaitedOutOnTheRunsClock() async throws {
        try await Self.withSandbox(rateLimit: RateLimit(requests: 3, window: 60)) { sandbox in
            let page = sandbox.pages[0]
            let batches = try await sandbox.batches("posts", ["pageSize": "5"])
            #expect(batches.flatMap(\.records) == sandbox.dataset.posts(of: page).map { Self.postRecord($0, page: page) })
            #expect(sandbox.clock.sleeps.contains(60), "code 32: the first wait is a minute")
            #expect(sandbox.clock.sleeps.contains(10), "at 100 % usage the next request waits 10 s")
        }
    }

    @Test func aRequestLimitLongerThanTheRunMayWaitPausesIt() async throws {
        try await Self.withSandbox(rateLimit: RateLimit(requests: 1, window: 60), limits: APILimits(maxWait: 30)) { sandbox in
            let source = try await sandbox.open("posts", ["pageSize": "5"])
            let first = try await source.next()
            #expect(first?.records.count == 5)
            let pause = await #expect(throws: RunPause.self) { _ = try await source.next() }
            #expect(pause?.reason.hasPrefix("Facebook request limit") == true)
            #expect(pause?.reason.contains("of service 'wfrunpage'") == true)
        }
    }

    @Test func transientFaultsAreRetriedWithoutLosingARecord() async throws {
        try await Self.withSandbox(faults: FaultPlan(percentages: [.serviceUnavailable: 20, .badJSON: 10])) { sandbox in
            let page = sandbox.pages[0]
            let batches = try await sandbox.batches("posts", ["pageSize": "3"])
            #expect(batches.flatMap(\.records) == sandbox.dataset.posts(of: page).map { Self.postRecord($0, page: page) })
            #expect(sandbox.emulator.requestCount > batches.count, "some requests met a fault and were sent again")
        }
    }

    // MARK: - Check and publish

    @Test func checkNamesThePageOrTheProblem() async throws {
        try await Self.withSandbox { sandbox in
            let service = try #require(sandbox.connector.services["wfrunpage"])
            let healthy = await sandbox.connector.check(service, clock: sandbox.clock)
            #expect(
                healthy == ServiceCheck(service: "wfrunpage", type: .facebook, reachable: true, credentialsValid: true, account: sandbox.pages[0].name))
            var wrongPage = service
            wrongPage.pageId = "999"
            let wrong = await sandbox.connector.check(wrongPage, clock: sandbox.clock)
            #expect(wrong.reachable && wrong.credentialsValid == nil)
            sandbox.emulator.expireToken(page: "wfrunpage")
            let expired = await sandbox.connector.check(service, clock: sandbox.clock)
            #expect(
                expired == ServiceCheck(
                    service: "wfrunpage", type: .facebook, reachable: true, credentialsValid: false,
                    problem: "the page access token of service 'wfrunpage' is no longer valid (code 190, subcode 463: the token expired): generate a new page access token"))
        }
    }

    @Test func publishPostsOnThePage() async throws {
        try await Self.withSandbox { sandbox in
            let id = try await sandbox.connector.publish(message: "Hello from wfrun", link: "https://example.com/", service: "wfrunpage", clock: sandbox.clock)
            let published = sandbox.emulator.publishedPosts(of: sandbox.pages[0])
            #expect(published.map(\.id) == [id])
            #expect(published.first?.message == "Hello from wfrun")
            #expect(id.hasPrefix(sandbox.pages[0].id + "_"))
        }
    }
}
