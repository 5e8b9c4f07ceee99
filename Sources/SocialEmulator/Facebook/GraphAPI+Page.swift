import Foundation

/// The page node and its edges: posts, insights, publishing to the feed.
extension GraphAPI {
    /// The fields requested, or the node's default ones; the error names an unknown field.
    func fields(_ call: Call, known: Set<String>, defaults: [String], node: String) -> Result<[GraphField], APIResponseError> {
        guard let text = call.request.queryValue("fields") else {
            return .success(defaults.map { GraphField(name: $0) })
        }
        let fields = GraphField.parse(text)
        if let unknown = fields.first(where: { !known.contains($0.name) }) {
            return .failure(APIResponseError(GraphErrors.nonexistingField(unknown.name, node: node, trace: call.trace)))
        }
        return .success(fields)
    }

    /// `GET /{page-id}`
    func pageObject(_ call: Call) -> APIResponse {
        let known: Set<String> = ["id", "name", "category", "link", "followers_count", "fan_count", "username"]
        let requested: [GraphField]
        switch fields(call, known: known, defaults: ["name", "id"], node: "Page") {
        case .success(let value): requested = value
        case .failure(let error): return error.response
        }
        let page = call.page
        var json = JSONWriter()
        json.beginObject()
        for field in requested {
            switch field.name {
            case "id": json.field("id", page.id)
            case "name": json.field("name", page.name)
            case "category": json.field("category", page.category)
            case "link": json.field("link", page.link)
            case "followers_count": json.field("followers_count", page.followersCount)
            case "fan_count": json.field("fan_count", page.fanCount)
            default: json.field("username", page.serviceName)
            }
        }
        json.endObject()
        return APIResponse(status: 200, json: json.bytes)
    }

    static let postFields: Set<String> = [
        "id", "message", "created_time", "permalink_url", "shares", "reactions", "comments", "from", "status_type",
    ]
    static let postDefaults = ["created_time", "message", "id"]

    /// `GET /{page-id}/posts` (also `/feed` and `/published_posts`): newest first, 25 per page.
    func posts(_ call: Call) -> APIResponse {
        let requested: [GraphField]
        switch fields(call, known: Self.postFields, defaults: Self.postDefaults, node: "Post") {
        case .success(let value): requested = value
        case .failure(let error): return error.response
        }
        let posts = allPosts(of: call.page)
        return paged(call, list: "posts.\(call.page.id)", total: posts.count, defaultLimit: 25) { position, json in
            writePost(posts[position], fields: requested, call: call, into: &json)
        }
    }

    /// `GET /{post-id}`
    func postObject(_ call: Call, post: EmulatedPagePost) -> APIResponse {
        switch fields(call, known: Self.postFields, defaults: Self.postDefaults, node: "Post") {
        case .success(let requested):
            var json = JSONWriter()
            writePost(post, fields: requested, call: call, into: &json)
            return APIResponse(status: 200, json: json.bytes)
        case .failure(let error):
            return error.response
        }
    }

    private func writePost(_ post: EmulatedPagePost, fields: [GraphField], call: Call, into json: inout JSONWriter) {
        json.beginObject()
        for field in fields {
            switch field.name {
            case "id": json.field("id", post.id)
            case "message": if let message = post.message { json.field("message", message) }
            case "created_time": json.field("created_time", Timestamps.graph(post.createdTime))
            case "permalink_url": json.field("permalink_url", post.permalinkURL)
            case "status_type": json.field("status_type", "mobile_status_update")
            case "shares":
                if let shares = post.shares {
                    json.key("shares")
                    json.beginObject()
                    json.field("count", shares)
                    json.endObject()
                }
            case "from":
                json.key("from")
                json.beginObject()
                json.field("name", call.page.name)
                json.field("id", call.page.id)
                json.endObject()
            case "reactions":
                writeSummary(field, total: post.reactionCount, extra: ("viewer_reaction", "NONE"), into: &json) { position, json in
                    let reaction = dataset.reaction(on: post, index: position)
                    json.beginObject()
                    json.field("id", reaction.person.id)
                    json.field("name", reaction.person.name)
                    json.field("type", reaction.type)
                    json.endObject()
                }
            default:
                writeSummary(field, total: post.commentCount, extra: ("order", "ranked"), into: &json) { position, json in
                    let comment = dataset.comment(on: post, index: position)
                    json.beginObject()
                    json.field("created_time", Timestamps.graph(comment.createdTime))
                    json.field("message", comment.message)
                    json.field("id", comment.id)
                    json.endObject()
                }
            }
        }
        json.endObject()
    }

    /// A connection inside a post: its first `limit(n)` items and, with `.summary(…)`, the total.
    private func writeSummary(
        _ field: GraphField, total: Int, extra: (String, String), into json: inout JSONWriter, item: (Int, inout JSONWriter) -> Void
    ) {
        json.key(field.name)
        json.beginObject()
        json.key("data")
        json.beginArray()
        for position in 0..<min(total, field.limit ?? 25) { item(position, &json) }
        json.endArray()
        if field.summary {
            json.key("summary")
            json.beginObject()
            json.field(extra.0, extra.1)
            json.field("total_count", total)
            json.endObject()
        }
        json.endObject()
    }

    /// `POST /{page-id}/feed`, form `message=…[&link=…]`: `{"id":"{page-id}_{post-id}"}`.
    func publish(_ call: Call) -> APIResponse {
        let message = call.request.parameter("message").flatMap { $0.isEmpty ? nil : $0 }
        let link = call.request.parameter("link").flatMap { $0.isEmpty ? nil : $0 }
        guard message != nil || link != nil else {
            return GraphErrors.error(message: "(#100) Missing message or attachment", code: 100, trace: call.trace)
        }
        let post = state.publish(
            EmulatedPagePost(
                id: "", pageIndex: call.page.index, index: nil, message: message ?? link,
                createdTime: Date(timeIntervalSince1970: call.now.timeIntervalSince1970.rounded(.down)), permalinkURL: "",
                shares: nil, reactionCount: 0, commentCount: 0),
            page: call.page)
        return APIResponse(status: 200, json: #"{"id":"\#(post.id)"}"#)
    }
}
