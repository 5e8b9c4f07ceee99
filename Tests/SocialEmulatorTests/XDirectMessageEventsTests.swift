import Foundation
import SocialEmulator
import Testing

/// The DM event lookups a client reconciles against: v1.1 `direct_messages/events/list` (the
/// account's events, sent and received) and v2 `dm_conversations/with/:id/dm_events` (one
/// conversation), newest first, paged, the last 30 days only, under X's limits.
struct XDirectMessageEventsTests {
    static let demoID = "1720000000000000001"
    static let proofsID = "1720000000000000003"
    static let personA = "120000000"  // index 0, follows wfrun_demo
    static let personB = "120007919"  // index 1
    static let entities = #"{"hashtags":[],"symbols":[],"user_mentions":[],"urls":[]}"#

    static func v1Event(_ position: Int, text: String, recipient: String, sender: String = demoID, second: Int) -> String {
        #"{"type":"message_create","id":"\#(1_860_000_000_000_000_000 + position)","created_timestamp":"\#(1_795_500_000 + second)000","message_create":{"target":{"recipient_id":"\#(recipient)"},"sender_id":"\#(sender)","message_data":{"text":"\#(text)","entities":\#(entities)}}}"#
    }

    /// Five messages, one second apart from the clock's start: demo → A, A, B, proofs; news → proofs.
    static func sendFive(_ client: EmulatorClient, clock: TestClock) async throws {
        let proofs = client.emulator.dataset.xAccounts[2]
        #expect(try await client.x("POST", "/2/dm_conversations/with/\(personA)/messages", json: #"{"text":"one"}"#).status == 201)
        clock.advance(by: 1)
        let v1 = #"{"event":{"type":"message_create","message_create":{"target":{"recipient_id":"\#(personA)"},"message_data":{"text":"two"}}}}"#
        #expect(try await client.x("POST", "/1.1/direct_messages/events/new.json", json: v1).status == 200)
        clock.advance(by: 1)
        #expect(try await client.x("POST", "/2/dm_conversations/with/\(personB)/messages", json: #"{"text":"three"}"#).status == 201)
        clock.advance(by: 1)
        #expect(try await client.x("POST", "/2/dm_conversations/with/\(proofs.id)/messages", json: #"{"text":"proof"}"#).status == 201)
        #expect(try await client.x("POST", "/2/dm_conversations/with/\(proofs.id)/messages", as: client.news, json: #"{"text":"news"}"#).status == 201)
    }

    @Test func v1ListsTheAccountsEventsNewestFirstByCursor() async throws {
        let clock = TestClock()
        try await EmulatorClient.with(clock: clock) { client in
            try await Self.sendFive(client, clock: clock)
            let first = try await client.x("/1.1/direct_messages/events/list.json?count=2")
            #expect(first.status == 200)
            let cursor = try #require(first.object?["next_cursor"] as? String)
            #expect(first.body == #"{"events":[\#(Self.v1Event(3, text: "proof", recipient: Self.proofsID, second: 3)),\#(Self.v1Event(2, text: "three", recipient: Self.personB, second: 2))],"next_cursor":"\#(cursor)"}"#)
            let second = try await client.x("/1.1/direct_messages/events/list.json?count=2&cursor=\(cursor)")
            #expect(second.body == #"{"events":[\#(Self.v1Event(1, text: "two", recipient: Self.personA, second: 1)),\#(Self.v1Event(0, text: "one", recipient: Self.personA, second: 0))]}"#)
            // 20 by default: everything at once, no cursor.
            let all = try #require(try await client.x("/1.1/direct_messages/events/list.json").object)
            #expect((all["events"] as? [[String: Any]])?.map { $0["id"] as? String } == (0...3).reversed().map { "\(1_860_000_000_000_000_000 + $0)" })
            #expect(all["next_cursor"] == nil)
            // The recipient account sees what it received, from both senders.
            let proofs = client.emulator.dataset.xAccounts[2]
            let received = try await client.x("/1.1/direct_messages/events/list.json", as: proofs)
            #expect(received.body == #"{"events":[\#(Self.v1Event(4, text: "news", recipient: Self.proofsID, sender: "1720000000000000002", second: 3)),\#(Self.v1Event(3, text: "proof", recipient: Self.proofsID, second: 3))]}"#)

            let invalid = try await client.x("/1.1/direct_messages/events/list.json?cursor=nonsense")
            #expect(invalid.status == 400)
            #expect(invalid.body == #"{"errors":[{"code":44,"message":"cursor parameter is invalid"}]}"#)
        }
    }

