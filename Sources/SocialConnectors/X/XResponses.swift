/// The shapes of X's rarer responses (posts, publishing), read with exactly the fields wfrun
/// reads. Users — follower pages and the account — are read by `XUserDecoder` instead.
enum XResponses {
    /// A v1.1 tweet.
    struct V1Tweet: JSONResponse {
        var idStr: String?
        var id: Int64?
        var text: String?
        var fullText: String?
        var createdAt: String?
        var retweetCount: Int64?
        var favoriteCount: Int64?

        init(json: JSONNode) throws {
            idStr = try json.optional("id_str")?.string()
            id = try json.optional("id")?.int64()
            text = try json.optional("text")?.string()
            fullText = try json.optional("full_text")?.string()
            createdAt = try json.optional("created_at")?.string()
            retweetCount = try json.optional("retweet_count")?.int64()
            favoriteCount = try json.optional("favorite_count")?.int64()
        }

        var identifier: String { idStr ?? id.map(String.init) ?? "" }
    }

    /// `direct_messages/events/new.json`: `{"event": {"id": …}}`.
    struct V1DirectMessage: JSONResponse {
        var eventID: String

        init(json: JSONNode) throws {
            eventID = try json.required("event").required("id").string()
        }
    }

    /// `{"data": …}`.
    struct V2Data<T: JSONResponse>: JSONResponse {
        var data: T

        init(json: JSONNode) throws {
            data = try json.required("data").read()
        }
    }

    /// v2's `meta` of a page.
    struct V2Meta: JSONResponse {
        var resultCount: Int?
        var nextToken: String?

        init(json: JSONNode) throws {
            resultCount = try json.optional("result_count")?.int()
            nextToken = try json.optional("next_token")?.string()
        }
    }

    /// A v2 page: `data` is absent when the page is empty.
    struct V2Page<T: JSONResponse>: JSONResponse {
        var data: [T]?
        var meta: V2Meta?

        init(json: JSONNode) throws {
            data = try json.optional("data")?.read()
            meta = try json.optional("meta")?.read()
        }
    }

    /// A v2 tweet.
    struct V2Tweet: JSONResponse {
        struct PublicMetrics {
            var retweetCount: Int64?
            var replyCount: Int64?
            var likeCount: Int64?
            var quoteCount: Int64?
            var impressionCount: Int64?
        }
        struct NonPublicMetrics {
            var urlLinkClicks: Int64?
        }
        var id: String
        var text: String?
        var createdAt: String?
        var publicMetrics: PublicMetrics?
        var nonPublicMetrics: NonPublicMetrics?

        init(json: JSONNode) throws {
            id = try json.required("id").string()
            text = try json.optional("text")?.string()
            createdAt = try json.optional("created_at")?.string()
            publicMetrics = try json.optional("public_metrics").map { metrics in
                PublicMetrics(
                    retweetCount: try metrics.optional("retweet_count")?.int64(), replyCount: try metrics.optional("reply_count")?.int64(),
                    likeCount: try metrics.optional("like_count")?.int64(), quoteCount: try metrics.optional("quote_count")?.int64(),
                    impressionCount: try metrics.optional("impression_count")?.int64())
            }
            nonPublicMetrics = try json.optional("non_public_metrics").map { metrics in
                NonPublicMetrics(urlLinkClicks: try metrics.optional("url_link_clicks")?.int64())
            }
        }
    }

    /// `POST /2/tweets`: `{"data": {"id": …}}`.
    struct V2Created: JSONResponse {
        var id: String

        init(json: JSONNode) throws {
            id = try json.required("id").string()
        }
    }

    /// `POST /2/dm_conversations/with/:id/messages`.
    struct V2DirectMessage: JSONResponse {
        var dmEventId: String

        init(json: JSONNode) throws {
            dmEventId = try json.required("dm_event_id").string()
        }
    }
}
