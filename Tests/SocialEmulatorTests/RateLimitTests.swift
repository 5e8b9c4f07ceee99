import Foundation
import SocialEmulator
import Testing

/// Fixed rate-limit windows on the injected clock, per account or page and endpoint.
struct RateLimitTests {
    @Test func theFourthRequestOfThreePerMinuteIs429UntilTheWindowEnds() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_795_500_000.25))
        var configuration = EmulatorConfiguration()
        configuration.rateLimit = RateLimit(requests: 3, window: 60)
        try await EmulatorClient.with(configuration, clock: clock) { client in
            let path = "/1.1/followers/list.json?cursor=-1"
            for remaining in [2, 1, 0] {
                let response = try await client.x(path)
                #expect(response.status == 200)
                #expect(response.header("x-rate-limit-limit") == "3")
                #expect(response.header("x-rate-limit-remaining") == String(remaining))
                #expect(response.header("x-rate-limit-reset") == "1795500061")
            }
            clock.advance(by: 30)
            let refused = try await client.x(path)
            #expect(refused.status == 429)
            #expect(refused.body == #"{"errors":[{"code":88,"message":"Rate limit exceeded"}]}"#)
            #expect(refused.header("x-rate-limit-remaining") == "0")
            #expect(refused.header("x-rate-limit-reset") == "1795500061")

            // Other endpoints and accounts have their own windows; v2 has its own body.
            #expect(try await client.x("/1.1/followers/list.json?cursor=-1", as: client.news).status == 200)
            for _ in 0..<3 { #expect(try await client.x("/2/users/me").status == 200) }
            let v2 = try await client.x("/2/users/me")
            #expect(v2.status == 429)
            #expect(v2.body == #"{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}"#)

            clock.advance(by: 31)
            let again = try await client.x(path)
            #expect(again.status == 200)
            #expect(again.header("x-rate-limit-remaining") == "2")
            #expect(again.header("x-rate-limit-reset") == "1795500122")
        }
    }

    @Test func withoutALimitHeadersAreSentAndNothingIsRefused() async throws {
        try await EmulatorClient.with { client in
            for _ in 0..<20 {
                let response = try await client.x("/2/users/me")
                #expect(response.status == 200)
                #expect(Int(response.header("x-rate-limit-limit") ?? "") ?? 0 >= 10_000)
                #expect(response.header("x-rate-limit-reset") != nil)
            }
            let graph = try await client.graph("/\(client.page.id)")
            #expect(graph.header("x-app-usage") == #"{"call_count":0,"total_cputime":0,"total_time":0}"#)
        }
    }

    @Test func aPageOverItsLimitGetsCode32AndUsageClimbs() async throws {
        var configuration = EmulatorConfiguration()
        configuration.rateLimit = try RateLimit.parse("4/1h")
        try await EmulatorClient.with(configuration, clock: TestClock()) { client in
            var usages: [String] = []
            for _ in 0..<4 {
                let response = try await client.graph("/\(client.page.id)/posts", query: [("limit", "5")])
                #expect(response.status == 200)
                usages.append(response.header("x-app-usage") ?? "")
            }
            #expect(usages.first == #"{"call_count":25,"total_cputime":12,"total_time":12}"#)
            #expect(usages.last == #"{"call_count":100,"total_cputime":50,"total_time":50}"#)
            let refused = try await client.graph("/\(client.page.id)/posts")
            #expect(refused.status == 400)
            let error = try #require(refused.object?["error"] as? [String: Any])
            #expect(error["code"] as? Int == 32)
            #expect(error["message"] as? String == "(#32) Page request limit reached")
        }
    }
}
