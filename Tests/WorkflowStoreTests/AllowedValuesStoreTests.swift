import Testing
import WorkflowEngine
import WorkflowModel

/// Both backends refuse a value outside a column's allowed `values` as an error about that one
/// record, naming table, column, value and the allowed values, and write nothing of its batch.
@Suite struct AllowedValuesStoreTests {
    static var backends: [Backend] { Backend.postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    @Test(arguments: backends)
    func aValueOutsideTheAllowedOnesIsRefused(backend: Backend) async throws {
        try await withStore(backend) { store in
            var schema = TestData.people()
            schema.columns[0].allowedValues = ["Twitter", "Facebook"]
            try await store.prepare(schemas: [schema])
            var bad = TestData.person(2)
            bad["origin"] = .string("Myspace")

            let error = await storeError {
                _ = try await store.upsert([TestData.person(1), bad], into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1)
            }
            guard case .valueNotAllowed(let table, let column, let value, let allowed)? = error else {
                Issue.record("expected valueNotAllowed, got \(String(describing: error))")
                return
            }
            #expect((table, column, value, allowed) == (schema.name, "origin", "Myspace", ["Twitter", "Facebook"]))
            #expect(error?.description == "\(schema.name).origin does not allow 'Myspace'; the allowed values are Twitter, Facebook")
            #expect(try await store.count(of: schema) == 0)

            var facebook = TestData.person(3)
            facebook["origin"] = .string("Facebook")
            let counts = try await store.upsert([TestData.person(1), facebook], into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1)
            #expect(counts == UpsertCounts(inserted: 2))
        }
    }
}
