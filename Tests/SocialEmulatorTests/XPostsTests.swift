import Foundation
import SocialAuth
import SocialEmulator
import Testing

/// Own posts (v1.1 timeline with max_id, v2 with pagination tokens and metrics), posting and DMs.
struct XPostsTests {
    @Test func v1TimelinePagesWithMaxIDUntilAnEmptyArray() async throws {
        try await EmulatorClient.with { client in
            var ids: [UInt64] = []
            var maxID: UInt64?
            while true {
                var path = "/1.1/statuses/user_timeline.json?user_id=\(client.demo.id)&count=7&trim_user=true"
                if let maxID { path += "&max_id=\(maxID)" }
                let tweets = try #require(try await client.x(path).array)
                if tweets.isEmpty { break }
                let page = tweets.compactMap { ($0["id_str"] as? String).flatMap(UInt64.init) }
                #expect(page == page.sorted(by: >), "newest first")
                ids += page
                maxID = page.min()! - 1
                let user = try #require(tweets.first?["user"] as? [String: Any])
                #expect(Set(user.keys) == ["id", "id_str"], "trim_user leaves the ids only")
                #expect(tweets.first?["favorite_count"] != nil && tweets.first?["retweet_count"] != nil)
            }
            #expect(ids.count == 30)
            #expect(Set(ids).count == 30)
        }
    }

    @Test func v2TweetsHaveNonPublicMetricsOnlyWithin30DaysOfNow() async throws {
        // Ten days after the newest post: posts of the last 30 days are the first ten or so.
        let clock = TestClock(EmulatorDataset.epoch.addingTimeInterval(10 * 86_400))
        try await EmulatorClient.with(clock: clock) { client in
            var tweets: [[String: Any]] = []
            var token: String?
            repeat {
                var path = "/2/users/\(client.demo.id)/tweets?max_results=100&tweet.fields=created_at,public_metrics,non_public_metrics"
                if let token { path += "&pagination_token=\(token)" }
                let object = try #require(try await client.x(path).object)
                tweets += object["data"] as? [[String: Any]] ?? []
                let meta = try #require(object["meta"] as? [String: Any])
                #expect(meta["newest_id"] as? String == (object["data"] as? [[String: Any]])?.first?["id"] as? String)
                token = meta["next_token"] as? String
            } while token != nil
            #expect(tweets.count == 30)
            let now = clock.now
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            var withPrivate = 0
            for tweet in tweets {
                let created = try #require(formatter.date(from: tweet["created_at"] as? String ?? ""))
                let recent = now.timeIntervalSince(created) <= 30 * 86_400
                let metrics = tweet["non_public_metrics"] as? [String: Any]
                #expect((metrics != nil) == recent)
                if let metrics {
                    withPrivate += 1
                    #expect(metrics["url_link_clicks"] is Int)
                }
                let publicMetrics = try #require(tweet["public_metrics"] as? [String: Any])
                for key in ["retweet_count", "reply_count", "like_count", "quote_count", "impression_count"] {
                    #expect(publicMetrics[key] is Int)
                }
            }
            #expect((5...25).contains(withPrivate))
            // Someone else's posts never carry private metrics.
            let others = try #require(try await client.x(
                "/2/users/\(client.news.id)/tweets?max_results=5&tweet.fields=non_public_metrics").object?["data"] as? [[String: Any]])
            #expect(others.allSatisfy { $0["non_public_metrics"] == nil })
            let outOfRange = try await client.x("/2/users/\(client.demo.id)/tweets?max_results=101")
            #expect(outOfRange.status == 400)
        }
    }

    @Test func v2PostIs201AndAppearsInTheTimeline() async throws {
        try await EmulatorClient.with { client in
            let created = try await client.x("POST", "/2/tweets", json: #"{"text":"Bonjour à tous 👋"}"#)
            #expect(created.status == 201)
            let data = try #require(created.object?["data"] as? [String: Any])
            #expect(data["text"] as? String == "Bonjour à tous 👋")
            let id = try #require(data["id"] as? String)
            let duplicate = try await client.x("POST", "/2/tweets", json: #"{"text":"Bonjour à tous 👋"}"#)
            #expect(duplicate.status == 403)
            let timeline = try #require(try await client.x("/1.1/statuses/user_timeline.json?count=200").array)
            #expect(timeline.contains { $0["id_str"] as? String == id })
            #expect(client.emulator.publishedPosts(of: client.demo).map(\.id) == [id])
            let invalid = try await client.x("POST", "/2/tweets", json: #"{"txt":"oops"}"#)
            #expect(invalid.status == 400)
        }
    }

    @Test func directMessagesInBothVersions() async throws {
        try await EmulatorClient.with { client in
            let recipient = try #require(client.emulator.dataset.followers(of: client.demo).first { _ in true })
            let v1 = try await client.x("POST", "/1.1/direct_messages/events/new.json", json: """
                {"event":{"type":"message_create","message_create":{"target":{"recipient_id":"\(recipient.id)"},"message_data":{"text":"Merci ! 🙏"}}}}
                """)
            #expect(v1.status == 200)
            let event = try #require(v1.object?["event"] as? [String: Any])
            #expect(event["type"] as? String == "message_create")
            #expect(event["id"] is String)
            let v2 = try await client.x("POST", "/2/dm_conversations/with/\(recipient.id)/messages", json: #"{"text":"Hello"}"#)
            #expect(v2.status == 201)
            let data = try #require(v2.object?["data"] as? [String: Any])
            #expect(data["dm_conversation_id"] as? String == "\(recipient.id)-\(client.demo.id)")
            #expect(data["dm_event_id"] is String)
            #expect(client.emulator.sentMessages.map(\.text) == ["Merci ! 🙏", "Hello"])
            let nobody = try await client.x("POST", "/2/dm_conversations/with/42/messages", json: #"{"text":"Hello"}"#)
            #expect(nobody.status == 403)
        }
    }
}
