import Foundation
import WorkflowModel

// The Graph API response bodies the Facebook connector reads (Docs/social-apis.md). Every field
// the connector does not strictly need is optional: the real API leaves fields out when they are
// empty or hidden, and the connector must tolerate that.

/// A page of a Graph API list: `{"data":[…],"paging":{"cursors":{"before","after"},"next":URL}}`.
struct GraphList<Item: JSONResponse & Sendable>: JSONResponse, Sendable {
    /// The items of this page; absent is read as none.
    var data: [Item]
    /// Where the list goes on, if anywhere.
    var paging: GraphPaging?

    init(data: [Item], paging: GraphPaging?) {
        self.data = data
        self.paging = paging
    }

    init(json: JSONNode) throws {
        data = try json.optional("data")?.read() ?? []
        paging = try json.optional("paging")?.read()
    }

    /// The `after` cursor of the next page, or nil on the last page. The list goes on exactly
    /// while `paging.next` is present, even when this page's `data` is empty; the cursor is
    /// `paging.cursors.after`, or the `after` parameter of the `next` URL when the cursors are
    /// missing.
    var nextAfter: String? {
        guard let paging, let next = paging.next, !next.isEmpty else { return nil }
        if let after = paging.after, !after.isEmpty { return after }
        return URLComponents(string: next)?.queryItems?.first { $0.name == "after" }?.value
    }
}

/// `paging` of a Graph API list.
struct GraphPaging: JSONResponse, Sendable {
    /// `cursors.after`: where the next page starts.
    var after: String?
    /// The URL of the next page; absent on the last page.
    var next: String?

    init(json: JSONNode) throws {
        after = try json.optional("cursors")?.optional("after")?.string()
        next = try json.optional("next")?.string()
    }
}

/// A page object: `GET /{page-id}?fields=id,name,category,link,followers_count,fan_count`.
struct GraphPage: JSONResponse, Sendable {
    var id: String
    var name: String?
    var category: String?
    var link: String?
    var followers_count: Int64?
    var fan_count: Int64?

    init(json: JSONNode) throws {
        id = try json.required("id").string()
        name = try json.optional("name")?.string()
        category = try json.optional("category")?.string()
        link = try json.optional("link")?.string()
        followers_count = try json.optional("followers_count")?.int64()
        fan_count = try json.optional("fan_count")?.int64()
    }
}

/// `{"summary":{"total_count":N}}` of a post's reactions or comments: the count, or nil.
struct GraphSummaryCount: JSONResponse, Sendable {
    var total_count: Int64?

    init(json: JSONNode) throws {
        total_count = try json.optional("summary")?.optional("total_count")?.int64()
    }
}

/// A post of `GET /{page-id}/posts`.
struct GraphPost: JSONResponse, Sendable {
    var id: String
    var message: String?
    var created_time: String?
    var permalink_url: String?
    /// `shares.count`; absent when nobody shared the post.
    var shares: Int64?
    var reactions: GraphSummaryCount?
    var comments: GraphSummaryCount?

    init(json: JSONNode) throws {
        id = try json.required("id").string()
        message = try json.optional("message")?.string()
        created_time = try json.optional("created_time")?.string()
        permalink_url = try json.optional("permalink_url")?.string()
        shares = try json.optional("shares")?.optional("count")?.int64()
        reactions = try json.optional("reactions")?.read()
        comments = try json.optional("comments")?.read()
    }
}

/// A comment of `GET /{post-id}/comments?fields=id,from{id,name}`; `from` (the person's id and
/// name) is absent when the person's privacy settings hide them.
struct GraphComment: JSONResponse, Sendable {
    var id: String
    var from: (id: String, name: String?)?

    init(json: JSONNode) throws {
        id = try json.required("id").string()
        from = try json.optional("from").map { person in (try person.required("id").string(), try person.optional("name")?.string()) }
    }
}

/// A reaction of `GET /{post-id}/reactions?fields=id,name,type`: the id is the person's.
struct GraphReaction: JSONResponse, Sendable {
    var id: String
    var name: String?
    var type: String?

    init(json: JSONNode) throws {
        id = try json.required("id").string()
        name = try json.optional("name")?.string()
        type = try json.optional("type")?.string()
    }
}

/// One metric of `GET /{page-id}/insights`.
struct GraphInsight: JSONResponse, Sendable {
    /// One value of the metric: the period ending at `end_time`; a number or, for breakdown
    /// metrics, an object.
    struct Value: Sendable {
        var value: ExpressionValue?
        var end_time: String?
    }

    var name: String
    var period: String?
    var values: [Value]?

    init(json: JSONNode) throws {
        name = try json.required("name").string()
        period = try json.optional("period")?.string()
        values = try json.optional("values")?.items().map { value in
            Value(value: try value.optional("value")?.value, end_time: try value.optional("end_time")?.string())
        }
    }
}

/// The answer to `POST /{page-id}/feed`: `{"id":"{page-id}_{post-id}"}`.
struct GraphCreated: JSONResponse, Sendable {
    var id: String

    init(json: JSONNode) throws {
        id = try json.required("id").string()
    }
}

/// An error body: `{"error":{"message","type","code","error_subcode","fbtrace_id","is_transient"}}`.
enum GraphErrorBody {
    /// The `error` object; a field of another type than Graph documents is left out.
    struct Details: Sendable {
        var message: String?
        var type: String?
        var code: Int?
        var error_subcode: Int?
        var fbtrace_id: String?
        var is_transient: Bool?

        init(_ fields: [String: ExpressionValue]) {
            func text(_ name: String) -> String? {
                if case .string(let text)? = fields[name] { return text }
                return nil
            }
            func int(_ name: String) -> Int? {
                if case .int(let number)? = fields[name] { return Int(exactly: number) }
                return nil
            }
            message = text("message")
            type = text("type")
            code = int("code")
            error_subcode = int("error_subcode")
            fbtrace_id = text("fbtrace_id")
            if case .bool(let flag)? = fields["is_transient"] { is_transient = flag }
        }
    }

    /// The error of a response body (read by wfrun's JSON reader), or nil when the body is not
    /// a Graph error.
    static func parse(_ body: Data) -> Details? {
        guard case .object(let fields)? = try? JSONReader.value(from: Array(body)[...]), case .object(let error)? = fields["error"] else {
            return nil
        }
        return Details(error)
    }
}
