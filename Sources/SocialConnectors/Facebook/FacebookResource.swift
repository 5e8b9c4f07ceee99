import Foundation
import WorkflowModel

/// A fetch resource of the Facebook connector with its parameters read and checked.
enum FacebookResource: Sendable, Hashable {
    /// Each page's details.
    case page
    /// Each page's posts, `pageSize` per request, down to `since` (00:00 UTC of that day).
    case posts(pageSize: Int, since: Date?)
    /// The people who interacted with each page's `posts` most recent posts.
    case fans(posts: Int)
    /// Insights `metrics` for `period`.
    case insights(metrics: [String], period: String)

    /// Posts per request when `pageSize` is not given.
    static let defaultPageSize = 25
    /// The Graph API's largest `limit` for posts.
    static let maxPageSize = 100
    /// Recent posts scanned for fans when `posts` is not given.
    static let defaultFanPosts = 25
    /// How many recent posts `fans` may scan.
    static let fanPostsRange = 1...1_000
    /// People per comments or reactions request (the Graph API's maximum).
    static let fanPageSize = 100

    /// Reads `resource` and its parameters as the workflow wrote them.
    /// - Throws: `FacebookConnectorError`.
    init(_ resource: String, parameters: [String: String]) throws {
        switch resource {
        case "page":
            self = .page
        case "posts":
            let pageSize = try Self.integer("pageSize", in: parameters, default: Self.defaultPageSize, range: 1...Self.maxPageSize)
            var since: Date?
            if let text = parameters["since"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                guard ISOTimestamp.isCalendarDate(text), let day = ISOTimestamp(parsing: text, zoneless: .utc)?.date else {
                    throw FacebookConnectorError.badParameter(name: "since", reason: "'\(text)' is not a day written YYYY-MM-DD")
                }
                since = day
            }
            self = .posts(pageSize: pageSize, since: since)
        case "fans":
            self = .fans(posts: try Self.integer("posts", in: parameters, default: Self.defaultFanPosts, range: Self.fanPostsRange))
        case "insights":
            let metrics = (parameters["metrics"] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "," }).map(String.init)
            guard !metrics.isEmpty else {
                throw FacebookConnectorError.badParameter(
                    name: "metrics", reason: "name at least one Insights metric (\(FacebookConnector.insightsMetrics.joined(separator: " ")))")
            }
            let period = parameters["period"]?.trimmingCharacters(in: .whitespaces).nonEmpty ?? "day"
            self = .insights(metrics: metrics, period: period)
        default:
            throw FacebookConnectorError.unknownResource(resource)
        }
    }

    /// The operation, for error messages.
    var operation: FacebookOperation {
        switch self {
        case .page: .page
        case .posts: .posts
        case .fans: .fans
        case .insights(let metrics, _): .insights(metrics: metrics)
        }
    }

    private static func integer(_ name: String, in parameters: [String: String], default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = parameters[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw FacebookConnectorError.badParameter(
                name: name, reason: "'\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}

extension String {
    /// The string, or nil when it is empty.
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
