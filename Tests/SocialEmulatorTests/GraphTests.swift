import Foundation
import SocialAuth
import SocialEmulator
import Testing

/// The Graph API subset: page, posts, comments, reactions, insights, publishing, access checks.
struct GraphTests {
    static let postFields = "id,message,created_time,permalink_url,shares,reactions.summary(total_count).limit(0),comments.summary(true).limit(0)"

    /// Follows `paging.next` to the end; returns every item and how many pages were empty.
    static func all(_ client: EmulatorClient, _ path: String, query: [OAuth1.Parameter]) async throws -> (items: [[String: Any]], emptyPages: Int) {
        var items: [[String: Any]] = []
        var emptyPages = 0
        var response = try await client.graph(path, query: query)
        var pages = 0
        while true {
            #expect(response.status == 200, "\(response.body)")
            let object = try #require(response.object)
            let data = try #require(object["data"] as? [[String: Any]])
            items += data
            let paging = object["paging"] as? [String: Any]
            guard let next = paging?["next"] as? String else { break }
            if data.isEmpty { emptyPages += 1 }
            #expect(next.contains("access_token="), "next is a full URL with the token")
            #expect((paging?["cursors"] as? [String: Any])?["after"] is String)
            response = try await client.get(next)
            pages += 1
            #expect(pages < 1_000)
        }
        return (items, emptyPages)
    }

    @Test func thePageObject() async throws {
        try await EmulatorClient.with { client in
            let page = try #require(try await client.graph("/\(client.page.id)", query: [("fields", "id,name,category,link,followers_count,fan_count")]).object)
            #expect(page["id"] as? String == client.page.id)
            #expect(page["name"] as? String == client.page.name)
            #expect(page["fan_count"] as? Int == client.page.fanCount)
            #expect(page["followers_count"] as? Int == client.page.followersCount)
            #expect(client.page.serviceName == "wfrunpage")
            let unknown = try await client.graph("/\(client.page.id)", query: [("fields", "id,secrets")])
            #expect(unknown.status == 400)
            #expect((unknown.object?["error"] as? [String: Any])?["message"] as? String == "(#100) Tried accessing nonexisting field (secrets) on node type (Page)")
        }
    }

    @Test func postsPageWithCursorsAndCarryTheirTotals() async throws {
        try await EmulatorClient.with { client in
            let posts = try await Self.all(client, "/\(client.page.id)/posts", query: [("fields", Self.postFields), ("limit", "7")]).items
            #expect(posts.count == 30)
            #expect(Set(posts.compactMap { $0["id"] as? String }).count == 30)
            let expected = client.emulator.dataset.posts(of: client.page)
            #expect(posts.compactMap { $0["id"] as? String } == expected.map(\.id))
            #expect(posts.contains { $0["shares"] == nil }, "shares is absent when nobody shared")
            #expect(posts.contains { ($0["shares"] as? [String: Any])?["count"] is Int })
            for (post, generated) in zip(posts, expected) {
                let reactions = try #require(post["reactions"] as? [String: Any])
                #expect((reactions["summary"] as? [String: Any])?["total_count"] as? Int == generated.reactionCount)
                #expect((reactions["data"] as? [Any])?.isEmpty == true)
                let comments = try #require(post["comments"] as? [String: Any])
                #expect((comments["summary"] as? [String: Any])?["total_count"] as? Int == generated.commentCount)
            }
            let created = try #require(posts.first?["created_time"] as? String)
            #expect(created.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$"#, options: .regularExpression) != nil)
        }
    }

