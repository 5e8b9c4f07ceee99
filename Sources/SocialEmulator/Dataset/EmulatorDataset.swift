import Foundation

/// Everything the emulator serves, generated from the seed: X accounts and their followers and
/// posts, Facebook pages and their posts, comments, reactions and insights. Every entity is a
/// pure function of its indexes, so a million followers cost nothing until a page is served.
/// Unfollows are the server's state, not the dataset's (`SocialEmulator.unfollow`).
public struct EmulatorDataset: Sendable {
    /// The date posts are dated back from (2026-11-20T12:00:00Z): fixed, so that a seed always
    /// gives the same posts; the newest is posted at this moment, the oldest about 60 days earlier.
    public static let epoch = Date(timeIntervalSince1970: 1_795_176_000)

    /// Posts of each X account and of each page.
    public static let postsPerAccount = 30

    /// The seed of every generated value.
    public let seed: UInt64
    /// Followers of each X account (before unfollows).
    public let followersPerAccount: Int
    /// The X accounts: `wfrun_demo`, `wfrun_news`, `wfrun_proofs`.
    public var xAccounts: [EmulatedXAccount]
    /// The Facebook pages: `wfrunpage`, `wfrunpage2`, …
    public var facebookPages: [EmulatedPage]
    /// Every Nth generated person (indexes N−1, 2N−1, …) does not accept direct messages; 0: none.
    public let closedDirectMessagesEvery: Int

    /// The dataset of a configuration.
    public init(configuration: EmulatorConfiguration) {
        seed = configuration.seed
        followersPerAccount = configuration.followers
        closedDirectMessagesEvery = max(configuration.closedDirectMessagesEvery, 0)
        xAccounts = EmulatedXAccount.sandbox
        facebookPages = (0..<configuration.pages).map { Self.page(index: $0, seed: configuration.seed) }
    }

    // MARK: X

    /// The person with this global index (followers of all accounts are drawn from one population).
    public func user(index: Int) -> EmulatedUser {
        EmulatedUser.generate(index: index, seed: seed)
    }

    /// The global index of the user with this id, if it is one of the generated users.
    public func userIndex(id: String) -> Int? {
        EmulatedUser.index(ofID: id)
    }

    /// Whether the person or account with this id accepts direct messages from the accounts
    /// they follow: the accounts do, and every generated person except every Nth by index
    /// (`closedDirectMessagesEvery`). False for an id nobody has.
    public func acceptsDirectMessages(_ userID: String) -> Bool {
        if xAccount(id: userID) != nil { return true }
        guard let index = userIndex(id: userID) else { return false }
        return acceptsDirectMessages(index: index)
    }

    /// Whether the generated person with this global index accepts direct messages.
    public func acceptsDirectMessages(index: Int) -> Bool {
        closedDirectMessagesEvery == 0 || index % closedDirectMessagesEvery != closedDirectMessagesEvery - 1
    }

    /// The global indexes of an account's followers, in the order the API pages them:
    /// account k has `k·N/2 ..< k·N/2 + N`, so neighbouring accounts share half of them.
    public func followerIndexes(of account: EmulatedXAccount) -> Range<Int> {
        let first = account.index * followersPerAccount / 2
        return first..<(first + followersPerAccount)
    }

    /// An account's followers in the order the API pages them, generated lazily.
    public func followers(of account: EmulatedXAccount) -> LazyMapSequence<Range<Int>, EmulatedUser> {
        followerIndexes(of: account).lazy.map { user(index: $0) }
    }

    /// How many followers an account has (before unfollows).
    public func followerCount(of account: EmulatedXAccount) -> Int {
        followersPerAccount
    }

    /// The X account with this id.
    public func xAccount(id: String) -> EmulatedXAccount? {
        xAccounts.first { $0.id == id }
    }

    /// An account's 30 generated posts, newest first, about two days apart.
    public func posts(of account: EmulatedXAccount) -> [EmulatedPost] {
        (0..<Self.postsPerAccount).map { index in
            var random = SeededRandom(seed: seed, stream: .xPost, index: UInt64(account.index * 1_000 + index))
            let created = Self.epoch.addingTimeInterval(-Double(index * 2 * 86_400 + (index == 0 ? 0 : random.below(20 * 3_600))))
            let likes = Int(pow(10, random.unit() * 3.5))
            let impressions = likes * (20 + random.below(80)) + random.below(50)
            return EmulatedPost(
                id: String(EmulatedPost.snowflake(date: created, worker: account.index, sequence: index)),
                text: Self.postTexts[(index + account.index) % Self.postTexts.count] + " #\(Self.postsPerAccount - index)",
                createdAt: created,
                retweetCount: likes / 8 + random.below(3),
                replyCount: likes / 12 + random.below(4),
                likeCount: likes,
                quoteCount: likes / 40,
                impressionCount: impressions,
                urlLinkClicks: impressions / 60 + random.below(5),
                userProfileClicks: impressions / 90 + random.below(3))
        }
    }

    private static let postTexts = [
        "Nouvelle version de wfrun : les workflows reprennent là où ils s'étaient arrêtés ✨",
        "Ten lines of XML, one million followers synced. https://example.com/wfrun",
        "Grüße aus Zürich! Wir haben „Besucher“ & Abonnenten zusammengeführt.",
        "新しいワークフローを公開しました 🎉",
        "\"Quotes\", back\\slashes and new\nlines survive the round trip.",
        "Who's coming to the meetup on Thursday? 🍕",
        "Łódź, Kraków, Gdańsk — three cities, one workflow.",
    ]

    // MARK: Facebook

    /// The page with this id.
    public func page(id: String) -> EmulatedPage? {
        facebookPages.first { $0.id == id }
    }

    private static func page(index: Int, seed: UInt64) -> EmulatedPage {
        var random = SeededRandom(seed: seed, stream: .page, index: UInt64(index))
        let number = index + 1
        let serviceName = number == 1 ? "wfrunpage" : "wfrunpage\(number)"
        let id = String(100_200_300_400_001 + UInt64(index))
        let fans = 1_000 + random.below(50_000)
        return EmulatedPage(
            id: id, name: number == 1 ? "wfrun Café" : "wfrun Café \(number)", category: "Software",
            link: "https://www.facebook.com/\(serviceName)", followersCount: fans + random.below(2_000), fanCount: fans,
            serviceName: serviceName, accessToken: "EAAsandbox\(number)PageAccessTokenWfrun",
            appSecret: EmulatedPage.sandboxAppSecret, visitorFolder: "Facebook fans", index: index)
    }
}
