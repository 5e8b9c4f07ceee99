import Foundation
import SocialAuth
import SocialEmulator
import Testing

/// Follower paging, v1.1 (cursors) and v2 (pagination tokens), as Docs/social-apis.md describes it.
struct XFollowersTests {
    static let userFields = "created_at,description,location,verified,public_metrics"

    /// Every follower of an account through v1.1, and the cursors seen.
    static func v1Followers(_ client: EmulatorClient, of account: EmulatedXAccount, count: Int = 200) async throws -> [[String: Any]] {
        var users: [[String: Any]] = []
        var cursor = "-1"
        var pages = 0
        repeat {
            let response = try await client.x(
                "/1.1/followers/list.json?user_id=\(account.id)&count=\(count)&cursor=\(cursor)&skip_status=true&include_user_entities=false")
            #expect(response.status == 200)
            let object = try #require(response.object)
            users += try #require(object["users"] as? [[String: Any]])
            let next = try #require(object["next_cursor"] as? Int64)
            #expect(object["next_cursor_str"] as? String == String(next))
            cursor = String(next)
            pages += 1
            #expect(pages < 10_000)
        } while cursor != "0"
        return users
    }

    /// Every follower of an account through v2.
    static func v2Followers(_ client: EmulatorClient, of account: EmulatedXAccount, maxResults: Int = 1_000) async throws -> [[String: Any]] {
        var users: [[String: Any]] = []
        var token: String?
        repeat {
            var path = "/2/users/\(account.id)/followers?max_results=\(maxResults)&user.fields=\(userFields)"
            if let token { path += "&pagination_token=\(token)" }
            let response = try await client.x(path, as: account)
            #expect(response.status == 200)
            let object = try #require(response.object)
            let data = object["data"] as? [[String: Any]] ?? []
            let meta = try #require(object["meta"] as? [String: Any])
            #expect(meta["result_count"] as? Int == data.count)
            users += data
            token = meta["next_token"] as? String
        } while token != nil
        return users
    }

    @Test func v1PagesEveryFollowerOnceAndEndsWithCursorZero() async throws {
        try await EmulatorClient.with(EmulatorConfiguration(followers: 450)) { client in
            let users = try await Self.v1Followers(client, of: client.demo)
            #expect(users.count == client.emulator.dataset.followerCount(of: client.demo))
            #expect(Set(users.compactMap { $0["id_str"] as? String }).count == 450)
            let expected = client.emulator.dataset.followers(of: client.demo).map(\.id)
            #expect(users.compactMap { $0["id_str"] as? String } == Array(expected))
            let first = try #require(users.first)
            #expect(first["id"] as? Int64 == Int64(first["id_str"] as! String))
            for key in ["name", "screen_name", "description", "location", "verified", "followers_count", "friends_count", "statuses_count", "created_at"] {
                #expect(first[key] != nil, "v1.1 user lacks \(key)")
            }
            let created = try #require(first["created_at"] as? String)
            #expect(created.range(of: #"^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} \+0000 \d{4}$"#, options: .regularExpression) != nil)
        }
    }

    @Test func v1CountDefaultsTo20AndIsCappedAt200() async throws {
        try await EmulatorClient.with(EmulatorConfiguration(followers: 450)) { client in
            let byDefault = try #require(try await client.x("/1.1/followers/list.json?cursor=-1").object)
            #expect((byDefault["users"] as? [Any])?.count == 20)
            #expect(byDefault["previous_cursor_str"] as? String == "0")
            let capped = try #require(try await client.x("/1.1/followers/list.json?cursor=-1&count=5000").object)
            #expect((capped["users"] as? [Any])?.count == 200)
        }
    }

    @Test func v2PagesEveryFollowerOnceWithoutNextTokenOnTheLastPage() async throws {
        try await EmulatorClient.with(EmulatorConfiguration(followers: 2_345)) { client in
            let users = try await Self.v2Followers(client, of: client.demo)
            #expect(users.count == 2_345)
            #expect(Set(users.compactMap { $0["id"] as? String }).count == 2_345)
            let user = try #require(users.first)
            let metrics = try #require(user["public_metrics"] as? [String: Any])
            #expect(Set(metrics.keys) == ["followers_count", "following_count", "tweet_count", "listed_count"])
            let created = try #require(user["created_at"] as? String)
            #expect(created.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$"#, options: .regularExpression) != nil)
            #expect(users.contains { $0["location"] == nil }, "unset locations are left out in v2")
        }
    }

    @Test func v2PagingTokensAreStableForAPosition() async throws {
        try await EmulatorClient.with(EmulatorConfiguration(followers: 300)) { client in
            let path = "/2/users/\(client.demo.id)/followers?max_results=100"
            let first = try #require(try await client.x(path).object?["meta"] as? [String: Any])
            let again = try #require(try await client.x(path).object?["meta"] as? [String: Any])
            let token = try #require(first["next_token"] as? String)
            #expect(again["next_token"] as? String == token)
            #expect(Int(token) == nil, "tokens are not bare positions")
        }
    }