    @Test func commentsPageThroughEmptyPagesThatStillHaveANext() async throws {
        try await EmulatorClient.with { client in
            let dataset = client.emulator.dataset
            var emptyPages = 0
            var hiddenAuthors = 0
            var commenters: [String: Int] = [:]
            for post in dataset.posts(of: client.page).prefix(12) {
                let listing = try await Self.all(client, "/\(post.id)/comments", query: [("fields", "id,from{id,name}"), ("limit", "10")])
                let comments = listing.items
                emptyPages += listing.emptyPages
                #expect(comments.count == post.commentCount)
                #expect(Set(comments.compactMap { $0["id"] as? String }).count == post.commentCount)
                for comment in comments {
                    if let from = comment["from"] as? [String: Any] {
                        commenters[from["id"] as? String ?? "", default: 0] += 1
                        #expect(from["name"] is String)
                    } else {
                        hiddenAuthors += 1
                    }
                }
            }
            #expect(emptyPages > 0, "some pages are empty but have a next")
            #expect(hiddenAuthors > 0, "from is absent on some comments")
            #expect(commenters.values.contains { $0 > 1 }, "the same people comment several times")
        }
    }

    @Test func reactionsOnePerPersonAndFansOverlapAcrossPosts() async throws {
        try await EmulatorClient.with { client in try await Self.checkReactions(client) }
    }

    // A function rather than the closure above: Swift 6.3's region analysis crashes on the closure.
    private static func checkReactions(_ client: EmulatorClient) async throws {
        var seenOn: [String: Int] = [:]
        var types: Set<String> = []
        for post in client.emulator.dataset.posts(of: client.page).prefix(6) {
            let items = try await all(client, "/\(post.id)/reactions", query: [("fields", "id,name,type"), ("limit", "100")]).items
            let people = items.compactMap { $0["id"] as? String }
            #expect(people.count == post.reactionCount)
            #expect(Set(people).count == people.count, "one reaction per person and post")
            for person in people { seenOn[person, default: 0] += 1 }
            types.formUnion(items.compactMap { $0["type"] as? String })
        }
        #expect(seenOn.values.contains { $0 > 1 }, "fans react to several posts")
        #expect(types.isSuperset(of: ["LIKE", "LOVE"]))
        #expect(types.isSubset(of: ["LIKE", "LOVE", "CARE", "HAHA", "WOW", "SAD", "ANGRY"]))
    }

