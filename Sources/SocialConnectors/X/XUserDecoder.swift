import Foundation
import WorkflowEngine
import WorkflowModel

/// Reads X's user objects — follower pages of both API versions and the account — from the
/// response bytes into records in one pass of `JSONReader`'s scanner: no tree, no intermediate
/// objects. A 1,000-user v2 page is the hot path of a sync (a million followers is a thousand).
///
/// It reads the fields `XRecords` keeps and skips any other (checked to be JSON), so X adding
/// fields breaks nothing. Types are strict: a known field of another type or a missing
/// `id`/`username`/`screen_name` throws a `DecodingError` naming the field, a body that is not
/// complete JSON a `JSONSyntaxError`; `APIClient` retries both as a truncated response.
struct XUserDecoder {
    /// Builds the records.
    let records: XRecords

    /// The account: its id, screen name and record.
    typealias Account = (id: String, username: String, record: Record)

    /// A v2 follower page: `{"data": [user…], "meta": {"next_token": …}}`; `data` is absent or
    /// null on an empty page.
    func v2FollowersPage(_ body: Data) throws -> XServiceReader.Page {
        try Self.read(body) { reader in
            var built: [Record] = []
            var next: String?
            try reader.beginObject()
            while let key = try reader.nextKey() {
                switch key {
                case "data":
                    guard !reader.null() else { break }
                    try JSONFieldError.within([JSONPathKey("data")]) {
                        built.reserveCapacity(1_000)  // the largest v2 page
                        try users(&reader, into: &built, read: v2User)
                    }
                case "meta":
                    guard !reader.null() else { break }
                    next = try JSONFieldError.within([JSONPathKey("meta")]) { try v2NextToken(&reader) }
                default:
                    try reader.skipValue()
                }
            }
            return XServiceReader.Page(records: built, next: next.flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    /// A v1.1 follower page: `{"users": [user…], "next_cursor": …, "next_cursor_str": "…"}`.
    func v1FollowersPage(_ body: Data) throws -> XServiceReader.Page {
        try Self.read(body) { reader in
            var built: [Record]?
            var cursorText: String?
            var cursor: Int64?
            try reader.beginObject()
            while let key = try reader.nextKey() {
                switch key {
                case "users":
                    var users: [Record] = []
                    try JSONFieldError.within([JSONPathKey("users")]) {
                        if reader.null() { throw JSONFieldError.null([Any].self, at: []) }
                        users.reserveCapacity(200)  // the largest v1.1 page
                        try self.users(&reader, into: &users, read: v1User)
                    }
                    built = users
                case "next_cursor_str": cursorText = try reader.optionalString("next_cursor_str")
                case "next_cursor": cursor = try reader.optionalInt64("next_cursor")
                default: try reader.skipValue()
                }
            }
            guard let built else { throw JSONFieldError.missing("users") }
            // The last page says `next_cursor: 0`.
            let next = cursorText ?? cursor.map(String.init) ?? "0"
            return XServiceReader.Page(records: built, next: next == "0" || next.isEmpty ? nil : next)
        }
    }

    /// v2's `GET /2/users/me`: `{"data": user}`.
    func v2Account(_ body: Data) throws -> Account {
        try Self.read(body) { reader in
            var account: Account?
            try reader.beginObject()
            while let key = try reader.nextKey() {
                switch key {
                case "data": account = try JSONFieldError.within([JSONPathKey("data")]) { try v2User(&reader) }
                default: try reader.skipValue()
                }
            }
            guard let account else { throw JSONFieldError.missing("data") }
            return account
        }
    }

    /// v1.1's `account/verify_credentials.json`: a user object.
    func v1Account(_ body: Data) throws -> Account {
        try Self.read(body) { reader in try v1User(&reader) }
    }

    // MARK: Users

    /// The users of an array, each made a record.
    private func users(
        _ reader: inout JSONReader, into built: inout [Record], read: (inout JSONReader) throws -> Account
    ) throws {
        try reader.beginArray()
        while try reader.nextElement() {
            try JSONFieldError.within([JSONPathKey(intValue: built.count)]) { built.append(try read(&reader).record) }
        }
    }

    /// A v2 user object.
    private func v2User(_ reader: inout JSONReader) throws -> Account {
        var user = XUserFields()
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "id": user.id = try reader.optionalString("id")
            case "username": user.username = try reader.optionalString("username")
            case "name": user.name = try reader.optionalString("name")
            case "description": user.description = try reader.optionalString("description")
            case "location": user.location = try reader.optionalString("location")
            case "verified": user.verified = try reader.optionalBool("verified")
            case "created_at":
                // Read in place when it has no escapes, as X writes it.
                user.createdAt = try reader.optionalText("created_at").flatMap { text in
                    text.utf8.flatMap { XTime.iso(v2: $0) } ?? XTime.iso(v2: text.string)
                }
            case "public_metrics":
                guard !reader.null() else { break }
                try JSONFieldError.within([JSONPathKey("public_metrics")]) {
                    try reader.beginObject()
                    while let key = try reader.nextKey() {
                        switch key {
                        case "followers_count": user.followersCount = try reader.optionalInt64("followers_count")
                        case "following_count": user.followingCount = try reader.optionalInt64("following_count")
                        case "tweet_count": user.tweetCount = try reader.optionalInt64("tweet_count")
                        default: try reader.skipValue()
                        }
                    }
                }
            default:
                try reader.skipValue()
            }
        }
        // Required, as X always sends them: without them a user cannot be a visitor.
        guard let id = user.id else { throw JSONFieldError.missing("id") }
        guard let username = user.username else { throw JSONFieldError.missing("username") }
        return (id, username, records.user(user))
    }

    /// A v1.1 user object; the id is `id_str`, or `id` when X sent only the number.
    private func v1User(_ reader: inout JSONReader) throws -> Account {
        var user = XUserFields()
        var number: Int64?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "id_str": user.id = try reader.optionalString("id_str")
            case "id": number = try reader.optionalInt64("id")
            case "screen_name": user.username = try reader.optionalString("screen_name")
            case "name": user.name = try reader.optionalString("name")
            case "description": user.description = try reader.optionalString("description")
            case "location": user.location = try reader.optionalString("location")
            case "verified": user.verified = try reader.optionalBool("verified")
            case "created_at": user.createdAt = try reader.optionalString("created_at").flatMap(XTime.iso(v1:))
            case "followers_count": user.followersCount = try reader.optionalInt64("followers_count")
            case "friends_count": user.followingCount = try reader.optionalInt64("friends_count")
            case "statuses_count": user.tweetCount = try reader.optionalInt64("statuses_count")
            default: try reader.skipValue()
            }
        }
        guard let username = user.username else { throw JSONFieldError.missing("screen_name") }
        let id = user.id ?? number.map(String.init) ?? ""
        user.id = id
        return (id, username, records.user(user))
    }

    /// v2's `meta` object: its `next_token` (`result_count` is checked to be a number).
    private func v2NextToken(_ reader: inout JSONReader) throws -> String? {
        var next: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "next_token": next = try reader.optionalString("next_token")
            case "result_count": _ = try reader.optionalInt64("result_count")
            default: try reader.skipValue()
            }
        }
        return next
    }

    /// Runs `read` over the body's bytes and checks that nothing follows the value it read.
    private static func read<T>(_ body: Data, _ read: (inout JSONReader) throws -> T) throws -> T {
        try body.withUnsafeBytes { raw in
            var reader = JSONReader(raw.bindMemory(to: UInt8.self))
            let value = try read(&reader)
            try reader.end()
            return value
        }
    }
}
