/// The edges of a post: comments and reactions.
extension GraphAPI {
    /// `GET /{post-id}/comments`: oldest first, 25 per page; `from` absent when privacy hides it.
    func comments(_ call: Call, post: EmulatedPagePost) -> APIResponse {
        let known: Set<String> = ["id", "from", "message", "created_time", "like_count"]
        let requested: [GraphField]
        switch fields(call, known: known, defaults: ["created_time", "from", "message", "id"], node: "Comment") {
        case .success(let value): requested = value
        case .failure(let error): return error.response
        }
        return paged(call, list: "comments.\(post.id)", total: post.commentCount, defaultLimit: 25) { position, json in
            let comment = dataset.comment(on: post, index: position)
            json.beginObject()
            for field in requested {
                switch field.name {
                case "id": json.field("id", comment.id)
                case "message": json.field("message", comment.message)
                case "created_time": json.field("created_time", Timestamps.graph(comment.createdTime))
                case "like_count": json.field("like_count", position % 4)
                default:
                    if let person = comment.from {
                        json.key("from")
                        json.beginObject()
                        json.field("name", person.name)
                        json.field("id", person.id)
                        json.endObject()
                    }
                }
            }
            json.endObject()
        }
    }

    /// `GET /{post-id}/reactions`: one per person, 25 per page.
    func reactions(_ call: Call, post: EmulatedPagePost) -> APIResponse {
        let known: Set<String> = ["id", "name", "type", "profile_type"]
        let requested: [GraphField]
        switch fields(call, known: known, defaults: ["id", "name", "type"], node: "Profile") {
        case .success(let value): requested = value
        case .failure(let error): return error.response
        }
        return paged(call, list: "reactions.\(post.id)", total: post.reactionCount, defaultLimit: 25) { position, json in
            let reaction = dataset.reaction(on: post, index: position)
            json.beginObject()
            for field in requested {
                switch field.name {
                case "id": json.field("id", reaction.person.id)
                case "name": json.field("name", reaction.person.name)
                case "type": json.field("type", reaction.type)
                default: json.field("profile_type", "user")
                }
            }
            json.endObject()
        }
    }
}
