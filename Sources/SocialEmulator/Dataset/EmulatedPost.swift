import Foundation

/// A post of one of the emulator's X accounts, with its public and private metrics.
public struct EmulatedPost: Sendable, Hashable {
    /// The snowflake id (ids grow with time, as on X), as a string.
    public var id: String
    /// The text.
    public var text: String
    /// When it was posted (whole seconds).
    public var createdAt: Date
    /// Reposts.
    public var retweetCount: Int
    /// Replies.
    public var replyCount: Int
    /// Likes.
    public var likeCount: Int
    /// Quotes.
    public var quoteCount: Int
    /// Views.
    public var impressionCount: Int
    /// Clicks on links of the post (a non-public metric).
    public var urlLinkClicks: Int
    /// Clicks on the author's profile from the post (a non-public metric).
    public var userProfileClicks: Int

    /// Creates a post.
    public init(
        id: String, text: String, createdAt: Date, retweetCount: Int, replyCount: Int, likeCount: Int,
        quoteCount: Int, impressionCount: Int, urlLinkClicks: Int, userProfileClicks: Int
    ) {
        self.id = id
        self.text = text
        self.createdAt = createdAt
        self.retweetCount = retweetCount
        self.replyCount = replyCount
        self.likeCount = likeCount
        self.quoteCount = quoteCount
        self.impressionCount = impressionCount
        self.urlLinkClicks = urlLinkClicks
        self.userProfileClicks = userProfileClicks
    }

    /// Whether X shows its non-public metrics at `now`: only for posts of the last 30 days.
    public func hasNonPublicMetrics(now: Date) -> Bool {
        now.timeIntervalSince(createdAt) <= 30 * 86_400
    }

    /// The snowflake id of a post made at `date`: milliseconds since X's epoch, then a worker
    /// and a sequence number, so ids sort by time and never collide between accounts.
    static func snowflake(date: Date, worker: Int, sequence: Int) -> UInt64 {
        let milliseconds = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded()) - 1_288_834_974_657)
        return milliseconds << 22 | UInt64(worker & 0x3FF) << 12 | UInt64(sequence & 0xFFF)
    }

    /// The numeric value of a snowflake id string.
    var numericID: UInt64 { UInt64(id) ?? 0 }
}
