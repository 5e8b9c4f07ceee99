import WorkflowEngine
import WorkflowModel

/// Builds records from decoded X objects. Both API versions give the same follower record:
/// `id`, `username`, `name`, `verified`, `description`, `location`, `created_at` (ISO 8601 UTC),
/// `public_metrics` {`followers_count`, `following_count`, `tweet_count`}, `service`,
/// `service_folder`. An empty or absent description or location is `null` in both.
struct XRecords {
    /// The service's name, the same value for every record.
    let service: ExpressionValue
    /// Its visitor folder or null.
    let folder: ExpressionValue

    init(service: Service) {
        self.service = .string(service.name)
        folder = service.visitorFolder.map(ExpressionValue.string) ?? .null
    }

    /// A follower or account record from v1.1.
    func user(_ user: XResponses.V1User) -> Record {
        [
            "id": .string(user.identifier),
            "username": .string(user.screenName),
            "name": Self.text(user.name),
            "verified": .bool(user.verified ?? false),
            "description": Self.text(user.description),
            "location": Self.text(user.location),
            "created_at": user.createdAt.flatMap(XTime.iso(v1:)).map(ExpressionValue.string) ?? .null,
            "public_metrics": .object([
                "followers_count": Self.count(user.followersCount),
                "following_count": Self.count(user.friendsCount),
                "tweet_count": Self.count(user.statusesCount),
            ]),
            "service": service,
            "service_folder": folder,
        ]
    }

    /// A follower or account record from v2.
    func user(_ user: XResponses.V2User) -> Record {
        [
            "id": .string(user.id),
            "username": .string(user.username),
            "name": Self.text(user.name),
            "verified": .bool(user.verified ?? false),
            "description": Self.text(user.description),
            "location": Self.text(user.location),
            "created_at": user.createdAt.flatMap(XTime.iso(v2:)).map(ExpressionValue.string) ?? .null,
            "public_metrics": .object([
                "followers_count": Self.count(user.publicMetrics?.followersCount),
                "following_count": Self.count(user.publicMetrics?.followingCount),
                "tweet_count": Self.count(user.publicMetrics?.tweetCount),
            ]),
            "service": service,
            "service_folder": folder,
        ]
    }

    /// A post record from v1.1: only retweets and likes are known.
    func post(_ tweet: XResponses.V1Tweet) -> Record {
        var metrics: [String: ExpressionValue] = [:]
        if let retweets = tweet.retweetCount { metrics["retweet_count"] = .int(retweets) }
        if let likes = tweet.favoriteCount { metrics["like_count"] = .int(likes) }
        return [
            "id": .string(tweet.identifier),
            "text": Self.text(tweet.fullText ?? tweet.text),
            "created_at": tweet.createdAt.flatMap(XTime.iso(v1:)).map(ExpressionValue.string) ?? .null,
            "public_metrics": .object(metrics),
            "service": service,
        ]
    }

    /// A post record from v2, with link clicks when X shares them (own posts of the last 30 days).
    func post(_ tweet: XResponses.V2Tweet) -> Record {
        var record: Record = [
            "id": .string(tweet.id),
            "text": Self.text(tweet.text),
            "created_at": tweet.createdAt.flatMap(XTime.iso(v2:)).map(ExpressionValue.string) ?? .null,
            "service": service,
        ]
        var metrics: [String: ExpressionValue] = [:]
        if let value = tweet.publicMetrics {
            if let count = value.retweetCount { metrics["retweet_count"] = .int(count) }
            if let count = value.likeCount { metrics["like_count"] = .int(count) }
            if let count = value.replyCount { metrics["reply_count"] = .int(count) }
            if let count = value.quoteCount { metrics["quote_count"] = .int(count) }
            if let count = value.impressionCount { metrics["impression_count"] = .int(count) }
        }
        record["public_metrics"] = .object(metrics)
        if let clicks = tweet.nonPublicMetrics?.urlLinkClicks {
            record["non_public_metrics"] = .object(["url_link_clicks": .int(clicks)])
        }
        return record
    }

    private static func text(_ value: String?) -> ExpressionValue {
        guard let value, !value.isEmpty else { return .null }
        return .string(value)
    }

    private static func count(_ value: Int64?) -> ExpressionValue {
        value.map(ExpressionValue.int) ?? .null
    }
}
