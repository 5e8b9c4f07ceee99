import Foundation
import WorkflowEngine
import WorkflowModel

/// Reads X's user objects — follower pages of both API versions and the account — from the
/// response bytes into records in one pass: no `Decodable` containers, no intermediate objects.
/// A 1,000-user v2 page is the hot path of a sync (a million followers is a thousand of them).
///
/// It reads the fields `XRecords` keeps and skips any other (checked to be JSON), so X adding
/// fields breaks nothing. Types are those `JSONDecoder` would demand: a known field of another
/// type, a missing `id`/`username`/`screen_name`, or a body that is not complete JSON throws a
/// `DecodingError`, which `APIClient` retries as a truncated response.
struct XUserDecoder {
    /// Builds the records.
    let records: XRecords

    /// The account: its id, screen name and record.
    typealias Account = (id: String, username: String, record: Record)

    /// A v2 follower page: `{"data": [user…], "meta": {"next_token": …}}`; `data` is absent or
    /// null on an empty page.
    func v2FollowersPage(_ body: Data) throws -> XServiceReader.Page {
        try Self.scan(body) { scanner in
            var built: [Record] = []
            var next: String?
            var more = try scanner.beginObject()
            while more {
                switch try scanner.key() {
                case "data":
                    guard !scanner.null() else { break }
                    try XJSONScanner.within([XJSONKey("data")]) {
                        built.reserveCapacity(1_000)  // the largest v2 page
                        try users(&scanner, into: &built, read: v2User)
                    }
                case "meta":
                    guard !scanner.null() else { break }
                    next = try XJSONScanner.within([XJSONKey("meta")]) { try v2NextToken(&scanner) }
                default:
                    try scanner.skipValue()
                }
                more = try scanner.endOfElement(closing: "}")
            }
            return XServiceReader.Page(records: built, next: next.flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    /// A v1.1 follower page: `{"users": [user…], "next_cursor": …, "next_cursor_str": "…"}`.
    func v1FollowersPage(_ body: Data) throws -> XServiceReader.Page {
        try Self.scan(body) { scanner in
            var built: [Record]?
            var cursorText: String?
            var cursor: Int64?
            var more = try scanner.beginObject()
            while more {
                switch try scanner.key() {
                case "users":
                    var users: [Record] = []
                    try XJSONScanner.within([XJSONKey("users")]) {
                        if scanner.null() { throw DecodingError.valueNotFound([Any].self, .init(codingPath: [], debugDescription: "users is null")) }
                        users.reserveCapacity(200)  // the largest v1.1 page
                        try self.users(&scanner, into: &users, read: v1User)
                    }
                    built = users
                case "next_cursor_str": cursorText = try scanner.optionalString("next_cursor_str")
                case "next_cursor": cursor = try scanner.optionalInt64("next_cursor")
                default: try scanner.skipValue()
                }
                more = try scanner.endOfElement(closing: "}")
            }
            guard let built else { throw XJSONScanner.missing("users") }
            // The last page says `next_cursor: 0`.
            let next = cursorText ?? cursor.map(String.init) ?? "0"
            return XServiceReader.Page(records: built, next: next == "0" || next.isEmpty ? nil : next)
        }
    }

    /// v2's `GET /2/users/me`: `{"data": user}`.
    func v2Account(_ body: Data) throws -> Account {
        try Self.scan(body) { scanner in
            var account: Account?
            var more = try scanner.beginObject()
            while more {
                switch try scanner.key() {
                case "data": account = try XJSONScanner.within([XJSONKey("data")]) { try v2User(&scanner) }
                default: try scanner.skipValue()
                }
                more = try scanner.endOfElement(closing: "}")
            }
            guard let account else { throw XJSONScanner.missing("data") }
            return account
        }
    }

    /// v1.1's `account/verify_credentials.json`: a user object.
    func v1Account(_ body: Data) throws -> Account {
        try Self.scan(body) { scanner in try v1User(&scanner) }
    }

    // MARK: Users

    /// The users of an array, each made a record.
    private func users(
        _ scanner: inout XJSONScanner, into built: inout [Record], read: (inout XJSONScanner) throws -> Account
    ) throws {
        var more = try scanner.beginArray()
        while more {
            try XJSONScanner.within([XJSONKey(intValue: built.count)]) { built.append(try read(&scanner).record) }
            more = try scanner.endOfElement(closing: "]")
        }
    }

    /// A v2 user object.
    private func v2User(_ scanner: inout XJSONScanner) throws -> Account {
        var user = XUserFields()
        var more = try scanner.beginObject()
        while more {
            switch try scanner.key() {
            case "id": user.id = try scanner.optionalString("id")
            case "username": user.username = try scanner.optionalString("username")
            case "name": user.name = try scanner.optionalString("name")
            case "description": user.description = try scanner.optionalString("description")
            case "location": user.location = try scanner.optionalString("location")
            case "verified": user.verified = try scanner.optionalBool("verified")
            case "created_at":
                user.createdAt = switch try scanner.stringToken("created_at") {
                case .null: nil
                case .plain(let raw, let ascii): try XTime.iso(v2: raw) ?? XTime.iso(v2: XJSONScanner.text(raw, ascii: ascii))
                case .unescaped(let text): XTime.iso(v2: text)
                }
            case "public_metrics":
                guard !scanner.null() else { break }
                try XJSONScanner.within([XJSONKey("public_metrics")]) {
                    var more = try scanner.beginObject()
                    while more {
                        switch try scanner.key() {
                        case "followers_count": user.followersCount = try scanner.optionalInt64("followers_count")
                        case "following_count": user.followingCount = try scanner.optionalInt64("following_count")
                        case "tweet_count": user.tweetCount = try scanner.optionalInt64("tweet_count")
                        default: try scanner.skipValue()
                        }
                        more = try scanner.endOfElement(closing: "}")
                    }
                }
            default:
                try scanner.skipValue()
            }
            more = try scanner.endOfElement(closing: "}")
        }
        // Required, as X always sends them: without them a user cannot be a visitor.
        guard let id = user.id else { throw XJSONScanner.missing("id") }
        guard let username = user.username else { throw XJSONScanner.missing("username") }
        return (id, username, records.user(user))
    }

    /// A v1.1 user object; the id is `id_str`, or `id` when X sent only the number.
    private func v1User(_ scanner: inout XJSONScanner) throws -> Account {
        var user = XUserFields()
        var number: Int64?
        var more = try scanner.beginObject()
        while more {
            switch try scanner.key() {
            case "id_str": user.id = try scanner.optionalString("id_str")
            case "id": number = try scanner.optionalInt64("id")
            case "screen_name": user.username = try scanner.optionalString("screen_name")
            case "name": user.name = try scanner.optionalString("name")
            case "description": user.description = try scanner.optionalString("description")
            case "location": user.location = try scanner.optionalString("location")
            case "verified": user.verified = try scanner.optionalBool("verified")
            case "created_at": user.createdAt = try scanner.optionalString("created_at").flatMap(XTime.iso(v1:))
            case "followers_count": user.followersCount = try scanner.optionalInt64("followers_count")
            case "friends_count": user.followingCount = try scanner.optionalInt64("friends_count")
            case "statuses_count": user.tweetCount = try scanner.optionalInt64("statuses_count")
            default: try scanner.skipValue()
            }
            more = try scanner.endOfElement(closing: "}")
        }
        guard let username = user.username else { throw XJSONScanner.missing("screen_name") }
        let id = user.id ?? number.map(String.init) ?? ""
        user.id = id
        return (id, username, records.user(user))
    }

    /// v2's `meta` object: its `next_token` (`result_count` is checked to be a number).
    private func v2NextToken(_ scanner: inout XJSONScanner) throws -> String? {
        var next: String?
        var more = try scanner.beginObject()
        while more {
            switch try scanner.key() {
            case "next_token": next = try scanner.optionalString("next_token")
            case "result_count": _ = try scanner.optionalInt64("result_count")
            default: try scanner.skipValue()
            }
            more = try scanner.endOfElement(closing: "}")
        }
        return next
    }

    /// Runs `read` over the body's bytes and checks that nothing follows the value it read.
    private static func scan<T>(_ body: Data, _ read: (inout XJSONScanner) throws -> T) throws -> T {
        try body.withUnsafeBytes { raw in
            var scanner = XJSONScanner(raw.bindMemory(to: UInt8.self))
            let value = try read(&scanner)
            try scanner.end()
            return value
        }
    }
}
