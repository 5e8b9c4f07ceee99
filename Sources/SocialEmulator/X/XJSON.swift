import Foundation

/// Users and posts in the shapes of v1.1 and v2, written straight to a `JSONWriter`.
enum XJSON {
    // MARK: Users

    /// A v1.1 user object.
    static func v1User(_ user: EmulatedUser, into json: inout JSONWriter) {
        json.beginObject()
        json.key("id")
        json.raw(user.id)
        json.field("id_str", user.id)
        json.field("name", user.name)
        json.field("screen_name", user.username)
        json.field("location", user.location ?? "")
        json.field("description", user.description)
        json.key("url")
        json.null()
        json.field("protected", user.protected)
        json.field("followers_count", user.followersCount)
        json.field("friends_count", user.followingCount)
        json.field("listed_count", user.listedCount)
        json.field("created_at", Timestamps.twitterV1(user.createdAt))
        json.field("favourites_count", user.tweetCount / 3)
        json.field("verified", user.verified)
        json.field("statuses_count", user.tweetCount)
        json.field("default_profile_image", false)
        json.endObject()
    }

    /// The `user.fields` a v2 request asked for.
    struct UserFields: OptionSet {
        let rawValue: Int
        static let createdAt = UserFields(rawValue: 1)
        static let description = UserFields(rawValue: 2)
        static let location = UserFields(rawValue: 4)
        static let verified = UserFields(rawValue: 8)
        static let publicMetrics = UserFields(rawValue: 16)
        static let protected = UserFields(rawValue: 32)

        static let names: [String: UserFields] = [
            "created_at": .createdAt, "description": .description, "location": .location, "verified": .verified,
            "public_metrics": .publicMetrics, "protected": .protected,
        ]
    }

    /// A v2 user: `id`, `name`, `username`, then the requested fields (`location` only when set).
    static func v2User(_ user: EmulatedUser, fields: UserFields, into json: inout JSONWriter) {
        json.beginObject()
        json.field("id", user.id)
        json.field("name", user.name)
        json.field("username", user.username)
        if fields.contains(.createdAt) { json.field("created_at", Timestamps.iso8601Milliseconds(user.createdAt)) }
        if fields.contains(.description) { json.field("description", user.description) }
        if fields.contains(.location), let location = user.location { json.field("location", location) }
        if fields.contains(.verified) { json.field("verified", user.verified) }
        if fields.contains(.protected) { json.field("protected", user.protected) }
        if fields.contains(.publicMetrics) {
            json.key("public_metrics")
            json.beginObject()
            json.field("followers_count", user.followersCount)
            json.field("following_count", user.followingCount)
            json.field("tweet_count", user.tweetCount)
            json.field("listed_count", user.listedCount)
            json.endObject()
        }
        json.endObject()
    }

    // MARK: Posts

    /// A v1.1 tweet; with `author` nil the user is trimmed to its ids (`trim_user=true`).
    static func v1Tweet(_ post: EmulatedPost, authorID: String, author: EmulatedUser?, into json: inout JSONWriter) {
        json.beginObject()
        json.field("created_at", Timestamps.twitterV1(post.createdAt))
        json.key("id")
        json.raw(post.id)
        json.field("id_str", post.id)
        json.field("text", post.text)
        json.field("truncated", false)
        json.key("user")
        if let author {
            v1User(author, into: &json)
        } else {
            json.beginObject()
            json.key("id")
            json.raw(authorID)
            json.field("id_str", authorID)
            json.endObject()
        }
        json.field("retweet_count", post.retweetCount)
        json.field("favorite_count", post.likeCount)
        json.field("favorited", false)
        json.field("retweeted", false)
        json.field("lang", "und")
        json.endObject()
    }

    /// The `tweet.fields` a v2 request asked for.
    struct TweetFields: OptionSet {
        let rawValue: Int
        static let createdAt = TweetFields(rawValue: 1)
        static let publicMetrics = TweetFields(rawValue: 2)
        static let nonPublicMetrics = TweetFields(rawValue: 4)
        static let authorID = TweetFields(rawValue: 8)

