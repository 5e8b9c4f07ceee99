import Foundation
import SocialAuth
import SocialEmulator
import Testing

/// What tests read to check what the network received: message counts per recipient (in
/// process and at `/_emulator/messages`), and the exact publishing requests.
struct PublishingInspectionTests {
    static let personA = "120000000"
    static let personB = "120007919"
    static let personC = "129898750"  // index 1250: follows wfrun_demo and wfrun_news

    @Test func messageCountsPerSenderAndRecipient() async throws {
        try await EmulatorClient.with { client in
            for recipient in [Self.personA, Self.personC, Self.personA, Self.personB] {
                #expect(try await client.x("POST", "/2/dm_conversations/with/\(recipient)/messages", json: #"{"text":"Hi"}"#).status == 201)
            }
            #expect(try await client.x("POST", "/2/dm_conversations/with/\(Self.personC)/messages", as: client.news, json: #"{"text":"Hi"}"#).status == 201)
            #expect(client.emulator.messageCounts(from: client.demo) == [Self.personA: 2, Self.personB: 1, Self.personC: 1])
            #expect(client.emulator.messageCounts(from: client.news) == [Self.personC: 1])
            #expect(client.emulator.messages.count == 5)

            let base = client.emulator.xBaseURL.absoluteString + "/_emulator/messages"
            let demo = try await client.get(base + "?sender=\(client.demo.id)")
            #expect(demo.status == 200)
            #expect(demo.body == #"{"counts":{"120000000":2,"120007919":1,"129898750":1},"total":4}"#)
            #expect(try await client.get(base + "?sender=wfrun_news").body == #"{"counts":{"129898750":1},"total":1}"#)
            #expect(try await client.get(base).body == #"{"counts":{"120000000":2,"120007919":1,"129898750":2},"total":5}"#)
            #expect(try await client.get(base + "?sender=wfrun_proofs").body == #"{"counts":{},"total":0}"#)
            let unknown = try await client.get(base + "?sender=nobody")
            #expect(unknown.status == 404)
            #expect(unknown.body == #"{"error":"no X account has the id or screen name 'nobody'"}"#)
            let post = try await client.get(base, method: "POST")
            #expect(post.status == 405)
            #expect(post.body == #"{"error":"only GET is served under /_emulator/"}"#)
            let other = try await client.get(client.emulator.xBaseURL.absoluteString + "/_emulator/other")
            #expect(other.status == 404)
            #expect(other.body == #"{"error":"no such emulator endpoint: /_emulator/other"}"#)
        }
    }

    @Test func theExactPublishingRequestsAreRecorded() async throws {
        try await EmulatorClient.with { client in
            _ = try await client.x("POST", "/1.1/statuses/update.json", form: [("status", "Hello & welcome")])
            _ = try await client.x("POST", "/2/tweets", json: #"{"text":"Bonjour 👋"}"#)
            _ = try await client.x(
                "POST", "/1.1/direct_messages/events/new.json",
                json: #"{"event":{"type":"message_create","message_create":{"target":{"recipient_id":"120000000"},"message_data":{"text":"Hi"}}}}"#)
            _ = try await client.x("POST", "/2/dm_conversations/with/42/messages", json: #"{"text":"refused"}"#)
            _ = try await client.graph("POST", "/\(client.page.id)/feed", form: [("message", "Page news"), ("link", "https://example.com/a?b=c")])
            _ = try await client.x("/2/users/me")
            let form = "application/x-www-form-urlencoded"
            #expect(client.emulator.publishingRequests == [
                PublishingRequest(method: "POST", path: "/1.1/statuses/update.json", parameters: [["status", "Hello & welcome"]], contentType: form, body: "status=Hello%20%26%20welcome"),
                PublishingRequest(method: "POST", path: "/2/tweets", contentType: "application/json", body: #"{"text":"Bonjour 👋"}"#),
                PublishingRequest(
                    method: "POST", path: "/1.1/direct_messages/events/new.json", contentType: "application/json",
                    body: #"{"event":{"type":"message_create","message_create":{"target":{"recipient_id":"120000000"},"message_data":{"text":"Hi"}}}}"#),
                PublishingRequest(method: "POST", path: "/2/dm_conversations/with/42/messages", contentType: "application/json", body: #"{"text":"refused"}"#),
                PublishingRequest(
                    method: "POST", path: "/v24.0/\(client.page.id)/feed", parameters: [["message", "Page news"], ["link", "https://example.com/a?b=c"]],
                    contentType: form, body: "message=Page%20news&link=https%3A%2F%2Fexample.com%2Fa%3Fb%3Dc"),
            ])
            let listed = try await client.get(client.emulator.xBaseURL.absoluteString + "/_emulator/publishing-requests")
            #expect(listed.status == 200)
            let first = try #require(listed.array?.first)
            #expect(first["method"] as? String == "POST")
            #expect(first["path"] as? String == "/1.1/statuses/update.json")
            #expect(first["parameters"] as? [[String]] == [["status", "Hello & welcome"]])
            #expect(first["content_type"] as? String == form)
            #expect(first["body"] as? String == "status=Hello%20%26%20welcome")
            #expect(listed.array?.count == 5)
            #expect(listed.body.contains(#""content_type":"application/json","body":"{\"text\":\"Bonjour 👋\"}""#))
            #expect(!listed.body.contains(client.page.accessToken))
        }
    }

    @Test func faultsSpareTheInspectionEndpoints() async throws {
        var configuration = EmulatorConfiguration()
        configuration.faults = try FaultPlan.parse("503:100%")
        try await EmulatorClient.with(configuration) { client in
            #expect(try await client.x("POST", "/2/tweets", json: #"{"text":"x"}"#).status == 503)
            let counts = try await client.get(client.emulator.xBaseURL.absoluteString + "/_emulator/messages")
            #expect(counts.status == 200)
            #expect(counts.body == #"{"counts":{},"total":0}"#)
            // The emulator saw the request even though it answered 503.
            #expect(client.emulator.publishingRequests.map(\.path) == ["/2/tweets"])
        }
    }
}
