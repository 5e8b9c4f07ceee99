import Foundation
import SocialAuth
import SocialEmulator
import Testing

/// OAuth 1.0a verification on every X request, and the errors of both versions.
struct XAuthenticationTests {
    static let v2Unauthorized = #"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#

    @Test func aCorrectlySignedRequestIsServed() async throws {
        try await EmulatorClient.with { client in
            let response = try await client.x("/1.1/account/verify_credentials.json?skip_status=true")
            #expect(response.status == 200)
            #expect(response.object?["screen_name"] as? String == "wfrun_demo")
            let me = try #require(try await client.x("/2/users/me?user.fields=created_at,description,location,verified,public_metrics", as: client.news).object)
            #expect((me["data"] as? [String: Any])?["username"] as? String == "wfrun_news")
        }
    }

    @Test func aWrongSignatureIs401Code32() async throws {
        try await EmulatorClient.with { client in
            var wrong = client.demo.credentials
            wrong.tokenSecret += "x"
            let v1 = try await client.x("/1.1/account/verify_credentials.json", credentials: wrong)
            #expect(v1.status == 401)
            #expect(v1.body == #"{"errors":[{"code":32,"message":"Could not authenticate you."}]}"#)
            let v2 = try await client.x("/2/users/me", credentials: wrong)
            #expect(v2.status == 401)
            #expect(v2.body == Self.v2Unauthorized)
        }
    }

    @Test func unknownKeysAre401Code32() async throws {
        try await EmulatorClient.with { client in
            var unknown = client.demo.credentials
            unknown.consumerKey = "someone-else"
            let response = try await client.x("/1.1/account/verify_credentials.json", credentials: unknown)
            #expect(response.status == 401)
            #expect(response.body == #"{"errors":[{"code":32,"message":"Could not authenticate you."}]}"#)
        }
    }

    @Test func theSignatureCoversTheQueryTheFormBodyAndTheHostPort() async throws {
        try await EmulatorClient.with { client in
            let posted = try await client.x("POST", "/1.1/statuses/update.json", form: [("status", "Grüße & \"quotes\" + 100% ✨")])
            #expect(posted.status == 200)
            #expect(posted.object?["text"] as? String == "Grüße & \"quotes\" + 100% ✨")
            let tampered = try await client.x("POST", "/1.1/statuses/update.json", form: [("status", "sent")], signedForm: [("status", "signed")])
            #expect(tampered.status == 401)
            let otherPort = URL(string: "http://127.0.0.1:1/1.1/account/verify_credentials.json")!
            #expect(try await client.x("/1.1/account/verify_credentials.json", signingURL: otherPort).status == 401)
            let otherQuery = URL(string: client.emulator.xBaseURL.absoluteString + "/1.1/followers/list.json?cursor=-1&count=5")!
            #expect(try await client.x("/1.1/followers/list.json?cursor=-1&count=6", signingURL: otherQuery).status == 401)
            #expect(try await client.x("/1.1/followers/list.json?cursor=-1&count=5", signingURL: otherQuery).status == 200)
        }
    }

    @Test func aRevokedTokenIs401Code89() async throws {
        try await EmulatorClient.with { client in
            client.emulator.revoke(account: "wfrun_demo")
            let v1 = try await client.x("/1.1/followers/list.json?cursor=-1")
            #expect(v1.status == 401)
            #expect(v1.body == #"{"errors":[{"code":89,"message":"Invalid or expired token."}]}"#)
            let v2 = try await client.x("/2/users/me")
            #expect(v2.status == 401)
            #expect(v2.body == Self.v2Unauthorized)
            let other = try await client.x("/2/users/me", as: client.news)
            #expect(other.status == 200)
        }
    }

    @Test func aTimestampFiveMinutesOffIs401Code135() async throws {
        let clock = TestClock()
        try await EmulatorClient.with(clock: clock) { client in
            #expect(try await client.x("/1.1/account/verify_credentials.json", timestampOffset: 299).status == 200)
            let late = try await client.x("/1.1/account/verify_credentials.json", timestampOffset: -301)
            #expect(late.status == 401)
            #expect(late.body == #"{"errors":[{"code":135,"message":"Timestamp out of bounds."}]}"#)
        }
    }

    @Test func aMissingAuthorizationHeaderIsRefused() async throws {
        try await EmulatorClient.with { client in
            let v1 = try await client.get(client.emulator.xBaseURL.absoluteString + "/1.1/account/verify_credentials.json")
            #expect(v1.status == 400)
            #expect(v1.body == #"{"errors":[{"code":215,"message":"Bad Authentication data."}]}"#)
            let v2 = try await client.get(client.emulator.xBaseURL.absoluteString + "/2/users/me")
            #expect(v2.status == 401)
            #expect(v2.body == Self.v2Unauthorized)
        }
    }

    @Test func withoutV1AccessV1CallsAre403Code453AndV2Works() async throws {
        try await EmulatorClient.with(EmulatorConfiguration(v1AccessDenied: true)) { client in
            let v1 = try await client.x("/1.1/followers/list.json?cursor=-1")
            #expect(v1.status == 403)
            let error = try #require((v1.object?["errors"] as? [[String: Any]])?.first)
            #expect(error["code"] as? Int == 453)
            #expect(try await client.x("/2/users/me").status == 200)
        }
    }

    @Test func unknownRoutesAre404InTheShapeOfTheirAPI() async throws {
        try await EmulatorClient.with { client in
            let v1 = try await client.x("/1.1/nothing/here.json")
            #expect(v1.status == 404)
            #expect(v1.body == #"{"errors":[{"code":34,"message":"Sorry, that page does not exist"}]}"#)
            let v2 = try await client.x("/2/nothing")
            #expect(v2.status == 404)
            #expect(v2.object?["title"] as? String == "Not Found Error")
            let elsewhere = try await client.get(client.emulator.xBaseURL.absoluteString + "/robots.txt")
            #expect(elsewhere.status == 404)
        }
    }
}
