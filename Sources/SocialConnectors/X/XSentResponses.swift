import Foundation
import WorkflowModel

/// The shapes of the X answers a publisher reads: the account with its `protected` flag, and
/// the account's posts and direct message events read back to find what was sent.
enum XSentResponses {
    /// v1.1 `verify_credentials` or v2 `/2/users/me` (inside `data`): id, handle, `protected`.
    struct Account: JSONResponse {
        var id: String
        var name: String
        var isProtected: Bool

        init(json: JSONNode) throws {
            let user = try json.optional("data") ?? json
            if let idText = try user.optional("id_str") {
                id = try idText.string()
                name = try user.required("screen_name").string()
            } else {
                id = try user.required("id").string()
                name = try user.required("username").string()
            }
            isProtected = try user.optional("protected").map { node in
                guard case .bool(let flag) = node.value else { throw JSONFieldError.mismatch(Bool.self, at: node.path) }
                return flag
            } ?? false
        }
    }

    /// The `entities.urls` of a post or message: each `t.co` link and the link it stands for.
    static func expansions(_ entities: JSONNode?) throws -> [SentText.Expansion] {
        guard let urls = try entities?.optional("urls") else { return [] }
        return try urls.items().compactMap { item in
            guard let shown = try item.optional("url")?.string(), let original = try item.optional("expanded_url")?.string() else { return nil }
            return (shown, original)
        }
    }

    /// A post read back: its id, its text as sent, when it was published.
    struct SentPost {
        var id: String
        var text: String
        var createdAt: Date?
    }

    /// A post of v1.1 `user_timeline` (`trim_user`): id, `created_at`, text and its links.
    struct V1Post: JSONResponse {
        var post: SentPost

        init(json: JSONNode) throws {
            let id = try json.optional("id_str")?.string() ?? String(try json.required("id").int64())
            let raw = try json.optional("full_text")?.string() ?? json.optional("text")?.string() ?? ""
            let text = SentText.normalized(raw, expansions: try XSentResponses.expansions(json.optional("entities")))
            let createdAt = try json.optional("created_at").flatMap { XTime.timestamp(v1: try $0.string()) }.map(\.date)
            post = SentPost(id: id, text: text, createdAt: createdAt)
        }
    }

    /// A post of v2 `/2/users/:id/tweets` (`tweet.fields=created_at,entities`).
    struct V2Post: JSONResponse {
        var post: SentPost

        init(json: JSONNode) throws {
            let id = try json.required("id").string()
            let text = SentText.normalized(
                try json.optional("text")?.string() ?? "", expansions: try XSentResponses.expansions(json.optional("entities")))
            let createdAt = try json.optional("created_at").flatMap { XTime.timestamp(iso: try $0.string()) }.map(\.date)
            post = SentPost(id: id, text: text, createdAt: createdAt)
        }
    }

    /// v1.1 `direct_messages/events/list`: `{"events":[…],"next_cursor":"…"}`, newest first.
    struct V1EventPage: JSONResponse {
        var events: [V1Event]
        var nextCursor: String?

        init(json: JSONNode) throws {
            events = try json.optional("events")?.read() ?? []
            nextCursor = try json.optional("next_cursor")?.string()
        }
    }

    /// A v1.1 direct message event; only `message_create` events carry a message.
    struct V1Event: JSONResponse {
        var id: String
        var createdAt: Date?
        var isMessage: Bool
        var senderID: String?
        var recipientID: String?
        var text: String

        init(json: JSONNode) throws {
            id = try json.required("id").string()
            createdAt = try json.optional("created_timestamp").flatMap { Double(try $0.string()) }.map { Date(timeIntervalSince1970: $0 / 1_000) }
            isMessage = try json.optional("type")?.string() ?? "message_create" == "message_create"
            let create = try json.optional("message_create")
            senderID = try create?.optional("sender_id")?.string()
            recipientID = try create?.optional("target")?.optional("recipient_id")?.string()
            let data = try create?.optional("message_data")
            text = SentText.normalized(
                try data?.optional("text")?.string() ?? "", expansions: try XSentResponses.expansions(data?.optional("entities")))
        }
    }

    /// A v2 direct message event of `dm_events` (`dm_event.fields=id,text,created_at,sender_id`).
    struct V2Event: JSONResponse {
        var id: String
        var createdAt: Date?
        var isMessage: Bool
        var senderID: String?
        var text: String

        init(json: JSONNode) throws {
            id = try json.required("id").string()
            createdAt = try json.optional("created_at").flatMap { XTime.timestamp(iso: try $0.string()) }.map(\.date)
            isMessage = try json.optional("event_type")?.string() ?? "MessageCreate" == "MessageCreate"
            senderID = try json.optional("sender_id")?.string()
            text = SentText.normalized(try json.optional("text")?.string() ?? "", expansions: try XSentResponses.expansions(json.optional("entities")))
        }
    }
}