    @Test func v2MaxResultsOutOfRangeIsA400InTheV2Shape() async throws {
        try await EmulatorClient.with { client in
            for value in ["0", "1001", "many"] {
                let response = try await client.x("/2/users/\(client.demo.id)/followers?max_results=\(value)")
                #expect(response.status == 400)
                let object = try #require(response.object)
                #expect(object["title"] as? String == "Invalid Request")
                #expect(object["type"] as? String == "https://api.twitter.com/2/problems/invalid-request")
                let error = try #require((object["errors"] as? [[String: Any]])?.first)
                #expect(error["message"] as? String == "The `max_results` query parameter value [\(value)] is not between 1 and 1000")
            }
            let defaulted = try #require(try await client.x("/2/users/\(client.demo.id)/followers").object)
            #expect((defaulted["data"] as? [Any])?.count == 100)
            let badToken = try await client.x("/2/users/\(client.demo.id)/followers?pagination_token=nonsense")
            #expect(badToken.status == 400)
        }
    }

    @Test func anAccountWithoutFollowersHasMetaOnly() async throws {
        try await EmulatorClient.with(EmulatorConfiguration(followers: 0)) { client in
            let response = try await client.x("/2/users/\(client.demo.id)/followers?max_results=1000")
            #expect(response.status == 200)
            #expect(response.body == #"{"meta":{"result_count":0}}"#)
            let v1 = try #require(try await client.x("/1.1/followers/list.json?cursor=-1").object)
            #expect((v1["users"] as? [Any])?.isEmpty == true)
            #expect(v1["next_cursor"] as? Int == 0)
        }
    }

    @Test func followersOfTheTwoSyncedAccountsOverlapByHalf() async throws {
        try await EmulatorClient.with(EmulatorConfiguration(followers: 400)) { client in
            let demo = Set(try await Self.v2Followers(client, of: client.demo).compactMap { $0["id"] as? String })
            let news = Set(try await Self.v1Followers(client, of: client.news).compactMap { $0["id_str"] as? String })
            #expect(demo.count == 400 && news.count == 400)
            #expect(demo.intersection(news).count == 200)
            #expect(client.demo.syncSubscriptions && client.news.syncSubscriptions)
        }
    }

    @Test func unfollowTakesEffectOnLaterRequests() async throws {
        try await EmulatorClient.with(EmulatorConfiguration(followers: 250)) { client in
            let gone = Array(client.emulator.dataset.followers(of: client.news))[37]
            client.emulator.unfollow(account: "wfrun_news", userID: gone.id)
            #expect(client.emulator.followerCount(of: client.news) == 249)
            let v2 = try await Self.v2Followers(client, of: client.news, maxResults: 100)
            let v1 = try await Self.v1Followers(client, of: client.news, count: 200)
            #expect(v2.count == 249 && v1.count == 249)
            #expect(!v2.contains { $0["id"] as? String == gone.id })
            #expect(!v1.contains { $0["id_str"] as? String == gone.id })
            // Still a follower of wfrun_demo, whose followers overlap.
            let demo = try await Self.v2Followers(client, of: client.demo)
            #expect(demo.contains { $0["id"] as? String == gone.id })
            let me = try #require(try await client.x("/2/users/me?user.fields=public_metrics", as: client.news).object?["data"] as? [String: Any])
            #expect((me["public_metrics"] as? [String: Any])?["followers_count"] as? Int == 249)
        }
    }

    @Test func namesCarryNonASCIIAndEscapesIntact() async throws {
        try await EmulatorClient.with(EmulatorConfiguration(followers: 1_000)) { client in
            let users = try await Self.v2Followers(client, of: client.demo)
            let names = users.compactMap { $0["name"] as? String }
            let nonASCII = names.filter { !$0.allSatisfy(\.isASCII) }
            #expect(nonASCII.count > 300, "a good share of names are not ASCII")
            #expect(Set(names).isSuperset(of: Set(client.emulator.dataset.followers(of: client.demo).map(\.name))))
            #expect(users.allSatisfy { ($0["username"] as? String)?.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } == true })
            let verified = users.filter { $0["verified"] as? Bool == true }.count
            #expect((60...200).contains(verified), "about 12% verified, got \(verified)")
        }
    }

    @Test func aMillionFollowersAreServedWithoutMaterializingThem() async throws {
        try await EmulatorClient.with(EmulatorConfiguration(followers: 1_000_000)) { client in
            var token: String?
            var serving = Duration.zero
            for _ in 0..<5 {
                var path = "/2/users/\(client.demo.id)/followers?max_results=1000&user.fields=\(Self.userFields)"
                if let token { path += "&pagination_token=\(token)" }
                let started = ContinuousClock.now
                let response = try await client.x(path)
                serving += ContinuousClock.now - started
                let object = try #require(response.object)
                #expect((object["data"] as? [Any])?.count == 1_000)
                token = (object["meta"] as? [String: Any])?["next_token"] as? String
            }
            print("v2 followers of a 1M-follower account: \(serving / 5) per page of 1000 (request and response, unparsed)")
            #expect(token != nil)
        }
    }
}
