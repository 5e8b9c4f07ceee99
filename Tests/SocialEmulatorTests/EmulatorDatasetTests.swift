import Foundation
import SocialEmulator
import Testing

/// The generated world: deterministic from the seed, lazily generated, with the variety tests need.
struct EmulatorDatasetTests {
    @Test func theSameSeedGivesTheSameWorld() {
        let one = EmulatorDataset(configuration: EmulatorConfiguration(seed: 7, followers: 100, pages: 2))
        let two = EmulatorDataset(configuration: EmulatorConfiguration(seed: 7, followers: 100, pages: 2))
        let other = EmulatorDataset(configuration: EmulatorConfiguration(seed: 8, followers: 100, pages: 2))
        #expect(Array(one.followers(of: one.xAccounts[0])) == Array(two.followers(of: two.xAccounts[0])))
        #expect(Array(one.followers(of: one.xAccounts[0])) != Array(other.followers(of: other.xAccounts[0])))
        #expect(one.posts(of: one.facebookPages[1]) == two.posts(of: two.facebookPages[1]))
        #expect(one.posts(of: one.xAccounts[2]) == two.posts(of: two.xAccounts[2]))
    }

    @Test func theSandboxAccounts() {
        let dataset = EmulatorDataset(configuration: EmulatorConfiguration(pages: 3))
        #expect(dataset.xAccounts.map(\.screenName) == ["wfrun_demo", "wfrun_news", "wfrun_proofs"])
        #expect(dataset.xAccounts.map(\.visitorFolder) == ["Visitors", "News followers", "Visitors"])
        #expect(dataset.xAccounts.map(\.syncSubscriptions) == [true, true, false])
        #expect(dataset.xAccounts.map(\.test) == [false, false, true])
        #expect(Set(dataset.xAccounts.map(\.credentials.consumerKey)).count == 1)
        #expect(Set(dataset.xAccounts.map(\.credentials.token)).count == 3)
        #expect(dataset.facebookPages.map(\.serviceName) == ["wfrunpage", "wfrunpage2", "wfrunpage3"])
        #expect(Set(dataset.facebookPages.map(\.accessToken)).count == 3)
        #expect(Set(dataset.facebookPages.map(\.appSecret)).count == 1)
    }

    @Test func followersAreGeneratedFromTheirIndexAndOverlapByHalf() {
        let dataset = EmulatorDataset(configuration: EmulatorConfiguration(followers: 1_000_000))
        let demo = dataset.followerIndexes(of: dataset.xAccounts[0])
        let news = dataset.followerIndexes(of: dataset.xAccounts[1])
        #expect(demo == 0..<1_000_000 && news == 500_000..<1_500_000)
        let last = dataset.user(index: 999_999)
        #expect(dataset.userIndex(id: last.id) == 999_999)
        #expect(dataset.followers(of: dataset.xAccounts[1]).first { _ in true } == dataset.user(index: 500_000))
    }

    @Test func peopleVary() {
        let dataset = EmulatorDataset(configuration: EmulatorConfiguration(followers: 2_000))
        let users = Array(dataset.followers(of: dataset.xAccounts[0]))
        #expect(Set(users.map(\.id)).count == 2_000)
        #expect(Set(users.map(\.username)).count == 2_000)
        #expect(users.filter { !$0.name.allSatisfy(\.isASCII) }.count > 600)
        #expect(users.contains { $0.name == "李雷" })
        let verified = users.filter(\.verified).count
        #expect((160...360).contains(verified))
        let magnitudes = Set(users.map { String($0.followersCount).count })
        #expect(magnitudes.count >= 5, "follower counts spread over several orders of magnitude")
        #expect(users.contains { $0.location == nil } && users.contains { $0.description.isEmpty })
        #expect(users.allSatisfy { $0.username.count <= 15 })
    }

    @Test func xPostsAreSpreadOverSixtyDaysBeforeTheEpoch() {
        let dataset = EmulatorDataset(configuration: EmulatorConfiguration())
        let posts = dataset.posts(of: dataset.xAccounts[0])
        #expect(posts.count == 30)
        #expect(posts.first?.createdAt == EmulatorDataset.epoch)
        #expect(posts.map(\.createdAt) == posts.map(\.createdAt).sorted(by: >))
        #expect(EmulatorDataset.epoch.timeIntervalSince(posts.last!.createdAt) > 55 * 86_400)
        let ids = posts.compactMap { UInt64($0.id) }
        #expect(ids == ids.sorted(by: >), "snowflake ids grow with time")
        let now = EmulatorDataset.epoch.addingTimeInterval(86_400)
        #expect(posts.filter { $0.hasNonPublicMetrics(now: now) }.count == 15)
    }

    @Test func pagePostsCommentsAndReactions() {
        let dataset = EmulatorDataset(configuration: EmulatorConfiguration())
        let page = dataset.facebookPages[0]
        let posts = dataset.posts(of: page)
        #expect(posts.count == 30)
        #expect(posts.contains { $0.shares == nil } && posts.contains { $0.shares != nil })
        #expect(posts.contains { $0.commentCount > 100 } && posts.contains { $0.reactionCount > 100 })
        let comments = posts.flatMap { dataset.comments(on: $0) }
        #expect(comments.contains { $0.from == nil })
        let reactions = dataset.reactions(on: posts[1])
        #expect(Set(reactions.map(\.person.id)).count == reactions.count)
    }
}
