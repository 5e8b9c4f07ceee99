import Foundation
import Testing
import WorkflowEngine
import WorkflowModel

@testable import WorkflowStore

/// Tracked links and their visits on both backends: one code per delivery and URL however often
/// (or concurrently) it is asked for, the link behind a code, visits recorded only for a known
/// code, and the daily counts per post that statsTwitter reads (people and crawlers apart, only
/// sent posts, only the days asked for).
///
/// The counts join the delivery log (migration 4, the publish activity's), whose rows the tests
/// write as the publish activity does. On PostgreSQL they run in a database of their own, created
/// and dropped by each test, so that fixed delivery ids clash with no other test's.
@Suite(.serialized) struct LinkStoreTests {
    static var backends: [Backend] { Backend.postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// Deliveries as the publish activity writes them: (id, action, connector, service), and
    /// each one's recipient, state and remote id.
    static let deliveries: [(Int64, String, String, String, String, String, String?)] = [
        (7, "post", "x", "wfrun_demo", "timeline", "sent", "1900000000000000007"),
        (8, "dm", "x", "wfrun_demo", "2244994945", "sent", "dm-event-1"),
        (9, "post", "facebook", "demo_page", "timeline", "sent", "104_9"),
        (10, "post", "x", "wfrun_demo", "timeline", "sending", nil),
    ]

    static func insertDeliveries(_ store: any WorkflowStore) async throws {
        let statements = deliveries.flatMap { id, action, connector, service, recipient, state, remote in
            [
                """
                INSERT INTO "delivery" ("id", "run", "activity", "activation", "action", "connector", "service", "proof", "text_template", "created_at") \
                VALUES (\(id), 1, 'announce', \(id), '\(action)', '\(connector)', '\(service)', 0, 'Read https://example.com', '2027-03-24T08:00:00Z')
                """,
                """
                INSERT INTO "delivery_recipient" ("delivery", "recipient", "state", "remote_id", "attempts", "text", "updated_at") \
                VALUES (\(id), '\(recipient)', '\(state)', \(remote.map { "'\($0)'" } ?? "NULL"), 1, 'Read https://example.com', '2027-03-24T08:00:00Z')
                """,
            ]
        }
        try await execute(store, statements)
    }

    static func execute(_ store: any WorkflowStore, _ statements: [String]) async throws {
        if let sqlite = store as? SQLiteStore {
            try await sqlite.write { db in for statement in statements { try db.execute(sql: statement) } }
        } else if let postgres = store as? PostgresStore {
            for statement in statements { _ = try await postgres.query(statement) }
        }
    }

    /// A store in a database of its own (`withOwnDatabase`), as a link store.
    static func withLinkStore(_ backend: Backend, _ body: (any WorkflowStore & LinkStore) async throws -> Void) async throws {
        try await withOwnDatabase(backend) { store in
            try await body(try #require(store as? any WorkflowStore & LinkStore))
        }
    }

    static func instant(_ text: String) throws -> Date {
        try #require(ISOTimestamp(parsing: text, zoneless: .refused)).date
    }

    @Test(arguments: backends)
    func aURLKeepsItsCodeWithinItsDelivery(backend: Backend) async throws {
        try await Self.withLinkStore(backend) { store in
            let url = "https://example.com/launch?utm_source=x&lang=fr"
            let code = try await store.trackedLink(delivery: 7, url: url)
            #expect(code.count == 12)
            #expect(LinkCode.isWellFormed(code))
            #expect(try await store.trackedLink(delivery: 7, url: url) == code)
            let other = try await store.trackedLink(delivery: 7, url: "https://example.com/other")
            let elsewhere = try await store.trackedLink(delivery: 8, url: url)
            #expect(Set([code, other, elsewhere]).count == 3)
            #expect(try await store.link(code: code) == TrackedLink(code: code, url: url, delivery: 7))
            #expect(try await store.link(code: elsewhere) == TrackedLink(code: elsewhere, url: url, delivery: 8))
            #expect(try await store.link(code: "AAAAAAAAAAAA") == nil)

            // A run and its resumed self racing on one URL end up with one code.
            let raced = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 { group.addTask { try await store.trackedLink(delivery: 11, url: "https://example.com/race") } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(raced.count == 1)
        }
    }

    @Test(arguments: backends)
    func visitsAreCountedPerPostAndDayWithCrawlersApart(backend: Backend) async throws {
        try await Self.withLinkStore(backend) { store in
            try await Self.insertDeliveries(store)
            let post = try await store.trackedLink(delivery: 7, url: "https://example.com/a")
            let second = try await store.trackedLink(delivery: 7, url: "https://example.com/b")
            let message = try await store.trackedLink(delivery: 8, url: "https://example.com/a")
            let page = try await store.trackedLink(delivery: 9, url: "https://example.com/a")
            let unsent = try await store.trackedLink(delivery: 10, url: "https://example.com/a")
            let visits: [(String, String, LinkAgent)] = [
                (post, "2027-03-23T23:59:59Z", .browser),  // before the days asked for
                (post, "2027-03-24T23:59:59.5Z", .browser),
                (post, "2027-03-25T00:00:00Z", .browser),
                (second, "2027-03-25T07:00:00Z", .other),
                (post, "2027-03-25T08:00:00Z", .crawler),
                (post, "2027-03-25T09:00:00Z", .tool),
                (message, "2027-03-25T09:00:00Z", .browser),
                (page, "2027-03-25T10:00:00Z", .browser),
                (unsent, "2027-03-25T10:00:00Z", .browser),
                (post, "2027-03-26T00:00:00Z", .browser),  // after them
            ]
            for (code, at, agent) in visits {
                #expect(try await store.recordVisit(code: code, at: try Self.instant(at), agent: agent))
            }
            #expect(try await store.recordVisit(code: "Unknown00000", at: try Self.instant("2027-03-25T10:00:00Z"), agent: .browser) == false)

            let counts = try await store.postVisits(from: "2027-03-24", through: "2027-03-25")
            #expect(counts == [
                PostVisits(postID: "1900000000000000007", connector: "x", service: "wfrun_demo", day: "2027-03-24", visits: 1, crawlerVisits: 0),
                PostVisits(postID: "104_9", connector: "facebook", service: "demo_page", day: "2027-03-25", visits: 1, crawlerVisits: 0),
                PostVisits(postID: "1900000000000000007", connector: "x", service: "wfrun_demo", day: "2027-03-25", visits: 2, crawlerVisits: 2),
            ])
        }
    }
}
