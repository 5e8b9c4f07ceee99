import Foundation
import GRDB
import WorkflowEngine
import WorkflowModel

extension SQLiteStore: LinkStore {
    public func trackedLink(delivery: Int64, url: String) async throws(StoreError) -> String {
        let insert = engine.insertTrackedLink, select = engine.selectTrackedLinkCode
        let now = ISOTimestamp(Date()).text
        return try await write { db in
            // A new code, unless the URL has one; a code already taken (never seen: 62^12
            // codes) draws another.
            for _ in 0..<4 {
                try db.execute(sql: insert, arguments: [LinkCode.random(), delivery, url, now])
                if let code = try String.fetchOne(db, sql: select, arguments: [delivery, url]) { return code }
            }
            throw StoreError.database("no free link code found for delivery \(delivery)")
        }
    }

    public func link(code: String) async throws(StoreError) -> TrackedLink? {
        let sql = engine.selectTrackedLink
        return try await read { db in
            try Row.fetchOne(db, sql: sql, arguments: [code]).map { TrackedLink(code: code, url: $0[0], delivery: $0[1]) }
        }
    }

    @discardableResult
    public func recordVisit(code: String, at instant: Date, agent: LinkAgent) async throws(StoreError) -> Bool {
        let sql = engine.insertVisit
        let text = ISOTimestamp(instant).text
        return try await write { db in
            try String.fetchOne(db, sql: sql, arguments: [code, text, String(text.prefix(10)), agent.rawValue]) != nil
        }
    }

    public func postVisits(from: String, through: String) async throws(StoreError) -> [PostVisits] {
        let sql = engine.selectPostVisits
        return try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: [from, through]).map {
                PostVisits(postID: $0[0], connector: $0[1], service: $0[2], day: $0[3], visits: $0[4], crawlerVisits: $0[5])
            }
        }
    }
}
