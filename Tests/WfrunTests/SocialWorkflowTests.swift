import Foundation
import SocialEmulator
import Testing

/// The five shipped social workflows, run by the real `wfrun` against the emulator over
/// loopback, for X API 1.1 and 2: the exact rows they must write, computed from the emulator's
/// dataset (every visitor field, subscriptions, statistics).
@Suite(.ownThread, .serialized) struct SocialWorkflowTests {
    static let configuration = EmulatorConfiguration(seed: 11, followers: 240, pages: 1)

    /// Today in UTC, as `date(now())` gives it.
    static var today: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    static func line(_ row: [String: String], _ columns: [String]) -> String {
        columns.map { row[$0] ?? "(missing)" }.joined(separator: " | ")
    }

    // MARK: syncTwitter

    @Test(arguments: ["1.1", "2"])
    func syncTwitterFillsVisitorsAndSubscriptions(apiVersion: String) async throws {
        try await withTemporaryFolder { folder in
            let sandbox = try await SocialSandbox.start(Self.configuration, apiVersion: apiVersion, in: folder)
            defer { Task { await sandbox.shutdown() } }
            let dataset = sandbox.emulator.dataset
            let synchronized = dataset.xAccounts.filter(\.syncSubscriptions)
            #expect(synchronized.map(\.screenName) == ["wfrun_demo", "wfrun_news"])

            let first = try await sandbox.run("syncTwitter.xml")
            #expect(first.exitCode == 0, "\(first)")

            // Every follower once; someone who follows both accounts keeps the folder of the
            // account read last (the services are read in the file's order).
            var expected: [String: String] = [:]
            for account in synchronized {
                for user in dataset.followers(of: account) {
                    expected[user.id] = [
                        "Twitter", user.id, user.username, user.name, String(user.followersCount), String(user.verified),
                        account.visitorFolder,
                    ].joined(separator: " | ")
                }
            }
            let columns = ["origin", "external_id", "username", "full_name", "friends", "verified", "folder"]
            let visitors = try await sandbox.rows("visitor")
            #expect(visitors.count == 360)
            #expect(visitors.map { Self.line($0, columns) }.sorted() == expected.values.sorted())
            #expect(visitors.contains { ($0["full_name"] ?? "").unicodeScalars.contains { !$0.isASCII } })

            let subscriptions = try await sandbox.rows("subscription")
            let expectedSubscriptions = synchronized.flatMap { account in
                dataset.followers(of: account).map { "\(account.screenName) | Twitter | \($0.id) | ∅" }
            }
            #expect(subscriptions.map { Self.line($0, ["service", "origin", "external_id", "ended_at"]) }.sorted() == expectedSubscriptions.sorted())
            let firstDates = Dictionary(uniqueKeysWithValues: subscriptions.map { (($0["service"] ?? "") + "/" + ($0["external_id"] ?? ""), $0["subscribed_at"] ?? "") })
            #expect(firstDates.values.allSatisfy { $0 != "∅" && !$0.isEmpty })

            // A follower who left has the subscription ended, not deleted; the rest is untouched.
            let leaver = try #require(dataset.followers(of: synchronized[0]).first)
            sandbox.emulator.unfollow(account: synchronized[0].screenName, userID: leaver.id)
            // The second run starts in a later second than every subscribed_at written, so that
            // a rewritten one would differ.
            let latest = try #require(firstDates.values.compactMap { ISO8601DateFormatter().date(from: $0) }.max(), "\(firstDates.values.first ?? "")")
            try await waitForTheClock(toPass: latest.addingTimeInterval(1))
            let second = try await sandbox.run("syncTwitter.xml")
            #expect(second.exitCode == 0, "\(second)")
            let after = try await sandbox.rows("subscription")
            #expect(after.count == subscriptions.count)
            let ended = after.filter { $0["ended_at"] != "∅" }
            #expect(ended.map { "\($0["service"] ?? "")/\($0["external_id"] ?? "")" } == ["wfrun_demo/\(leaver.id)"])
            #expect(after.allSatisfy { firstDates[($0["service"] ?? "") + "/" + ($0["external_id"] ?? "")] == $0["subscribed_at"] })
            #expect(try await sandbox.rows("visitor").count == 360)
        }
    }

    // MARK: statsTwitter

