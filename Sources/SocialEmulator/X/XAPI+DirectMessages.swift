import Foundation

/// Direct messages, v1.1 and v2: sending (with the refusals X gives for people who cannot
/// receive them) and the lookup of an account's or a conversation's events of the last 30 days.
extension XAPI {
    /// Why a direct message cannot go to a recipient.
    enum DirectMessageRefusal {
        /// Nobody has this id.
        case unknown
        /// A person who does not follow the sending account (v1.1 code 150).
        case notFollowing
        /// A person who does not accept direct messages (v1.1 code 349).
        case closed

        var v1Response: APIResponse {
            switch self {
            case .notFollowing: XErrors.v1(status: 403, code: 150, message: "You cannot send messages to users who are not following you.")
            case .unknown, .closed: XErrors.v1(status: 403, code: 349, message: "You cannot send messages to this user.")
            }
        }

        /// v2 gives one answer for all of them.
        static let v2Response = XErrors.v2Problem(
            status: 403, title: "Forbidden", detail: "You are not permitted to send messages to this user.", type: "about:blank")
    }

    /// Why `account` cannot message `recipient`, nil when it can: the accounts can message each
    /// other; a person must follow the account and accept messages.
    func directMessageRefusal(to recipient: String, from account: EmulatedXAccount) -> DirectMessageRefusal? {
        if dataset.xAccount(id: recipient) != nil { return nil }
        guard let index = dataset.userIndex(id: recipient) else { return .unknown }
        guard dataset.followerIndexes(of: account).contains(index), !state.unfollowed(account: account.index).contains(index) else {
            return .notFollowing
        }
        return dataset.acceptsDirectMessages(index: index) ? nil : .closed
    }

