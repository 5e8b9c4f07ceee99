import Foundation
import SocialEmulator
import Testing
import WorkflowEngine

@testable import SocialConnectors

/// The Facebook publisher against the emulator (page posts, the page's account, finding posts
/// again) and a scripted server (a duplicate, a send whose answer was lost).
@Suite struct FacebookPublisherTests {
    static func publisher(_ sandbox: FacebookEmulatorTests.Sandbox) async throws -> any Publisher {
        try await sandbox.connector.publisher(service: "wfrunpage", clock: sandbox.clock)
    }

    @Test func theAccountIsThePageAndNeverProtected() async throws {
        try await FacebookEmulatorTests.withSandbox { sandbox in
            let account = try await Self.publisher(sandbox).account()
            #expect(account == PublishAccount(id: sandbox.pages[0].id, name: sandbox.pages[0].name, isProtected: false))
        }
    }

    @Test func aPostIsPublishedOnThePageAndFoundAgain() async throws {
        try await FacebookEmulatorTests.withSandbox { sandbox in
            let publisher = try await Self.publisher(sandbox)
            let since = sandbox.clock.now()
            let first = try await publisher.post(text: "Hello from wfrun", link: "https://example.com/")
            sandbox.clock.advance(by: 60)
            let second = try await publisher.post(text: "Spring & summer", link: nil)
            let published = sandbox.emulator.publishedPosts(of: sandbox.pages[0])
            #expect(published.map(\.message) == ["Hello from wfrun", "Spring & summer"])
            #expect([first, second] == published.map { .sent(remoteID: $0.id) })
            try #require(published.count == 2)
            let lookup = try await publisher.findPosts(texts: ["Hello from wfrun", "Spring & summer", "Never sent"], since: since)
            #expect(lookup == SentLookup(found: ["Hello from wfrun": published[0].id, "Spring & summer": published[1].id], complete: true))
        }
    }

    @Test func aPostMeetingA500IsUnknownAfterOneRequest() async throws {
        try await FacebookEmulatorTests.withSandbox(faults: FaultPlan(percentages: [.serviceUnavailable: 100])) { sandbox in
            let outcome = try await Self.publisher(sandbox).post(text: "Hello", link: nil)
            guard case .unknown(let reason) = outcome else {
                Issue.record("expected .unknown, got \(outcome)")
                return
            }
            #expect(reason.hasPrefix("Facebook service 'wfrunpage': POST http://127.0.0.1:\(sandbox.emulator.port)/v24.0/\(sandbox.pages[0].id)/feed got no usable answer ("))
            #expect(!reason.contains(sandbox.pages[0].accessToken))
            #expect(sandbox.emulator.requestCount == 1)
            #expect(sandbox.emulator.publishedPosts(of: sandbox.pages[0]).isEmpty)
        }
    }

    @Test func directMessagesAreRefusedWithTheReason() async throws {
        try await FacebookEmulatorTests.withSandbox { sandbox in
            let publisher = try await Self.publisher(sandbox)
            let message = await Fixtures.message { _ = try await publisher.directMessage(text: "Hi", to: "1") }
            #expect(message == "Facebook service 'wfrunpage': a page cannot send direct messages through wfrun (the Messenger platform lets a page message only people who wrote to it first); publish a post instead")
            #expect(sandbox.emulator.requestCount == 0)
        }
    }

    /// The publisher of page 1001 (service `acmepage`) at a scripted server.
    static func scripted(_ server: ScriptedServer) async throws -> any Publisher {
        let service = Service(
            name: "acmepage", type: .facebook, baseURL: server.baseURL, pageId: "1001",
            secrets: ["pageAccessToken": Secret(.value("EAAB-SECRET-token"))])
        let connector = FacebookConnector(
            services: ServiceDirectory(services: [service]), transport: Fixtures.transport, limits: APILimits(), environment: [:],
            jitter: SeededJitter(seed: 3))
        return try await connector.publisher(service: "acmepage", clock: ManualClock(start: Fixtures.start))
    }

    @Test func postsAreReadPageByPageDownToSince() async throws {
        let first = #"{"data":[{"id":"1001_9","message":"Other","created_time":"2026-01-01T00:20:00+0000"},{"id":"1001_8","created_time":"2026-01-01T00:15:00+0000"}],"paging":{"cursors":{"after":"A2"},"next":"https://graph.facebook.com/v24.0/1001/posts?after=A2"}}"#
        let second = #"{"data":[{"id":"1001_7","message":"Fish & chips","created_time":"2026-01-01T00:10:00+0000"},{"id":"1001_6","message":"Hello","created_time":"2025-12-31T20:00:00+0000"}],"paging":{"cursors":{"after":"A3"},"next":"https://graph.facebook.com/v24.0/1001/posts?after=A3"}}"#
        try await ScriptedServer.with([.json(200, first), .json(200, second)]) { server in
            let lookup = try await Self.scripted(server).findPosts(texts: ["Fish & chips", "Hello"], since: Fixtures.start)
            #expect(lookup == SentLookup(found: ["Fish & chips": "1001_7"], complete: true))
            #expect(server.received.map { "\($0.path)?\($0.query)" } == [
                "/1001/posts?fields=id%2Cmessage%2Ccreated_time&limit=100&access_token=EAAB-SECRET-token",
                "/1001/posts?fields=id%2Cmessage%2Ccreated_time&limit=100&after=A2&access_token=EAAB-SECRET-token",
            ])
        }
    }

    @Test func aListingCutByThePageBoundIsNotComplete() async throws {
        let page = #"{"data":[{"id":"1001_9","message":"Other","created_time":"2026-01-01T00:20:00+0000"}],"paging":{"cursors":{"after":"A"},"next":"https://graph.facebook.com/v24.0/1001/posts?after=A"}}"#
        try await ScriptedServer.with(Array(repeating: .json(200, page), count: FacebookPublisher.postPageBound)) { server in
            let lookup = try await Self.scripted(server).findPosts(texts: ["Hello"], since: Fixtures.start)
            #expect(lookup == SentLookup(found: [:], complete: false))
            #expect(server.received.count == 10)
        }
    }

    @Test func aDuplicateStatusMessageIsDuplicate() async throws {
        let body = #"{"error":{"message":"(#506) Duplicate status message","type":"OAuthException","code":506,"fbtrace_id":"A1"}}"#
        try await ScriptedServer.with([.json(400, body)]) { server in
            let publisher = try await Self.scripted(server)
            #expect(try await publisher.post(text: "Hello", link: "https://example.com/") == .duplicate)
            let received = server.received
            #expect(received.map { "\($0.method) \($0.path)" } == ["POST /1001/feed"])
            #expect(received.first?.body == "message=Hello&link=https%3A%2F%2Fexample.com%2F")
        }
    }
}