    @Test(arguments: ["1.1", "2"])
    func statsTwitterRecordsEachPostOfEachAccount(apiVersion: String) async throws {
        try await withTemporaryFolder { folder in
            let sandbox = try await SocialSandbox.start(Self.configuration, apiVersion: apiVersion, in: folder)
            defer { Task { await sandbox.shutdown() } }
            let outcome = try await sandbox.run("statsTwitter.xml")
            #expect(outcome.exitCode == 0, "\(outcome)")
            let now = Date()
            let day = Self.today
            let expected = sandbox.emulator.dataset.xAccounts.flatMap { account in
                sandbox.emulator.dataset.posts(of: account).map { post -> String in
                    let values: [String] = apiVersion == "2"
                        ? [String(post.retweetCount), String(post.likeCount), String(post.replyCount), String(post.quoteCount),
                           String(post.impressionCount), post.hasNonPublicMetrics(now: now) ? String(post.urlLinkClicks) : "0"]
                        // v1.1 has retweet and favorite counts only; link clicks count 0 (coalesce).
                        : [String(post.retweetCount), String(post.likeCount), "∅", "∅", "∅", "0"]
                    return (["Twitter", post.id, day] + values).joined(separator: " | ")
                }
            }
            let columns = ["origin", "post_id", "day", "retweets", "likes", "replies", "quotes", "impressions", "link_clicks"]
            let rows = try await sandbox.rows("post_stats")
            #expect(rows.count == 90)
            #expect(rows.map { Self.line($0, columns) }.sorted() == expected.sorted())
        }
    }

    // MARK: Facebook

    @Test func syncFacebookSavesEachPage() async throws {
        try await withTemporaryFolder { folder in
            let sandbox = try await SocialSandbox.start(EmulatorConfiguration(seed: 11, followers: 10, pages: 2), in: folder)
            defer { Task { await sandbox.shutdown() } }
            let outcome = try await sandbox.run("syncFacebook.xml")
            #expect(outcome.exitCode == 0, "\(outcome)")
            let expected = sandbox.emulator.dataset.facebookPages.map { page in
                [page.serviceName, page.id, page.name, page.category, String(page.followersCount), page.link].joined(separator: " | ")
            }
            let rows = try await sandbox.rows("page")
            #expect(rows.map { Self.line($0, ["service", "page_id", "name", "category", "followers", "link"]) }.sorted() == expected.sorted())
        }
    }

    @Test func syncFacebookFansSavesThePeopleWhoEngage() async throws {
        try await withTemporaryFolder { folder in
            let sandbox = try await SocialSandbox.start(Self.configuration, in: folder)
            defer { Task { await sandbox.shutdown() } }
            let outcome = try await sandbox.run("syncFacebookFans.xml")
            #expect(outcome.exitCode == 0, "\(outcome)")
            let dataset = sandbox.emulator.dataset
            var expected: [String: String] = [:]
            for page in dataset.facebookPages {
                for post in dataset.posts(of: page).prefix(25) {
                    let people = dataset.comments(on: post).compactMap(\.from) + dataset.reactions(on: post).map(\.person)
                    for person in people where person.id != page.id {
                        expected[person.id] = ["Facebook", person.id, "∅", person.name, "∅", "false", page.visitorFolder].joined(separator: " | ")
                    }
                }
            }
            #expect(expected.count > 10)
            let columns = ["origin", "external_id", "username", "full_name", "friends", "verified", "folder"]
            let rows = try await sandbox.rows("visitor")
            #expect(rows.map { Self.line($0, columns) }.sorted() == expected.values.sorted())
        }
    }

    @Test func statsFacebookRecordsPostsAndInsights() async throws {
        try await withTemporaryFolder { folder in
            let sandbox = try await SocialSandbox.start(Self.configuration, in: folder)
            defer { Task { await sandbox.shutdown() } }
            let outcome = try await sandbox.run("statsFacebook.xml")
            #expect(outcome.exitCode == 0, "\(outcome)")
            let dataset = sandbox.emulator.dataset
            let day = Self.today
            let posts = dataset.facebookPages.flatMap { page in
                dataset.posts(of: page).map { post in
                    ["Facebook", post.id, day, String(post.shares ?? 0), String(post.reactionCount), String(post.commentCount)].joined(separator: " | ")
                }
            }
            let postRows = try await sandbox.rows("post_stats")
            #expect(postRows.map { Self.line($0, ["origin", "post_id", "day", "shares", "reactions", "comments"]) }.sorted() == posts.sorted())

            let utc = ISO8601DateFormatter()
            utc.formatOptions = [.withFullDate]
            let now = Date()
            let insights = dataset.facebookPages.flatMap { page in
                ["page_follows", "page_post_engagements", "page_total_actions", "page_media_view"].flatMap { metric in
                    dataset.insights(of: page, metric: metric, now: now).map { value in
                        [page.id, utc.string(from: value.endTime), metric, String(value.value)].joined(separator: " | ")
                    }
                }
            }
            #expect(insights.count == 8)
            let pageRows = try await sandbox.rows("page_stats")
            #expect(pageRows.map { Self.line($0, ["page_id", "day", "metric", "value"]) }.sorted() == insights.sorted())
        }
    }
}
