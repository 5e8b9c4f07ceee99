import WorkflowEngine
import WorkflowModel

/// Builds records from X's objects. Both API versions give the same follower record:
/// `id`, `username`, `name`, `verified`, `description`, `location`, `created_at` (ISO 8601 UTC),
/// `public_metrics` {`followers_count`, `following_count`, `tweet_count`}, `service`,
/// `service_folder`. An empty or absent description or location is `null` in both.
struct XRecords {
    /// The service's name, the same value for every record.
    let service: ExpressionValue
    /// Its visitor folder or null.
    let folder: ExpressionValue

    private let userTemplate: UserTemplate

    init(service: Service) {
        self.service = .string(service.name)
        folder = service.visitorFolder.map(ExpressionValue.string) ?? .null
        userTemplate = UserTemplate(service: self.service, folder: folder)
    }

    /// A follower record with every key, `service` and `service_folder` set, and the positions
    /// of its other values (and of `public_metrics`'s).
    private struct UserTemplate {
        let record: Record
        let metrics: [String: ExpressionValue]
        let id, username, name, verified, description, location, createdAt, publicMetrics: Record.Index
        let followers, following, tweets: [String: ExpressionValue].Index

        init(service: ExpressionValue, folder: ExpressionValue) {
            record = [
                "id": .null, "username": .null, "name": .null, "verified": .null, "description": .null, "location": .null,
                "created_at": .null, "public_metrics": .null, "service": service, "service_folder": folder,
            ]
            metrics = ["followers_count": .null, "following_count": .null, "tweet_count": .null]
            func slot(_ key: String, in record: Record) -> Record.Index { record.index(forKey: key)! }
            id = slot("id", in: record)
            username = slot("username", in: record)
            name = slot("name", in: record)
            verified = slot("verified", in: record)
            description = slot("description", in: record)
            location = slot("location", in: record)
            createdAt = slot("created_at", in: record)
            publicMetrics = slot("public_metrics", in: record)
            followers = slot("followers_count", in: metrics)
            following = slot("following_count", in: metrics)
            tweets = slot("tweet_count", in: metrics)
        }
    }

    /// A follower or account record, from either version.
    func user(_ user: XUserFields) -> Record {
        // The template's positions stay valid in a copy of it (`values` is a MutableCollection:
        // indices survive the copy-on-write of the first write), so no key is hashed per follower.
        var record = userTemplate.record
        let slots = userTemplate
        record.values[slots.id] = .string(user.id ?? "")
        record.values[slots.username] = .string(user.username ?? "")
        record.values[slots.name] = Self.text(user.name)
        record.values[slots.verified] = .bool(user.verified ?? false)
        record.values[slots.description] = Self.text(user.description)
        record.values[slots.location] = Self.text(user.location)
        record.values[slots.createdAt] = user.createdAt.map(ExpressionValue.string) ?? .null
        var metrics = slots.metrics
        metrics.values[slots.followers] = Self.count(user.followersCount)
        metrics.values[slots.following] = Self.count(user.followingCount)
        metrics.values[slots.tweets] = Self.count(user.tweetCount)
        record.values[slots.publicMetrics] = .object(metrics)
        return record
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

/// A user's fields as X sent them, read by `XUserDecoder`; `createdAt` already in ISO 8601 UTC.
struct XUserFields {
    var id: String?
    var username: String?
    var name: String?
    var verified: Bool?
    var description: String?
    var location: String?
    var createdAt: String?
    var followersCount: Int64?
    var followingCount: Int64?
    var tweetCount: Int64?
}
