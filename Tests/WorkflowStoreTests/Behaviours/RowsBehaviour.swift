import Testing
import WorkflowEngine
import WorkflowModel

extension StoreBehaviour {
    /// `rows()` reads nothing until pulled, then streams in insertion order in batches of the
    /// size asked, values typed back (booleans, ISO timestamps in UTC, parsed JSON).
    func rowsStreamInIdOrder() async throws {
        try await withStore(backend) { store in
            let schema = TestData.people()
            try await store.prepare(schemas: [schema])
            // Inserted out of key order: rows come back in insertion order.
            let ids = [5, 3, 9, 1, 7, 2, 8, 4, 6, 10, 12, 11]
            let source = store.rows(of: schema, batchSize: 5)
            _ = try await store.upsert(ids.map { TestData.person($0) }, into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1)

            var sizes: [Int] = []
            var records: [Record] = []
            while let batch = try await source.next() {
                sizes.append(batch.records.count)
                records += batch.records
                #expect(batch.checkpoint == nil)
            }
            #expect(sizes == [5, 5, 2])
            #expect(records == ids.map { TestData.row($0, created: TestData.t1Text, updated: TestData.t1Text) })
            #expect(try await source.next() == nil)
            #expect(records[0]["verified"] == .bool(false))
            #expect(records[0]["profile"] == .object(["bio": .string("hi 5"), "tags": .array([.string("a"), .int(5)])]))

            let exact = store.rows(of: schema, batchSize: 6)
            var exactSizes: [Int] = []
            while let batch = try await exact.next() { exactSizes.append(batch.records.count) }
            #expect(exactSizes == [6, 6])

            let empty = TestData.people()
            try await store.prepare(schemas: [empty])
            #expect(try await store.rows(of: empty, batchSize: 10).next() == nil)
            #expect(try await store.count(of: empty) == 0)
        }
    }

    /// Timestamps with offsets and fractions come back as the same instant in UTC.
    func timestampsAreNormalized() async throws {
        try await withStore(backend) { store in
            let schema = TestData.people()
            try await store.prepare(schemas: [schema])
            let cases: [(String, String)] = [
                ("2026-03-29T02:30:00+02:00", "2026-03-29T00:30:00Z"),
                ("2026-11-27T06:40:00.120Z", "2026-11-27T06:40:00.12Z"),
                ("2026-11-27T06:40:00.1234567-0130", "2026-11-27T08:10:00.123456Z"),
                ("2026-11-27 06:40Z", "2026-11-27T06:40:00Z"),
            ]
            let records = cases.enumerated().map { index, pair in
                var record = TestData.person(index)
                record["joined_at"] = .string(pair.0)
                return record
            }
            _ = try await store.upsert(records, into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1)
            #expect(try await Self.allRows(store, schema).map { $0["joined_at"] } == cases.map { .string($0.1) })

            // The same instant written differently is no change.
            var same = records[0]
            same["joined_at"] = .string("2026-03-29T00:30:00Z")
            #expect(try await store.upsert([same], into: schema, key: TestData.key, checkpoint: nil, now: TestData.t2) == UpsertCounts(unchanged: 1))
        }
    }
}