    @Test func v2ListsOneConversationNewestFirstByToken() async throws {
        let clock = TestClock()
        try await EmulatorClient.with(clock: clock) { client in
            try await Self.sendFive(client, clock: clock)
            let base = "/2/dm_conversations/with/\(Self.personA)/dm_events?dm_event.fields=id,text,created_at,sender_id,dm_conversation_id"
            let first = try await client.x(base + "&max_results=1")
            #expect(first.status == 200)
            let token = try #require((first.object?["meta"] as? [String: Any])?["next_token"] as? String)
            #expect(first.body == #"{"data":[{"id":"1860000000000000001","event_type":"MessageCreate","text":"two","sender_id":"1720000000000000001","dm_conversation_id":"120000000-1720000000000000001","created_at":"2026-11-24T06:00:01.000Z"}],"meta":{"result_count":1,"next_token":"\#(token)"}}"#)
            let second = try await client.x(base + "&max_results=1&pagination_token=\(token)")
            #expect(second.body == #"{"data":[{"id":"1860000000000000000","event_type":"MessageCreate","text":"one","sender_id":"1720000000000000001","dm_conversation_id":"120000000-1720000000000000001","created_at":"2026-11-24T06:00:00.000Z"}],"meta":{"result_count":1}}"#)
            // Default fields: id, event_type, text.
            let plain = try await client.x("/2/dm_conversations/with/\(Self.personB)/dm_events")
            #expect(plain.body == #"{"data":[{"id":"1860000000000000002","event_type":"MessageCreate","text":"three"}],"meta":{"result_count":1}}"#)
            // A conversation without messages.
            let none = try await client.x("/2/dm_conversations/with/120015838/dm_events")
            #expect(none.body == #"{"meta":{"result_count":0}}"#)

            #expect(try await client.x(base + "&max_results=101").status == 400)
            #expect(try await client.x(base + "&max_results=0").status == 400)
            #expect(try await client.x(base + "&pagination_token=zzz").status == 400)
            #expect(try await client.x("/2/dm_conversations/with/\(Self.personA)/dm_events?dm_event.fields=txt").status == 400)
            #expect(try await client.x("/2/dm_conversations/with/abc/dm_events").status == 400)
        }
    }

    @Test func eventsOlderThan30DaysAreGone() async throws {
        let clock = TestClock()
        try await EmulatorClient.with(clock: clock) { client in
            try await Self.sendFive(client, clock: clock)
            // Now the messages of the third second are exactly 30 days old: still listed.
            clock.advance(by: 30 * 86_400)
            let v1 = try #require(try await client.x("/1.1/direct_messages/events/list.json").object?["events"] as? [[String: Any]])
            #expect(v1.map { $0["id"] as? String } == ["1860000000000000003"])
            clock.advance(by: 1)
            #expect(try await client.x("/1.1/direct_messages/events/list.json").body == #"{"events":[]}"#)
            #expect(try await client.x("/2/dm_conversations/with/\(Self.personA)/dm_events").body == #"{"meta":{"result_count":0}}"#)
            // What the emulator recorded stays for the tests.
            #expect(client.emulator.messages.count == 5)
        }
    }

    @Test func lookupsAreLimitedAsXDocumentsThemWhenLimitsAreEnforced() async throws {
        var configuration = EmulatorConfiguration()
        configuration.rateLimit = RateLimit(requests: 1_000, window: 60)
        try await EmulatorClient.with(configuration, clock: TestClock()) { client in
            for remaining in (0..<15).reversed() {
                let response = try await client.x("/1.1/direct_messages/events/list.json")
                #expect(response.status == 200)
                #expect(response.header("x-rate-limit-limit") == "15")
                #expect(response.header("x-rate-limit-remaining") == String(remaining))
                #expect(response.header("x-rate-limit-reset") == "1795500900")
            }
            let refused = try await client.x("/1.1/direct_messages/events/list.json")
            #expect(refused.status == 429)
            #expect(refused.body == #"{"errors":[{"code":88,"message":"Rate limit exceeded"}]}"#)
            let v2 = try await client.x("/2/dm_conversations/with/\(Self.personA)/dm_events")
            #expect(v2.header("x-rate-limit-limit") == "300")
            #expect(v2.header("x-rate-limit-remaining") == "299")
            #expect(try await client.x("/2/users/me").header("x-rate-limit-limit") == "1000")
        }
        // Not enforced: the generous announced limit, as for every endpoint.
        try await EmulatorClient.with { client async throws in
            for _ in 0..<20 { #expect(try await client.x("/1.1/direct_messages/events/list.json").status == 200) }
        }
    }
}
