import Testing
import WorkflowEngine
import WorkflowModel
import WorkflowXML

extension StoreBehaviour {
    /// The subscription schema, under a name of this test's own.
    private static func subscriptions() throws -> DataSchema {
        var schema = try #require(DataSchemaLibrary.builtIn["subscription"])
        schema.name = Names.unique("subscription")
        return schema
    }

    private static func subscription(_ service: String, _ id: String, run: Int64, at time: String) -> Record {
        [
            "service": .string(service), "origin": .string("Twitter"), "external_id": .string(id),
            "subscribed_at": .string(time), "seen_run": .int(run), "ended_at": .null,
        ]
    }

    /// `keep` columns are written on insert only; `endUnseen` ends exactly the rows of the
    /// scopes this run saw that it did not write, leaves other scopes and ended rows alone, and
    /// a row seen again is reopened by its upsert.
    func synchronizationKeepsFirstDatesAndEndsUnseenRows() async throws {
        try await withStore(backend) { store in
            let schema = try Self.subscriptions()
            try await store.prepare(schemas: [schema])
            let key = ["service", "origin", "external_id"]
            let first = [
                Self.subscription("acme", "1", run: 1, at: TestData.t1Text),
                Self.subscription("acme", "2", run: 1, at: TestData.t1Text),
                Self.subscription("other", "1", run: 1, at: TestData.t1Text),
            ]
            _ = try await store.upsert(first, into: schema, key: key, keep: ["subscribed_at"], checkpoint: nil, now: TestData.t1)
            #expect(try await store.endUnseen(in: schema, column: "ended_at", scope: ["service"], run: 1, now: TestData.t1) == 0)

            // Run 2 sees only acme/1: acme/2 ends; "other" was not synchronized by run 2 and stays.
            let second = try await store.upsert(
                [Self.subscription("acme", "1", run: 2, at: TestData.t2Text)], into: schema, key: key, keep: ["subscribed_at"],
                checkpoint: nil, now: TestData.t2)
            #expect(second == UpsertCounts(updated: 1))
            #expect(try await store.endUnseen(in: schema, column: "ended_at", scope: ["service"], run: 2, now: TestData.t2) == 1)
            let afterSecond = try await Self.allRows(store, schema).map(Self.summary)
            #expect(afterSecond == [
                "acme/1 since \(TestData.t1Text) run 2 open",
                "acme/2 since \(TestData.t1Text) run 1 ended \(TestData.t2Text)",
                "other/1 since \(TestData.t1Text) run 1 open",
            ])

            // Run 3 sees acme/2 again (reopened, first date kept) and not acme/1; the already
            // ended row is not ended twice.
            _ = try await store.upsert(
                [Self.subscription("acme", "2", run: 3, at: TestData.t3Text)], into: schema, key: key, keep: ["subscribed_at"],
                checkpoint: nil, now: TestData.t3)
            #expect(try await store.endUnseen(in: schema, column: "ended_at", scope: ["service"], run: 3, now: TestData.t3) == 1)
            #expect(try await Self.allRows(store, schema).map(Self.summary) == [
                "acme/1 since \(TestData.t1Text) run 2 ended \(TestData.t3Text)",
                "acme/2 since \(TestData.t1Text) run 3 open",
                "other/1 since \(TestData.t1Text) run 1 open",
            ])

            // Without a scope, every row the run did not see ends.
            #expect(try await store.endUnseen(in: schema, column: "ended_at", scope: [], run: 3, now: TestData.t3) == 1)
            // A run that saw nothing ends nothing.
            #expect(try await store.endUnseen(in: schema, column: "ended_at", scope: [], run: 4, now: TestData.t3) == 0)
            let error = await storeError { _ = try await store.endUnseen(in: schema, column: "gone_at", scope: [], run: 4, now: TestData.t3) }
            #expect(error.map { "\($0)" }?.contains("gone_at") == true)
        }
    }

    private static func summary(_ row: Record) -> String {
        func text(_ name: String) -> String { row[name]?.text ?? "?" }
        let state = row["ended_at"].map { $0 == .null ? "open" : "ended \($0.text ?? "?")" } ?? "open"
        return "\(text("service"))/\(text("external_id")) since \(text("subscribed_at")) run \(text("seen_run")) \(state)"
    }
}