    /// Records a message from `account`.
    private func send(text: String, to recipient: String, from account: EmulatedXAccount, now: Date) -> EmulatedMessage {
        state.send(
            EmulatedMessage(
                id: "", senderID: account.id, recipientID: recipient, text: text,
                createdAt: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))),
            recipientIsAccount: dataset.xAccount(id: recipient) != nil)
    }

    /// How far back the event lookups reach.
    static let directMessageRetention: Double = 30 * 86_400

    // MARK: v1.1

    /// `POST /1.1/direct_messages/events/new.json`, a JSON `message_create` event.
    func v1DirectMessage(_ request: APIRequest, account: EmulatedXAccount, now: Date) -> APIResponse {
        guard case .object(let event)? = Self.jsonObject(request.body)?["event"] else {
            return XErrors.v1(status: 400, code: 214, message: "event: field is required")
        }
        guard case .string("message_create")? = event["type"], case .object(let create)? = event["message_create"] else {
            return XErrors.v1(status: 400, code: 214, message: "event.type: field is required and must be message_create")
        }
        guard case .object(let target)? = create["target"], case .string(let recipient)? = target["recipient_id"] else {
            return XErrors.v1(status: 400, code: 214, message: "event.message_create.target.recipient_id: field is required")
        }
        guard case .object(let data)? = create["message_data"], case .string(let text)? = data["text"], !text.isEmpty else {
            return XErrors.v1(status: 400, code: 214, message: "event.message_create.message_data.text: field is required")
        }
        if let refusal = directMessageRefusal(to: recipient, from: account) { return refusal.v1Response }
        let message = send(text: text, to: recipient, from: account, now: now)
        var json = JSONWriter()
        json.beginObject()
        json.key("event")
        XJSON.v1MessageEvent(message, into: &json)
        json.endObject()
        return APIResponse(status: 200, json: json.bytes)
    }

    /// `GET /1.1/direct_messages/events/list.json?count=1..50&cursor=C`: the events the account
    /// sent or received in the last 30 days, newest first, 20 per page by default;
    /// `next_cursor` while more remain.
    func v1DirectMessageEvents(_ request: APIRequest, account: EmulatedXAccount, now: Date) -> APIResponse {
        let count = Self.count(request, default: 20, maximum: 50)
        var before: Int?
        if let cursor = request.queryValue("cursor") {
            guard let position = PagingToken.position(token: cursor) else {
                return XErrors.v1(status: 400, code: 44, message: "cursor parameter is invalid")
            }
            before = position
        }
        let page = state.messages(
            conversation: nil, account: account.id, since: now.addingTimeInterval(-Self.directMessageRetention), before: before,
            count: count)
        var json = JSONWriter(capacity: 256 + page.messages.count * 360)
        json.beginObject()
        json.key("events")
        json.beginArray()
        for message in page.messages { XJSON.v1MessageEvent(message, into: &json) }
        json.endArray()
        if let next = page.next { json.field("next_cursor", PagingToken.token(position: next)) }
        json.endObject()
        return APIResponse(status: 200, json: json.bytes)
    }

    // MARK: v2

    /// The DM event fields X knows.
    static let knownDirectMessageEventFields: Set<String> = [
        "attachments", "created_at", "dm_conversation_id", "event_type", "id", "participant_ids", "referenced_tweets",
        "sender_id", "text",
    ]

    /// Checks a participant id in a path: digits only.
    private static func participant(_ id: String) -> Result<String, APIResponseError> {
        guard !id.isEmpty, id.count <= 19, id.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .failure(APIResponseError(XErrors.v2InvalidRequest([
                ("participant_id", id, "The `participant_id` query parameter value [\(id)] does not match ^[0-9]{1,19}$")
            ])))
        }
        return .success(id)
    }

    /// `POST /2/dm_conversations/with/:participant_id/messages`, JSON `{"text":"…"}`: 201.
    func v2DirectMessage(_ request: APIRequest, participant: String, account: EmulatedXAccount, now: Date) -> APIResponse {
        let text: String
        do throws(APIResponseError) {
            _ = try Self.participant(participant).get()
            text = try Self.text(of: request).get()
        } catch {
            return error.response
        }
        if directMessageRefusal(to: participant, from: account) != nil { return DirectMessageRefusal.v2Response }
        let message = send(text: text, to: participant, from: account, now: now)
        var json = JSONWriter()
        json.beginObject()
        json.key("data")
        json.beginObject()
        json.field("dm_conversation_id", message.conversationID)
        json.field("dm_event_id", message.id)
        json.endObject()
        json.endObject()
        return APIResponse(status: 201, json: json.bytes)
    }

    /// `GET /2/dm_conversations/with/:participant_id/dm_events`: the conversation's events of
    /// the last 30 days, newest first, 100 per page by default (1 to 100), `meta.next_token`
    /// while more remain; fields `id`, `event_type`, `text` unless `dm_event.fields` asks for more.
    func v2DirectMessageEvents(_ request: APIRequest, participant: String, account: EmulatedXAccount, now: Date) -> APIResponse {
        do throws(APIResponseError) {
            _ = try Self.participant(participant).get()
            let fields = try Self.fields(
                request, parameter: "dm_event.fields", known: Self.knownDirectMessageEventFields, names: XJSON.MessageEventFields.names
            ).get()
            let count = try Self.maxResults(request, default: 100, range: 1...100).get()
            var before: Int?
            if request.queryValue("pagination_token") != nil { before = try Self.paginationStart(request).get() }
            let page = state.messages(
                conversation: EmulatedMessage.conversationID(account.id, participant), account: account.id,
                since: now.addingTimeInterval(-Self.directMessageRetention), before: before, count: count)
            var json = JSONWriter(capacity: 256 + page.messages.count * 240)
            json.beginObject()
            if !page.messages.isEmpty {
                json.key("data")
                json.beginArray()
                for message in page.messages { XJSON.v2MessageEvent(message, fields: fields, into: &json) }
                json.endArray()
            }
            json.key("meta")
            json.beginObject()
            json.field("result_count", page.messages.count)
            if let next = page.next { json.field("next_token", PagingToken.token(position: next)) }
            json.endObject()
            json.endObject()
            return APIResponse(status: 200, json: json.bytes)
        } catch {
            return error.response
        }
    }
}
