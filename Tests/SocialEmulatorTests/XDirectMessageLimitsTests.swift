import Foundation
import SocialEmulator
import Testing

/// Direct message limits per sending account: every window must have room; a refusal is a
/// 429 with the refusing window's headers; X's numbers by default when limits are enforced.
struct XDirectMessageLimitsTests {
    static let personA = "120000000"
    static let v2TooMany = #"{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}"#
    static let v1TooMany = #"{"errors":[{"code":88,"message":"Rate limit exceeded"}]}"#

    static func v1Body(_ recipient: String, _ text: String) -> String {
        #"{"event":{"type":"message_create","message_create":{"target":{"recipient_id":"\#(recipient)"},"message_data":{"text":"\#(text)"}}}}"#
    }

    @Test func twoPerMinuteAndThreePerHourAcrossBothVersions() async throws {
        let clock = TestClock()
        var configuration = EmulatorConfiguration()
        configuration.directMessageLimits = [RateLimit(requests: 2, window: 60), RateLimit(requests: 3, window: 3_600)]
        try await EmulatorClient.with(configuration, clock: clock) { client in
            let path = "/2/dm_conversations/with/\(Self.personA)/messages"
            let first = try await client.x("POST", path, json: #"{"text":"1"}"#)
            #expect(first.status == 201)
            #expect(first.header("x-rate-limit-limit") == "2")
            #expect(first.header("x-rate-limit-remaining") == "1")
            #expect(first.header("x-rate-limit-reset") == "1795500060")
            let second = try await client.x("POST", "/1.1/direct_messages/events/new.json", json: Self.v1Body(Self.personA, "2"))
            #expect(second.status == 200)
            #expect(second.header("x-rate-limit-remaining") == "0")
            let third = try await client.x("POST", path, json: #"{"text":"3"}"#)
            #expect(third.status == 429)
            #expect(third.body == Self.v2TooMany)
            #expect(third.header("x-rate-limit-limit") == "2")
            #expect(third.header("x-rate-limit-remaining") == "0")
            #expect(third.header("x-rate-limit-reset") == "1795500060")
            // Another account has its own windows.
            #expect(try await client.x("POST", "/2/dm_conversations/with/129898750/messages", as: client.news, json: #"{"text":"n"}"#).status == 201)

            clock.advance(by: 60)
            let fourth = try await client.x("POST", path, json: #"{"text":"4"}"#)
            #expect(fourth.status == 201)
            // The hour's window is now the one with the fewest left.
            #expect(fourth.header("x-rate-limit-limit") == "3")
            #expect(fourth.header("x-rate-limit-remaining") == "0")
            #expect(fourth.header("x-rate-limit-reset") == "1795503600")
            let fifth = try await client.x("POST", "/1.1/direct_messages/events/new.json", json: Self.v1Body(Self.personA, "5"))
            #expect(fifth.status == 429)
            #expect(fifth.body == Self.v1TooMany)
            #expect(fifth.header("x-rate-limit-limit") == "3")
            #expect(fifth.header("x-rate-limit-reset") == "1795503600")
            // Refused messages were not recorded, and did not count.
            #expect(client.emulator.messageCounts(from: client.demo) == [Self.personA: 3])
            clock.advance(by: 3_540)
            #expect(try await client.x("POST", path, json: #"{"text":"6"}"#).status == 201)
        }
    }

    @Test func xsLimitsApplyByDefaultOnlyWhenRateLimitsAreEnforced() async throws {
        var limited = EmulatorConfiguration()
        limited.rateLimit = RateLimit(requests: 15, window: 900)
        try await EmulatorClient.with(limited, clock: TestClock()) { client in
            let v2 = try await client.x("POST", "/2/dm_conversations/with/\(Self.personA)/messages", json: #"{"text":"hi"}"#)
            #expect(v2.header("x-rate-limit-limit") == "200")
            #expect(v2.header("x-rate-limit-remaining") == "199")
            #expect(v2.header("x-rate-limit-reset") == "1795500900")
            let v1 = try await client.x("POST", "/1.1/direct_messages/events/new.json", json: Self.v1Body(Self.personA, "hi"))
            #expect(v1.header("x-rate-limit-limit") == "1000")
            // One 24-hour window for both versions: two messages counted.
            #expect(v1.header("x-rate-limit-remaining") == "998")
            #expect(v1.header("x-rate-limit-reset") == "1795586400")
        }
        #expect(limited.effectiveDirectMessageLimits(v1: true) == [RateLimit(requests: 1_000, window: 86_400)])
        #expect(limited.effectiveDirectMessageLimits(v1: false) == [RateLimit(requests: 200, window: 900), RateLimit(requests: 1_000, window: 86_400)])
        var none = limited
        none.directMessageLimits = []
        #expect(none.effectiveDirectMessageLimits(v1: false) == [])
        try await EmulatorClient.with { client in
            for index in 0..<30 {
                let response = try await client.x("POST", "/2/dm_conversations/with/\(Self.personA)/messages", json: #"{"text":"\#(index)"}"#)
                #expect(response.status == 201)
            }
            #expect(EmulatorConfiguration().effectiveDirectMessageLimits(v1: false) == [])
        }
    }

    @Test func limitListsParse() throws {
        #expect(try RateLimit.parseList("200/15m,1000/24h") == [RateLimit(requests: 200, window: 900), RateLimit(requests: 1_000, window: 86_400)])
        #expect(try RateLimit.parseList("none") == [])
        #expect(throws: EmulatorConfigurationError.invalidDirectMessageLimits("200/15m,x", reason: "'x': no '/' between the requests and the window")) {
            try RateLimit.parseList("200/15m,x")
        }
        #expect(throws: EmulatorConfigurationError.invalidDirectMessageLimits("", reason: "no limit given")) {
            try RateLimit.parseList("")
        }
        let error = EmulatorConfigurationError.invalidDirectMessageLimits("5", reason: "'5': no '/' between the requests and the window")
        #expect(error.description == "invalid direct message limits '5': '5': no '/' between the requests and the window (expected MESSAGES/WINDOW,… or none, e.g. 200/15m,1000/24h)")
        #expect(try FaultPlan.parse("slowsend:10%,503:5%").percentages == [.slowSend: 10, .serviceUnavailable: 5])
        #expect(try FaultPlan.parse("slowsend:10%,503:5%").description == "503:5%,slowsend:10%")
    }
}
