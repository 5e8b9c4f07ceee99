import Foundation
import SocialEmulator
import Testing

/// X refuses a post that repeats any of the account's posts of the last 24 hours, not only the latest.
struct XDuplicatePostTests {
    static let v1Duplicate = #"{"errors":[{"code":187,"message":"Status is a duplicate."}]}"#
    static let v2Duplicate = #"{"title":"Forbidden","type":"about:blank","status":403,"detail":"You are not allowed to create a Tweet with duplicate content."}"#

    @Test func aRepeatWithin24HoursIsRefusedInBothVersions() async throws {
        let clock = TestClock()
        try await EmulatorClient.with(clock: clock) { client in
            #expect(try await client.x("POST", "/1.1/statuses/update.json", form: [("status", "A")]).status == 200)
            clock.advance(by: 3_600)
            #expect(try await client.x("POST", "/2/tweets", json: #"{"text":"B"}"#).status == 201)
            let v1 = try await client.x("POST", "/1.1/statuses/update.json", form: [("status", "A")])
            #expect(v1.status == 403)
            #expect(v1.body == Self.v1Duplicate)
            let v2 = try await client.x("POST", "/2/tweets", json: #"{"text":"A"}"#)
            #expect(v2.status == 403)
            #expect(v2.body == Self.v2Duplicate)
            // Another account may say the same.
            #expect(try await client.x("POST", "/2/tweets", as: client.news, json: #"{"text":"A"}"#).status == 201)
            // 24 hours after "A" it is still a duplicate; a second later it is not.
            clock.advance(by: 86_400 - 3_600)
            #expect(try await client.x("POST", "/2/tweets", json: #"{"text":"A"}"#).status == 403)
            clock.advance(by: 1)
            #expect(try await client.x("POST", "/2/tweets", json: #"{"text":"A"}"#).status == 201)
            #expect(try await client.x("POST", "/2/tweets", json: #"{"text":"B"}"#).status == 403)
            #expect(client.emulator.publishedPosts(of: client.demo).map(\.text) == ["A", "B", "A"])
        }
    }
}