        static let names: [String: TweetFields] = [
            "created_at": .createdAt, "public_metrics": .publicMetrics, "non_public_metrics": .nonPublicMetrics,
            "author_id": .authorID,
        ]
    }

    /// A v2 tweet: `id`, `text`, `edit_history_tweet_ids`, then the requested fields;
    /// `non_public_metrics` only when `privateMetrics` (the owner's posts of the last 30 days).
    static func v2Tweet(_ post: EmulatedPost, authorID: String, fields: TweetFields, privateMetrics: Bool, into json: inout JSONWriter) {
        json.beginObject()
        json.field("id", post.id)
        json.field("text", post.text)
        json.key("edit_history_tweet_ids")
        json.beginArray()
        json.value(post.id)
        json.endArray()
        if fields.contains(.authorID) { json.field("author_id", authorID) }
        if fields.contains(.createdAt) { json.field("created_at", Timestamps.iso8601Milliseconds(post.createdAt)) }
        if fields.contains(.publicMetrics) {
            json.key("public_metrics")
            json.beginObject()
            json.field("retweet_count", post.retweetCount)
            json.field("reply_count", post.replyCount)
            json.field("like_count", post.likeCount)
            json.field("quote_count", post.quoteCount)
            json.field("bookmark_count", post.likeCount / 20)
            json.field("impression_count", post.impressionCount)
            json.endObject()
        }
        if fields.contains(.nonPublicMetrics) && privateMetrics {
            json.key("non_public_metrics")
            json.beginObject()
            json.field("impression_count", post.impressionCount)
            json.field("url_link_clicks", post.urlLinkClicks)
            json.field("user_profile_clicks", post.userProfileClicks)
            json.endObject()
        }
        json.endObject()
    }
}

// MARK: Direct messages

extension XJSON {
    /// A v1.1 `message_create` event.
    static func v1MessageEvent(_ message: EmulatedMessage, into json: inout JSONWriter) {
        json.beginObject()
        json.field("type", "message_create")
        json.field("id", message.id)
        json.field("created_timestamp", String(Int64((message.createdAt.timeIntervalSince1970 * 1_000).rounded(.down))))
        json.key("message_create")
        json.beginObject()
        json.key("target")
        json.beginObject()
        json.field("recipient_id", message.recipientID)
        json.endObject()
        json.field("sender_id", message.senderID)
        json.key("message_data")
        json.beginObject()
        json.field("text", message.text)
        json.key("entities")
        json.raw(#"{"hashtags":[],"symbols":[],"user_mentions":[],"urls":[]}"#)
        json.endObject()
        json.endObject()
        json.endObject()
    }

    /// The `dm_event.fields` a v2 request asked for.
    struct MessageEventFields: OptionSet {
        let rawValue: Int
        static let createdAt = MessageEventFields(rawValue: 1)
        static let senderID = MessageEventFields(rawValue: 2)
        static let conversationID = MessageEventFields(rawValue: 4)

        static let names: [String: MessageEventFields] = [
            "created_at": .createdAt, "sender_id": .senderID, "dm_conversation_id": .conversationID,
        ]
    }

    /// A v2 `MessageCreate` event: `id`, `event_type`, `text`, then the requested fields.
    static func v2MessageEvent(_ message: EmulatedMessage, fields: MessageEventFields, into json: inout JSONWriter) {
        json.beginObject()
        json.field("id", message.id)
        json.field("event_type", "MessageCreate")
        json.field("text", message.text)
        if fields.contains(.senderID) { json.field("sender_id", message.senderID) }
        if fields.contains(.conversationID) { json.field("dm_conversation_id", message.conversationID) }
        if fields.contains(.createdAt) { json.field("created_at", Timestamps.iso8601Milliseconds(message.createdAt)) }
        json.endObject()
    }
}