    @Test func insightsServeTwoDailyValuesAndRefuseRemovedMetrics() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_795_766_400))  // 2026-11-27T08:00:00Z
        try await EmulatorClient.with(clock: clock) { client in
            let response = try await client.graph(
                "/\(client.page.id)/insights", query: [("metric", "page_follows,page_post_engagements,page_total_actions,page_media_view"), ("period", "day")])
            #expect(response.status == 200)
            let data = try #require(response.object?["data"] as? [[String: Any]])
            #expect(data.compactMap { $0["name"] as? String } == EmulatorDataset.insightsMetrics)
            for metric in data {
                #expect(metric["period"] as? String == "day")
                let values = try #require(metric["values"] as? [[String: Any]])
                #expect(values.compactMap { $0["end_time"] as? String } == ["2026-11-26T08:00:00+0000", "2026-11-27T08:00:00+0000"])
                #expect(values.allSatisfy { $0["value"] is Int })
                #expect(metric["title"] is String && metric["id"] is String)
            }
            let expected = client.emulator.dataset.insights(of: client.page, metric: "page_follows", now: clock.now)
            #expect((data[0]["values"] as? [[String: Any]])?.compactMap { $0["value"] as? Int } == expected.map(\.value))

            for removed in EmulatorDataset.removedInsightsMetrics {
                let refused = try await client.graph("/\(client.page.id)/insights", query: [("metric", "page_follows,\(removed)"), ("period", "day")])
                #expect(refused.status == 400)
                let error = try #require(refused.object?["error"] as? [String: Any])
                #expect(error["message"] as? String == "(#100) The value must be a valid insights metric")
                #expect(error["type"] as? String == "OAuthException")
                #expect(error["code"] as? Int == 100)
                #expect(error["fbtrace_id"] is String)
                #expect(Set(error.keys) == ["message", "type", "code", "fbtrace_id"])
            }
        }
    }

    @Test func publishingToTheFeed() async throws {
        try await EmulatorClient.with { client in
            let response = try await client.graph("POST", "/\(client.page.id)/feed", form: [("message", "Ouvert dimanche ☀️"), ("link", "https://example.com")])
            #expect(response.status == 200)
            let id = try #require(response.object?["id"] as? String)
            #expect(id.hasPrefix(client.page.id + "_"))
            let newest = try #require(try await client.graph("/\(client.page.id)/posts", query: [("limit", "1")]).object?["data"] as? [[String: Any]])
            #expect(newest.first?["id"] as? String == id)
            #expect(newest.first?["message"] as? String == "Ouvert dimanche ☀️")
        }
    }

    @Test func theTokenMustBeThePagesAndNotExpired() async throws {
        try await EmulatorClient.with { client in
            let invalid = try await client.graph("/\(client.page.id)", token: "EAAwrong", proof: .some(nil))
            #expect(invalid.status == 400)
            let error = try #require(invalid.object?["error"] as? [String: Any])
            #expect(error["code"] as? Int == 190)
            #expect(error["error_subcode"] as? Int == 467)
            #expect(error["message"] as? String == "Invalid OAuth access token.")
            #expect(invalid.header("x-app-usage") != nil)

            client.emulator.expireToken(page: "wfrunpage")
            let expired = try await client.graph("/\(client.page.id)/posts")
            #expect(expired.status == 400)
            let expiredError = try #require(expired.object?["error"] as? [String: Any])
            #expect(expiredError["code"] as? Int == 190)
            #expect(expiredError["error_subcode"] as? Int == 463)
            #expect((expiredError["message"] as? String)?.hasPrefix("Error validating access token: Session has expired on ") == true)
        }
    }

    @Test func appSecretProofIsChecked() async throws {
        try await EmulatorClient.with { client in
            let wrong = try await client.graph("/\(client.page.id)", proof: .some("0123abcd"))
            #expect(wrong.status == 400)
            let error = try #require(wrong.object?["error"] as? [String: Any])
            #expect(error["code"] as? Int == 100)
            #expect(error["message"] as? String == "Invalid appsecret_proof provided in the API argument")
            let missing = try await client.graph("/\(client.page.id)", proof: .some(nil))
            #expect(missing.status == 400)
            #expect((missing.object?["error"] as? [String: Any])?["message"] as? String == "API calls from the server require an appsecret_proof argument")
            #expect(try await client.graph("/\(client.page.id)").status == 200)
        }
        try await EmulatorClient.with(EmulatorConfiguration(requireAppSecretProof: false)) { client async throws in
            #expect(try await client.graph("/\(client.page.id)", proof: .some(nil)).status == 200)
        }
    }

    @Test func unknownObjectsAndPathsAreRefused() async throws {
        try await EmulatorClient.with(EmulatorConfiguration(pages: 2)) { client in
            let otherPage = client.emulator.dataset.facebookPages[1]
            #expect(otherPage.serviceName == "wfrunpage2")
            let foreign = try await client.graph("/\(otherPage.id)/posts")
            #expect(foreign.status == 400)
            #expect((foreign.object?["error"] as? [String: Any])?["error_subcode"] as? Int == 33)
            let deep = try await client.graph("/\(client.page.id)/posts/extra")
            #expect(deep.status == 400)
            #expect((deep.object?["error"] as? [String: Any])?["code"] as? Int == 2500)
            let versioned = try await client.get(
                client.emulator.xBaseURL.absoluteString + "/v19.0/\(client.page.id)?access_token=\(client.page.accessToken)&appsecret_proof=\(AppSecretProof.proof(accessToken: client.page.accessToken, appSecret: client.page.appSecret))")
            #expect(versioned.status == 200, "any vN.N version prefix is accepted")
        }
    }
}
