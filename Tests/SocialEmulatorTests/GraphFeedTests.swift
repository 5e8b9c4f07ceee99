import Foundation
import SocialAuth
import SocialEmulator
import Testing

/// A page's feed lists the posts published through the API first, newest first, with their
/// `message` and `created_time`: what a client reconciles a page post against.
struct GraphFeedTests {
    @Test func publishedPostsAreListedNewestFirst() async throws {
        let clock = TestClock()
        try await EmulatorClient.with(clock: clock) { client in
            let first = try await client.graph("POST", "/\(client.page.id)/feed", form: [("message", "Première")])
            #expect(first.status == 200)
            let firstID = try #require(first.object?["id"] as? String)
            #expect(firstID.hasPrefix(client.page.id + "_"))
            clock.advance(by: 90)
            let second = try await client.graph("POST", "/\(client.page.id)/feed", form: [("message", "Second"), ("link", "https://example.com")])
            let secondID = try #require(second.object?["id"] as? String)
            for edge in ["feed", "posts"] {
                let listed = try await client.graph("/\(client.page.id)/\(edge)", query: [("fields", "id,message,created_time"), ("limit", "3")])
                #expect(listed.status == 200)
                let data = try #require(listed.object?["data"] as? [[String: Any]])
                #expect(data.count == 3)
                #expect(data[0]["id"] as? String == secondID)
                #expect(data[0]["message"] as? String == "Second")
                #expect(data[0]["created_time"] as? String == "2026-11-24T06:01:30+0000")
                #expect(data[1]["id"] as? String == firstID)
                #expect(data[1]["message"] as? String == "Première")
                #expect(data[1]["created_time"] as? String == "2026-11-24T06:00:00+0000")
                #expect(data[2]["id"] as? String != nil && data[2]["id"] as? String != firstID)
            }
            #expect(client.emulator.publishedPosts(of: client.page).map(\.id) == [firstID, secondID])
        }
    }
}
