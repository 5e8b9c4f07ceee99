import Foundation
import PostgresNIO
import WorkflowModel
import WorkflowEngine

extension PostgresStore: LinkStore {
    public func trackedLink(delivery: Int64, url: String) async throws(StoreError) -> String {
        let insert = engine.insertTrackedLink, select = engine.selectTrackedLinkCode
        let logger = logger
        return try await transaction { connection in
            // A new code, unless the URL has one (two runs racing: the loser reads the winner's);
            // a code already taken (never seen: 62^12 codes) draws another.
            for _ in 0..<4 {
                var binds = PostgresBindings()
                binds.append(LinkCode.random())
                binds.append(delivery)
                binds.append(url)
                binds.append(Date())
                try await connection.query(PostgresQuery(unsafeSQL: insert, binds: binds), logger: logger)
                var key = PostgresBindings()
                key.append(delivery)
                key.append(url)
                for try await code in try await connection.query(PostgresQuery(unsafeSQL: select, binds: key), logger: logger)
                    .decode(String.self)
                {
                    return code
                }
            }
            throw StoreError.database("no free link code found for delivery \(delivery)")
        }
    }

    public func link(code: String) async throws(StoreError) -> TrackedLink? {
        var binds = PostgresBindings()
        binds.append(code)
        guard let row = try await query(engine.selectTrackedLink, binds).first else { return nil }
        let (url, delivery) = try decode(row, (String, Int64).self)
        return TrackedLink(code: code, url: url, delivery: delivery)
    }

    @discardableResult
    public func recordVisit(code: String, at instant: Date, agent: LinkAgent) async throws(StoreError) -> Bool {
        var binds = PostgresBindings()
        binds.append(code)
        binds.append(instant)
        binds.append(String(ISOTimestamp(instant).text.prefix(10)))
        binds.append(agent.rawValue)
        let recorded = try await query(engine.insertVisit, binds)
        return !recorded.isEmpty
    }

    public func postVisits(from: String, through: String) async throws(StoreError) -> [PostVisits] {
        var binds = PostgresBindings()
        binds.append(from)
        binds.append(through)
        return try await query(engine.selectPostVisits, binds).map { row throws(StoreError) in
            let (post, connector, service, day, visits, crawlers) = try decode(row, (String, String, String, String, Int64, Int64).self)
            return PostVisits(postID: post, connector: connector, service: service, day: day, visits: visits, crawlerVisits: crawlers)
        }
    }
}
