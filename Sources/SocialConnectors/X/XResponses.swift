/// The shapes of X's rarer responses (posts, publishing), decoded with exactly the fields wfrun
/// reads. Users — follower pages and the account — are read by `XUserDecoder` instead.
enum XResponses {
    /// A v1.1 tweet.
    struct V1Tweet: Decodable {
        var idStr: String?
        var id: Int64?
        var text: String?
        var fullText: String?
        var createdAt: String?
        var retweetCount: Int64?
        var favoriteCount: Int64?

        enum CodingKeys: String, CodingKey {
            case idStr = "id_str", id, text, fullText = "full_text", createdAt = "created_at"
            case retweetCount = "retweet_count", favoriteCount = "favorite_count"
        }

        var identifier: String { idStr ?? id.map(String.init) ?? "" }
    }

    /// `direct_messages/events/new.json`.
    struct V1DirectMessage: Decodable {
        struct Event: Decodable { var id: String }
        var event: Event
    }

    /// `{"data": …}`.
    struct V2Data<T: Decodable>: Decodable {
        var data: T
    }

    /// v2's `meta` of a page.
    struct V2Meta: Decodable {
        var resultCount: Int?
        var nextToken: String?

        enum CodingKeys: String, CodingKey {
            case resultCount = "result_count", nextToken = "next_token"
        }
    }

    /// A v2 page: `data` is absent when the page is empty.
    struct V2Page<T: Decodable>: Decodable {
        var data: [T]?
        var meta: V2Meta?
    }

    /// A v2 tweet.
    struct V2Tweet: Decodable {
        struct PublicMetrics: Decodable {
            var retweetCount: Int64?
            var replyCount: Int64?
            var likeCount: Int64?
            var quoteCount: Int64?
            var impressionCount: Int64?

            enum CodingKeys: String, CodingKey {
                case retweetCount = "retweet_count", replyCount = "reply_count", likeCount = "like_count"
                case quoteCount = "quote_count", impressionCount = "impression_count"
            }
        }
        struct NonPublicMetrics: Decodable {
            var urlLinkClicks: Int64?

            enum CodingKeys: String, CodingKey {
                case urlLinkClicks = "url_link_clicks"
            }
        }
        var id: String
        var text: String?
        var createdAt: String?
        var publicMetrics: PublicMetrics?
        var nonPublicMetrics: NonPublicMetrics?

        enum CodingKeys: String, CodingKey {
            case id, text, createdAt = "created_at", publicMetrics = "public_metrics", nonPublicMetrics = "non_public_metrics"
        }
    }

    /// `POST /2/tweets`.
    struct V2Created: Decodable {
        var id: String
    }

    /// `POST /2/dm_conversations/with/:id/messages`.
    struct V2DirectMessage: Decodable {
        var dmEventId: String

        enum CodingKeys: String, CodingKey {
            case dmEventId = "dm_event_id"
        }
    }
}
