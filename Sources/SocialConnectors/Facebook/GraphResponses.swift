import Foundation
import WorkflowModel

// The Graph API response bodies the Facebook connector reads (Docs/social-apis.md). Every field
// the connector does not strictly need is optional: the real API leaves fields out when they are
// empty or hidden, and the connector must tolerate that.

/// A page of a Graph API list: `{"data":[…],"paging":{"cursors":{"before","after"},"next":URL}}`.
struct GraphList<Item: Decodable & Sendable>: Decodable, Sendable {
    /// The items of this page; absent is read as none.
    var data: [Item]
    /// Where the list goes on, if anywhere.
    var paging: GraphPaging?

    init(data: [Item], paging: GraphPaging?) {
        self.data = data
        self.paging = paging
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        data = try container.decodeIfPresent([Item].self, forKey: .data) ?? []
        paging = try container.decodeIfPresent(GraphPaging.self, forKey: .paging)
    }

    private enum CodingKeys: String, CodingKey { case data, paging }

    /// The `after` cursor of the next page, or nil on the last page. The list goes on exactly
    /// while `paging.next` is present, even when this page's `data` is empty; the cursor is
    /// `paging.cursors.after`, or the `after` parameter of the `next` URL when the cursors are
    /// missing.
    var nextAfter: String? {
        guard let paging, let next = paging.next, !next.isEmpty else { return nil }
        if let after = paging.cursors?.after, !after.isEmpty { return after }
        return URLComponents(string: next)?.queryItems?.first { $0.name == "after" }?.value
    }
}

/// `paging` of a Graph API list.
struct GraphPaging: Decodable, Sendable {
    /// `before`/`after` cursors.
    struct Cursors: Decodable, Sendable {
        var before: String?
        var after: String?
    }

    var cursors: Cursors?
    /// The URL of the next page; absent on the last page.
    var next: String?
    var previous: String?
}

/// A page object: `GET /{page-id}?fields=id,name,category,link,followers_count,fan_count`.
struct GraphPage: Decodable, Sendable {
    var id: String
    var name: String?
    var category: String?
    var link: String?
    var followers_count: Int64?
    var fan_count: Int64?
}

/// `{"summary":{"total_count":N}}` of a post's reactions or comments.
struct GraphSummaryCount: Decodable, Sendable {
    struct Summary: Decodable, Sendable {
        var total_count: Int64?
    }

    var summary: Summary?
}

/// A post of `GET /{page-id}/posts`.
struct GraphPost: Decodable, Sendable {
    /// `{"count":N}`; absent when nobody shared the post.
    struct Shares: Decodable, Sendable {
        var count: Int64?
    }

    var id: String
    var message: String?
    var created_time: String?
    var permalink_url: String?
    var shares: Shares?
    var reactions: GraphSummaryCount?
    var comments: GraphSummaryCount?
}

/// A person as the Graph API shows them in `from`.
struct GraphPerson: Decodable, Sendable {
    var id: String
    var name: String?
}

/// A comment of `GET /{post-id}/comments?fields=id,from{id,name}`; `from` is absent when the
/// person's privacy settings hide them.
struct GraphComment: Decodable, Sendable {
    var id: String
    var from: GraphPerson?
}

/// A reaction of `GET /{post-id}/reactions?fields=id,name,type`: the id is the person's.
struct GraphReaction: Decodable, Sendable {
    var id: String
    var name: String?
    var type: String?
}

/// One metric of `GET /{page-id}/insights`.
struct GraphInsight: Decodable, Sendable {
    /// One value of the metric: the period ending at `end_time`.
    struct Value: Decodable, Sendable {
        var value: GraphValue?
        var end_time: String?
    }

    var name: String
    var period: String?
    var values: [Value]?
    var title: String?
    var description: String?
    var id: String?
}

/// The answer to `POST /{page-id}/feed`: `{"id":"{page-id}_{post-id}"}`.
struct GraphCreated: Decodable, Sendable {
    var id: String
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

/// Any JSON value (an Insights value may be a number or, for breakdown metrics, an object).
enum GraphValue: Decodable, Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case number(Double)
    case string(String)
    case array([GraphValue])
    case object([String: GraphValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let whole = try? container.decode(Int64.self) {
            self = .int(whole)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let list = try? container.decode([GraphValue].self) {
            self = .array(list)
        } else {
            self = .object(try container.decode([String: GraphValue].self))
        }
    }
}
