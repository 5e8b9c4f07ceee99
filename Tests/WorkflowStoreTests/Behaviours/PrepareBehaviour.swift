import Testing
import WorkflowEngine
import WorkflowModel

extension StoreBehaviour {
    /// Preparing twice changes nothing; a column added to the schema is added to the table,
    /// existing rows keep their values and read the new column as null.
    func prepareIsIdempotentAndAddsColumns() async throws {
        try await withStore(backend) { store in
            let v1 = TestData.people()
            try await store.prepare(schemas: [v1])
            try await store.prepare(schemas: [v1])
            _ = try await store.upsert([TestData.person(1)], into: v1, key: TestData.key, checkpoint: nil, now: TestData.t1)

            let v2 = TestData.people(v1.name, extra: [DataColumn(name: "country", type: .string)])
            try await store.prepare(schemas: [v2])
            try await store.prepare(schemas: [v2])
            var record = TestData.person(2)
            record["country"] = .string("SE")
            let counts = try await store.upsert([record], into: v2, key: TestData.key, checkpoint: nil, now: TestData.t1)
            #expect(counts == UpsertCounts(inserted: 1))

            var first = TestData.row(1, created: TestData.t1Text, updated: TestData.t1Text)
            first["country"] = .null
            var second = TestData.row(2, created: TestData.t1Text, updated: TestData.t1Text)
            second["country"] = .string("SE")
            #expect(try await Self.allRows(store, v2) == [first, second])
        }
    }

    /// The built-in schemas all make tables.
    func preparesBuiltInSchemas() async throws {
        try await withStore(backend) { store in
            let schemas = BuiltInSchemas.renamed()
            try await store.prepare(schemas: schemas)
            for schema in schemas {
                #expect(try await store.count(of: schema) == 0)
            }
        }
    }

    /// A schema named after an engine table, or with an `id` column, is refused.
    func refusesReservedNames() async throws {
        try await withStore(backend) { store in
            // Exact messages: a different StoreError (or none) fails the test.
            let clash = DataSchema(name: "run", columns: [DataColumn(name: "x", type: .string)], keys: [])
            let refused = await storeError { try await store.prepare(schemas: [clash]) }
            #expect(refused.map { "\($0)" } == "database error: a data schema cannot be named run: wfrun uses that table itself")
            let id = DataSchema(name: Names.unique("with_id"), columns: [DataColumn(name: "id", type: .integer)], keys: [])
            let withID = await storeError { try await store.prepare(schemas: [id]) }
            #expect(withID.map { "\($0)" }
                == "database error: the data schema \(id.name) has a column named id, which the store uses as the row number")
        }
    }
}
