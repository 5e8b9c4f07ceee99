import Foundation

/// Where tracked links and their visits are kept: the links of each delivery (one unguessable
/// code per delivery and URL), the visits `wfrun serve` answers at `/r/CODE`, and the daily
/// counts statsTwitter reads. Both stores conform; no raw IP address is ever stored.
public protocol LinkStore: Sendable {
    /// The code of `url` in `delivery`: a new random one the first time, the same one after
    /// (a resumed run rewrites its text to exactly the same text).
    func trackedLink(delivery: Int64, url: String) async throws -> String
    /// The link with this code, if any.
    func link(code: String) async throws -> TrackedLink?
    /// Records one visit of the link `code` at `instant` by a user agent of class `agent`;
    /// false when there is no such link (nothing is recorded).
    @discardableResult
    func recordVisit(code: String, at instant: Date, agent: LinkAgent) async throws -> Bool
    /// The visits of published posts' links on the UTC days `from` through `through`
    /// (`YYYY-MM-DD`), per post and day: only posts whose id is known (sent) and days with a
    /// visit.
    func postVisits(from: String, through: String) async throws -> [PostVisits]
}

/// A link replaced in a published text.
public struct TrackedLink: Sendable, Hashable {
    /// Its code, the last segment of `BASE/r/CODE`.
    public var code: String
    /// The original URL, where `/r/CODE` redirects.
    public var url: String
    /// The delivery whose text holds it.
    public var delivery: Int64

    /// Creates a link.
    public init(code: String, url: String, delivery: Int64) {
        self.code = code
        self.url = url
        self.delivery = delivery
    }
}

/// The visits of one post's links on one day.
public struct PostVisits: Sendable, Hashable {
    /// The network's id of the post (its delivery's `timeline` remote id).
    public var postID: String
    /// The connector that published it (`x`, `facebook`).
    public var connector: String
    /// The service (account or page) that published it.
    public var service: String
    /// The UTC day, `YYYY-MM-DD`.
    public var day: String
    /// Visits by people (browsers and agents of no known class).
    public var visits: Int64
    /// Visits by crawlers and tools, counted apart.
    public var crawlerVisits: Int64

    /// Creates a count.
    public init(postID: String, connector: String, service: String, day: String, visits: Int64, crawlerVisits: Int64) {
        self.postID = postID
        self.connector = connector
        self.service = service
        self.day = day
        self.visits = visits
        self.crawlerVisits = crawlerVisits
    }
}
