import Foundation
import WorkflowModel

/// The v2 endpoints.
extension XAPI {
    /// Fields X knows for users: the emulator writes the ones it models and accepts the others.
    static let knownUserFields: Set<String> = [
        "affiliation", "connection_status", "created_at", "description", "entities", "id", "is_identity_verified",
        "location", "most_recent_tweet_id", "name", "parody", "pinned_tweet_id", "profile_banner_url",
        "profile_image_url", "protected", "public_metrics", "receives_your_dm", "subscription", "subscription_type",
        "url", "username", "verified", "verified_followers_count", "verified_type", "withheld",
    ]

    /// Fields X knows for posts.
    static let knownTweetFields: Set<String> = [
        "article", "attachments", "author_id", "card_uri", "community_id", "context_annotations", "conversation_id",
        "created_at", "display_text_range", "edit_controls", "edit_history_tweet_ids", "entities", "geo", "id",
        "in_reply_to_user_id", "lang", "media_metadata", "non_public_metrics", "note_tweet", "organic_metrics",
        "possibly_sensitive", "promoted_metrics", "public_metrics", "referenced_tweets", "reply_settings", "scopes",
        "source", "text", "withheld",
    ]

    /// Reads a comma-separated fields parameter; the error names the first unknown field.
    static func fields<Fields: OptionSet>(
        _ request: APIRequest, parameter: String, known: Set<String>, names: [String: Fields]
    ) -> Result<Fields, APIResponseError> {
        var fields = Fields()
        guard let text = request.queryValue(parameter) else { return .success(fields) }
        for name in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard known.contains(name) else {
                let list = known.sorted().joined(separator: ", ")
                return .failure(APIResponseError(XErrors.v2InvalidRequest([
                    (parameter, name, "The `\(parameter)` query parameter value [\(name)] is not one of [\(list)]")
                ])))
            }
            if let field = names[name] { fields.formUnion(field) }
        }
        return .success(fields)
    }

    static func maxResults(_ request: APIRequest, default defaultValue: Int, range: ClosedRange<Int>) -> Result<Int, APIResponseError> {
        guard let text = request.queryValue("max_results") else { return .success(defaultValue) }
        guard let value = Int(text), range.contains(value) else {
            return .failure(APIResponseError(XErrors.v2InvalidRequest([
                ("max_results", text, "The `max_results` query parameter value [\(text)] is not between \(range.lowerBound) and \(range.upperBound)")
            ])))
        }
        return .success(value)
    }

    static func paginationStart(_ request: APIRequest) -> Result<Int, APIResponseError> {
        guard let token = request.queryValue("pagination_token") else { return .success(0) }
        guard let position = PagingToken.position(token: token) else {
            return .failure(APIResponseError(XErrors.v2InvalidRequest([
                ("pagination_token", token, "The `pagination_token` query parameter value [\(token)] is not valid")
            ])))
        }
        return .success(position)
    }

    /// Checks a path id: digits only, else 400; an id nobody has: 200 with a not-found error.
    func v2Target(id: String) -> Result<EmulatedXAccount?, APIResponseError> {
        guard !id.isEmpty, id.count <= 19, id.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .failure(APIResponseError(XErrors.v2InvalidRequest([
                ("id", id, "The `id` query parameter value [\(id)] does not match ^[0-9]{1,19}$")
            ])))
        }
        if let account = dataset.xAccount(id: id) { return .success(account) }
        if dataset.userIndex(id: id) != nil { return .success(nil) }
        return .failure(APIResponseError(XErrors.v2UserNotFound(id: id, parameter: "id")))
    }

    /// `GET /2/users/me`
    func v2Me(_ request: APIRequest, account: EmulatedXAccount) -> APIResponse {
        let fields: XJSON.UserFields
        switch Self.fields(request, parameter: "user.fields", known: Self.knownUserFields, names: XJSON.UserFields.names) {
        case .success(let parsed): fields = parsed
        case .failure(let error): return error.response
        }
        var json = JSONWriter()
        json.beginObject()
        json.key("data")
        XJSON.v2User(user(of: account), fields: fields, into: &json)
        json.endObject()
        return APIResponse(status: 200, json: json.bytes)
    }

    /// `GET /2/users/:id/followers`: 100 per page by default, 1 to 1000; `meta.next_token` until
    /// the last page; no `data` when there is nobody.
    func v2Followers(_ request: APIRequest, id: String) -> APIResponse {
        do throws(APIResponseError) {
            let target = try v2Target(id: id).get()
            let fields = try Self.fields(request, parameter: "user.fields", known: Self.knownUserFields, names: XJSON.UserFields.names).get()
            let count = try Self.maxResults(request, default: 100, range: 1...1_000).get()
            let start = try Self.paginationStart(request).get()
            let page = target.map { followerPage(of: $0, from: start, count: count) } ?? (indexes: [], next: nil)
            var json = JSONWriter(capacity: 256 + page.indexes.count * 360)
            json.beginObject()
            if !page.indexes.isEmpty {
                json.key("data")
                json.beginArray()
                for index in page.indexes { XJSON.v2User(dataset.user(index: index), fields: fields, into: &json) }
                json.endArray()
            }
            json.key("meta")
            json.beginObject()
            json.field("result_count", page.indexes.count)
            if let next = page.next { json.field("next_token", PagingToken.token(position: next)) }
            json.endObject()
            json.endObject()
            var response = APIResponse(status: 200, json: json.bytes)
            if let target, !page.indexes.isEmpty {
                response.followerPage = FollowerPage(account: target.screenName, start: start, count: page.indexes.count)
            }
            return response
        } catch {
            return error.response
        }
    }

    /// `GET /2/users/:id/tweets`: 10 per page by default, 5 to 100; `non_public_metrics` only on
    /// the caller's own posts of the last 30 days.
    func v2Tweets(_ request: APIRequest, id: String, account: EmulatedXAccount, now: Date) -> APIResponse {
        do throws(APIResponseError) {
            let target = try v2Target(id: id).get()
            let fields = try Self.fields(request, parameter: "tweet.fields", known: Self.knownTweetFields, names: XJSON.TweetFields.names).get()
            let count = try Self.maxResults(request, default: 10, range: 5...100).get()
            let start = try Self.paginationStart(request).get()
            let posts = target.map { timeline(of: $0) } ?? []
            let page = start < posts.count ? posts[start..<min(posts.count, start + count)] : []
            let owner = target?.id == account.id
            var json = JSONWriter(capacity: 512 + page.count * 400)
            json.beginObject()
            if !page.isEmpty {
                json.key("data")
                json.beginArray()
                for post in page {
                    XJSON.v2Tweet(
                        post, authorID: id, fields: fields, privateMetrics: owner && post.hasNonPublicMetrics(now: now), into: &json)
                }
                json.endArray()
            }
            json.key("meta")
            json.beginObject()
            json.field("result_count", page.count)
            if let newest = page.first, let oldest = page.last {
                json.field("newest_id", newest.id)
                json.field("oldest_id", oldest.id)
            }
            if start + count < posts.count { json.field("next_token", PagingToken.token(position: start + count)) }
            json.endObject()
            json.endObject()
            return APIResponse(status: 200, json: json.bytes)
        } catch {
            return error.response
        }
    }

    /// The `text` of a v2 JSON body, or the 400 for a body without one.
    static func text(of request: APIRequest) -> Result<String, APIResponseError> {
        guard let body = jsonObject(request.body) else {
            return .failure(APIResponseError(XErrors.v2InvalidBody("Request body is not valid JSON.")))
        }
        guard case .string(let text)? = body["text"], !text.isEmpty else {
            return .failure(APIResponseError(XErrors.v2InvalidBody("$.text: is missing but it is required")))
        }
        return .success(text)
    }

    /// `POST /2/tweets`, JSON `{"text":"…"}`: 201.
    func v2CreateTweet(_ request: APIRequest, account: EmulatedXAccount, now: Date) -> APIResponse {
        let text: String
        switch Self.text(of: request) {
        case .success(let value): text = value
        case .failure(let error): return error.response
        }
        guard text.count <= Self.maximumPostLength else {
            return XErrors.v2Problem(status: 403, title: "Forbidden", detail: "Your Tweet text is too long.", type: "about:blank")
        }
        guard let post = publish(text: text, account: account, now: now) else {
            return XErrors.v2Problem(
                status: 403, title: "Forbidden", detail: "You are not allowed to create a Tweet with duplicate content.",
                type: "about:blank")
        }
        var json = JSONWriter()
        json.beginObject()
        json.key("data")
        json.beginObject()
        json.field("id", post.id)
        json.field("text", post.text)
        json.key("edit_history_tweet_ids")
        json.beginArray()
        json.value(post.id)
        json.endArray()
        json.endObject()
        json.endObject()
        return APIResponse(status: 201, json: json.bytes)
    }
}
