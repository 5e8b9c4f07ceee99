import Foundation
import Testing
import WorkflowEngine

@testable import SocialConnectors

/// Reading back what an X account sent, from a scripted server speaking X's published shapes:
/// the exact requests, the matching (escaped text, `t.co` links, a link after the text, sender
/// and recipient), where a listing stops and whether it says it is complete.
@Suite struct XPublisherLookupTests {
    /// 2026-01-01T00:00:00Z.
    static let since = Fixtures.start

    static func publisher(_ server: ScriptedServer, version: XAPIVersion) async throws -> any Publisher {
        try await XPublisherSendTests.publisher(server, version: version, clock: ManualClock(start: Fixtures.start.addingTimeInterval(3_600)))
    }

    static let v1Me = #"{"id":42,"id_str":"42","screen_name":"acme","protected":true}"#
    static let v2Me = #"{"data":{"id":"42","name":"ACME","username":"acme","protected":false}}"#

    @Test func v1AccountSaysWhetherItIsProtected() async throws {
        try await ScriptedServer.with([.json(200, Self.v1Me)]) { server in
            let account = try await Self.publisher(server, version: .v1_1).account()
            #expect(account == PublishAccount(id: "42", name: "acme", isProtected: true))
            #expect(server.received.map { "\($0.method) \($0.path)?\($0.query)" } == ["GET /1.1/account/verify_credentials.json?skip_status=true"])
        }
    }

