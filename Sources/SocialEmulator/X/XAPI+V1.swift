import Foundation
import WorkflowModel

/// The v1.1 endpoints.
extension XAPI {
    /// `GET /1.1/account/verify_credentials.json`
    func v1VerifyCredentials(_ request: APIRequest, account: EmulatedXAccount) -> APIResponse {
        var json = JSONWriter()
        XJSON.v1User(user(of: account), into: &json)
        return APIResponse(status: 200, json: json.bytes)
    }

    /// The account a v1.1 request names with `user_id` or `screen_name` (the caller's without
    /// either); `.some(nil)` for a generated person (who has no followers or posts of their own
    /// here); nil when nobody has that id or name.
    func v1Target(_ request: APIRequest, account: EmulatedXAccount) -> EmulatedXAccount?? {
        if let id = request.queryValue("user_id") {
            if let target = dataset.xAccount(id: id) { return .some(target) }
            return dataset.userIndex(id: id) != nil ? .some(nil) : nil
        }
        if let name = request.queryValue("screen_name") {
            return dataset.xAccounts.first { $0.screenName.lowercased() == name.lowercased() }.map { .some($0) }
        }
        return .some(account)
    }

    static func count(_ request: APIRequest, default defaultCount: Int, maximum: Int) -> Int {
        guard let text = request.queryValue("count"), let count = Int(text) else { return defaultCount }
        return min(max(count, 1), maximum)
    }

    /// `GET /1.1/followers/list.json`: cursors `-1` (first page) … `0` (no more), 20 per page by
    /// default, at most 200.
    func v1Followers(_ request: APIRequest, account: EmulatedXAccount) -> APIResponse {
        guard let target = v1Target(request, account: account) else {
            return XErrors.v1(status: 404, code: 50, message: "User not found.")
        }
        let count = Self.count(request, default: 20, maximum: 200)
        var indexes: [Int] = []
        var next: Int64 = 0
        var previous: Int64 = 0
        var delivered: FollowerPage?
        let cursor = request.queryValue("cursor").flatMap { Int64($0) } ?? -1
        if let target {
            if cursor == -1 || cursor > 0 {
                let start = cursor == -1 ? 0 : PagingToken.position(cursor: cursor) ?? Int.max
                let page = followerPage(of: target, from: start, count: count)
                indexes = page.indexes
                if !indexes.isEmpty { delivered = FollowerPage(account: target.screenName, start: start, count: indexes.count) }
                next = page.next.map { PagingToken.cursor(position: $0) } ?? 0
                previous = start > 0 && start != Int.max ? -PagingToken.cursor(position: start) : 0
            } else if cursor < -1, let end = PagingToken.position(cursor: -cursor) {
                let page = followerPage(of: target, before: end, count: count)
                indexes = page.indexes
                next = PagingToken.cursor(position: end)
                previous = page.start > 0 ? -PagingToken.cursor(position: page.start) : 0
            }
        }
        var json = JSONWriter(capacity: 512 + indexes.count * 420)
        json.beginObject()
        json.key("users")
        json.beginArray()
        for index in indexes { XJSON.v1User(dataset.user(index: index), into: &json) }
        json.endArray()
        json.key("next_cursor")
        json.raw(String(next))
        json.field("next_cursor_str", String(next))
        json.key("previous_cursor")
        json.raw(String(previous))
        json.field("previous_cursor_str", String(previous))
        json.key("total_count")
        json.null()
        json.endObject()
        var response = APIResponse(status: 200, json: json.bytes)
        response.followerPage = delivered
        return response
    }

    /// `GET /1.1/statuses/user_timeline.json`: newest first; `max_id` and `since_id` bound the ids.
    func v1Timeline(_ request: APIRequest, account: EmulatedXAccount) -> APIResponse {
        guard let target = v1Target(request, account: account) else {
            return XErrors.v1(status: 404, code: 34, message: "Sorry, that page does not exist.")
        }
        let count = Self.count(request, default: 20, maximum: 200)
        let maxID = request.queryValue("max_id").flatMap { UInt64($0) } ?? .max
        let sinceID = request.queryValue("since_id").flatMap { UInt64($0) } ?? 0
        let trimUser = ["true", "1", "t"].contains(request.queryValue("trim_user")?.lowercased() ?? "")
        let posts = target.map { timeline(of: $0).filter { $0.numericID <= maxID && $0.numericID > sinceID }.prefix(count) } ?? []
        let author = target.map { user(of: $0) }
        var json = JSONWriter(capacity: 256 + posts.count * 400)
        json.beginArray()
        for post in posts {
            XJSON.v1Tweet(post, authorID: target?.id ?? "", author: trimUser ? nil : author, into: &json)
        }
        json.endArray()
        return APIResponse(status: 200, json: json.bytes)
    }

    /// `POST /1.1/statuses/update.json`, form body `status=…`.
    func v1Update(_ request: APIRequest, account: EmulatedXAccount, now: Date) -> APIResponse {
        guard let text = request.parameter("status"), !text.isEmpty else {
            return XErrors.v1(status: 400, code: 170, message: "Missing required parameter: status.")
        }
        guard text.count <= Self.maximumPostLength else {
            return XErrors.v1(status: 403, code: 186, message: "Tweet needs to be a bit shorter.")
        }
        guard let post = publish(text: text, account: account, now: now) else {
            return XErrors.v1(status: 403, code: 187, message: "Status is a duplicate.")
        }
        var json = JSONWriter()
        XJSON.v1Tweet(post, authorID: account.id, author: user(of: account), into: &json)
        return APIResponse(status: 200, json: json.bytes)
    }
}
