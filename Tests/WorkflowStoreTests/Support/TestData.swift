import Foundation
import WorkflowEngine
import WorkflowModel

/// Schemas, records and instants the behaviours use.
enum TestData {
    /// A visitor-like table with a column of every type, keyed by (origin, external_id), with
    /// a required non-key column (`username`) and the two managed timestamps.
    static func people(_ name: String = Names.unique("person"), extra: [DataColumn] = []) -> DataSchema {
        DataSchema(
            name: name,
            columns: [
                DataColumn(name: "origin", type: .string, required: true),
                DataColumn(name: "external_id", type: .string, required: true),
                DataColumn(name: "username", type: .string, required: true),
                DataColumn(name: "friends", type: .integer),
                DataColumn(name: "score", type: .number),
                DataColumn(name: "verified", type: .boolean),
                DataColumn(name: "joined_at", type: .timestamp),
                DataColumn(name: "birthday", type: .date),
                DataColumn(name: "profile", type: .json),
                DataColumn(name: "created_at", type: .timestamp),
                DataColumn(name: "updated_at", type: .timestamp),
            ] + extra,
            keys: [
                DataKey(columns: ["origin", "external_id"]),
                DataKey(name: "by_username", columns: ["username"], unique: false),
            ])
    }

    static let key = ["origin", "external_id"]

    /// A person record with every field.
    static func person(_ id: Int, friends: Int64 = 10, username: String? = nil) -> Record {
        [
            "origin": .string("Twitter"),
            "external_id": .string("id\(id)"),
            "username": .string(username ?? "user\(id)"),
            "friends": .int(friends),
            "score": .number(Double(id) + 0.5),
            "verified": .bool(id % 2 == 0),
            "joined_at": .string("2026-11-27T07:40:00+01:00"),
            "birthday": .string("1990-02-28"),
            "profile": .object(["bio": .string("hi \(id)"), "tags": .array([.string("a"), .int(Int64(id))])]),
        ]
    }

    /// The row a `person(id)` record becomes, as `rows()` returns it.
    static func row(_ id: Int, friends: Int64 = 10, username: String? = nil, created: String, updated: String) -> Record {
        var record = person(id, friends: friends, username: username)
        record["joined_at"] = .string("2026-11-27T06:40:00Z")
        record["created_at"] = .string(created)
        record["updated_at"] = .string(updated)
        return record
    }

    /// Whole-second instants, so that both backends return them exactly.
    static let t1 = Date(timeIntervalSince1970: 1_795_000_000)
    static let t2 = t1.addingTimeInterval(60)
    static let t3 = t1.addingTimeInterval(120)
    static let t1Text = "2026-11-18T11:06:40Z"
    static let t2Text = "2026-11-18T11:07:40Z"
    static let t3Text = "2026-11-18T11:08:40Z"
}