    @Test func v1PostsAreMatchedUnescapedWithTheirLinksRestoredDownToSince() async throws {
        let timeline = """
            [{"id":1860000000000000003,"id_str":"1860000000000000003","created_at":"Thu Jan 01 00:10:00 +0000 2026",
              "text":"Spring sale &amp; more https://t.co/abc","entities":{"urls":[{"url":"https://t.co/abc","expanded_url":"https://example.com/spring"}]}},
             {"id":1860000000000000002,"id_str":"1860000000000000002","created_at":"Thu Jan 01 00:05:00 +0000 2026","full_text":"Hello"},
             {"id":1860000000000000001,"id_str":"1860000000000000001","created_at":"Wed Dec 31 22:00:00 +0000 2025","text":"Never sent"}]
            """
        try await ScriptedServer.with([.json(200, Self.v1Me), .json(200, timeline)]) { server in
            let lookup = try await Self.publisher(server, version: .v1_1).findPosts(texts: ["Spring sale & more", "Hello", "Never sent"], since: Self.since)
            #expect(lookup == SentLookup(found: ["Spring sale & more": "1860000000000000003", "Hello": "1860000000000000002"], complete: true))
            #expect(server.received.map { "\($0.path)?\($0.query)" } == [
                "/1.1/account/verify_credentials.json?skip_status=true",
                "/1.1/statuses/user_timeline.json?user_id=42&count=200&trim_user=true&tweet_mode=extended",
            ])
        }
    }

    @Test func v1PostsPageByMaxIdUntilTheTimelineEnds() async throws {
        let first = #"[{"id_str":"1860000000000000009","created_at":"Thu Jan 01 00:10:00 +0000 2026","text":"Other"}]"#
        try await ScriptedServer.with([.json(200, Self.v1Me), .json(200, first), .json(200, "[]")]) { server in
            let lookup = try await Self.publisher(server, version: .v1_1).findPosts(texts: ["Hello"], since: Self.since)
            #expect(lookup == SentLookup(found: [:], complete: true))
            #expect(server.received.dropFirst().map(\.query) == [
                "user_id=42&count=200&trim_user=true&tweet_mode=extended", "user_id=42&count=200&trim_user=true&tweet_mode=extended&max_id=1860000000000000008",
            ])
        }
    }

    @Test func v2PostsFollowTheNextTokenAndStopWhenAllAreFound() async throws {
        let first = #"{"data":[{"id":"19","text":"Other","created_at":"2026-01-01T00:20:00.000Z"}],"meta":{"result_count":1,"next_token":"t2"}}"#
        let second = #"{"data":[{"id":"18","text":"Hello https://t.co/x","created_at":"2026-01-01T00:10:00.000Z","entities":{"urls":[{"start":6,"end":19,"url":"https://t.co/x","expanded_url":"https://example.com/"}]}}],"meta":{"result_count":1,"next_token":"t3"}}"#
        try await ScriptedServer.with([.json(200, Self.v2Me), .json(200, first), .json(200, second)]) { server in
            let lookup = try await Self.publisher(server, version: .v2).findPosts(texts: ["Hello https://example.com/"], since: Self.since)
            #expect(lookup == SentLookup(found: ["Hello https://example.com/": "18"], complete: true))
            #expect(server.received.map { "\($0.path)?\($0.query)" } == [
                "/2/users/me?user.fields=protected",
                "/2/users/42/tweets?max_results=100&tweet.fields=created_at%2Centities",
                "/2/users/42/tweets?max_results=100&tweet.fields=created_at%2Centities&pagination_token=t2",
            ])
        }
    }

    @Test func aListingCutByThePageBoundIsNotComplete() async throws {
        let page = #"{"data":[{"id":"19","text":"Other","created_at":"2026-01-01T00:20:00.000Z"}],"meta":{"result_count":1,"next_token":"more"}}"#
        let steps = [ScriptedServer.Step.json(200, Self.v2Me)] + Array(repeating: .json(200, page), count: XPublisher.postPageBound)
        try await ScriptedServer.with(steps) { server in
            let lookup = try await Self.publisher(server, version: .v2).findPosts(texts: ["Hello"], since: Self.since)
            #expect(lookup == SentLookup(found: [:], complete: false))
            #expect(server.received.count == 1 + 32)
        }
    }

    @Test func v1MessagesMatchSenderRecipientAndTextAndStopAtAnOlderEvent() async throws {
        func event(_ id: String, at seconds: Int, from sender: String, to recipient: String, _ text: String) -> String {
            let millis = (Int(Fixtures.start.timeIntervalSince1970) + seconds) * 1_000
            return #"{"type":"message_create","id":"\#(id)","created_timestamp":"\#(millis)","message_create":{"target":{"recipient_id":"\#(recipient)"},"sender_id":"\#(sender)","message_data":{"text":"\#(text)","entities":{"hashtags":[],"symbols":[],"user_mentions":[],"urls":[]}}}}"#
        }
        let first = #"{"events":[\#(event("5", at: 50, from: "111", to: "42", "Hi Ann")),\#(event("4", at: 40, from: "42", to: "111", "Hi Ann")),\#(event("3", at: 30, from: "42", to: "222", "Hi Bobby"))],"next_cursor":"c2"}"#
        let second = #"{"events":[\#(event("2", at: -7_200, from: "42", to: "333", "Hi Cy"))],"next_cursor":"c3"}"#
        try await ScriptedServer.with([.json(200, Self.v1Me), .json(200, first), .json(200, second)]) { server in
            let lookup = try await Self.publisher(server, version: .v1_1).findDirectMessages(["111": "Hi Ann", "222": "Hi Bob", "333": "Hi Cy"], since: Self.since)
            #expect(lookup == SentLookup(found: ["111": "4"], complete: true))
            #expect(server.received.dropFirst().map { "\($0.path)?\($0.query)" } == [
                "/1.1/direct_messages/events/list.json?count=50", "/1.1/direct_messages/events/list.json?count=50&cursor=c2",
            ])
        }
    }

    @Test func v2MessagesAreLookedUpInEachConversation() async throws {
        let ann = #"{"data":[{"id":"9","event_type":"MessageCreate","text":"Hi Ann","sender_id":"111","created_at":"2026-01-01T00:03:00.000Z"},{"id":"8","event_type":"MessageCreate","text":"Hi Ann","sender_id":"42","created_at":"2026-01-01T00:02:00.000Z"}],"meta":{"result_count":2}}"#
        let bob = #"{"meta":{"result_count":0}}"#
        try await ScriptedServer.with([.json(200, Self.v2Me), .json(200, ann), .json(200, bob)]) { server in
            let lookup = try await Self.publisher(server, version: .v2).findDirectMessages(["222": "Hi Bob", "111": "Hi Ann"], since: Self.since)
            #expect(lookup == SentLookup(found: ["111": "8"], complete: true))
            #expect(server.received.dropFirst().map { "\($0.path)?\($0.query)" } == [
                "/2/dm_conversations/with/111/dm_events?dm_event.fields=id%2Ctext%2Ccreated_at%2Csender_id&max_results=100",
                "/2/dm_conversations/with/222/dm_events?dm_event.fields=id%2Ctext%2Ccreated_at%2Csender_id&max_results=100",
            ])
        }
    }

    @Test func nothingWantedAsksNothing() async throws {
        try await ScriptedServer.with([]) { server in
            let publisher = try await Self.publisher(server, version: .v2)
            #expect(try await publisher.findPosts(texts: [], since: Self.since) == SentLookup(found: [:], complete: true))
            #expect(try await publisher.findDirectMessages([:], since: Self.since) == SentLookup(found: [:], complete: true))
            #expect(server.received.isEmpty)
        }
    }
}
