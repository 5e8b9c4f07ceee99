import Testing
import WorkflowEngine
import WorkflowModel

extension StoreBehaviour {
    /// Insert 3; the same 3 again are unchanged and keep their `updated_at`; changing one
    /// updates exactly it and moves only its `updated_at`.
    func upsertCountsAndTimestamps() async throws {
        try await withStore(backend) { store in
            let schema = TestData.people()
            try await store.prepare(schemas: [schema])
            let records = (1...3).map { TestData.person($0) }

            let first = try await store.upsert(records, into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1)
            #expect(first == UpsertCounts(inserted: 3))
            let inserted = (1...3).map { TestData.row($0, created: TestData.t1Text, updated: TestData.t1Text) }
            #expect(try await Self.allRows(store, schema) == inserted)

            let again = try await store.upsert(records, into: schema, key: TestData.key, checkpoint: nil, now: TestData.t2)
            #expect(again == UpsertCounts(unchanged: 3))
            #expect(try await Self.allRows(store, schema) == inserted)

            var changed = records
            changed[1]["friends"] = .int(99)
            let third = try await store.upsert(changed, into: schema, key: TestData.key, checkpoint: nil, now: TestData.t3)
            #expect(third == UpsertCounts(updated: 1, unchanged: 2))
            #expect(
                try await Self.allRows(store, schema) == [
                    TestData.row(1, created: TestData.t1Text, updated: TestData.t1Text),
                    TestData.row(2, friends: 99, created: TestData.t1Text, updated: TestData.t3Text),
                    TestData.row(3, created: TestData.t1Text, updated: TestData.t1Text),
                ])
            #expect(try await store.count(of: schema) == 3)
        }
    }

    /// Only the fields a record gives are written; a record may repeat a key within a batch
    /// (the later one wins, counted as an update); an empty batch does nothing.
    func upsertWritesOnlyGivenFields() async throws {
        try await withStore(backend) { store in
            let schema = TestData.people()
            try await store.prepare(schemas: [schema])
            _ = try await store.upsert([TestData.person(1)], into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1)

            let partial: Record = ["origin": .string("Twitter"), "external_id": .string("id1"), "friends": .int(5)]
            let repeated: Record = ["origin": .string("Twitter"), "external_id": .string("id1"), "friends": .int(6)]
            let counts = try await store.upsert([partial, repeated], into: schema, key: TestData.key, checkpoint: nil, now: TestData.t2)
            #expect(counts == UpsertCounts(updated: 2))
            #expect(try await Self.allRows(store, schema) == [TestData.row(1, friends: 6, created: TestData.t1Text, updated: TestData.t2Text)])

            let nothing = try await store.upsert([], into: schema, key: TestData.key, checkpoint: nil, now: TestData.t3)
            #expect(nothing == UpsertCounts())
        }
    }

    /// A batch larger than one statement, with keys repeated inside it and records giving
    /// different columns, counts each record exactly as if it were upserted alone, in order.
    func largeBatchesCountExactly() async throws {
        try await withStore(backend) { store in
            let schema = TestData.people()
            try await store.prepare(schemas: [schema])
            var records = (0..<1_234).map { TestData.person($0) }
            records.append(TestData.person(7))  // the same as an earlier record: unchanged
            records.append(TestData.person(8, friends: 80))  // differs from an earlier record: updated
            records.append(["origin": .string("Twitter"), "external_id": .string("id9"), "friends": .int(90)])  // updated
            records.append(TestData.person(5_000))  // inserted after a change of columns
            let first = try await store.upsert(records, into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1)
            #expect(first == UpsertCounts(inserted: 1_235, updated: 2, unchanged: 1))
            #expect(try await store.count(of: schema) == 1_235)

            let rows = try await Self.allRows(store, schema)
            #expect(rows.map { $0["external_id"] } == ((0..<1_234).map { "id\($0)" } + ["id5000"]).map { .string($0) })
            #expect(rows[8]["friends"] == .int(80))
            #expect(rows[9]["friends"] == .int(90))

            var again = records
            again[1_000]["friends"] = .int(-1)
            let second = try await store.upsert(again, into: schema, key: TestData.key, checkpoint: nil, now: TestData.t2)
            // The re-upserted batch: record 1000 changed, and ids 8 and 9 move back and forth.
            #expect(second == UpsertCounts(inserted: 0, updated: 5, unchanged: 1_233))
        }
    }

    /// A value of the wrong type names table, column and value, and nothing of the batch is
    /// written: neither its good records nor its checkpoint.
    func typeMismatchWritesNothing() async throws {
        try await withStore(backend) { store in
            let schema = TestData.people()
            try await store.prepare(schemas: [schema])
            let run = try await Self.beginRun(store)
            var bad = TestData.person(3)
            bad["friends"] = .string("many")
            let checkpoint = CommittedCheckpoint(run: run.id, sink: "save", checkpoint: Checkpoint(source: "fetch", sequence: 1, cursor: "c1"))

            let error = await storeError {
                _ = try await store.upsert(
                    [TestData.person(1), TestData.person(2), bad], into: schema, key: TestData.key, checkpoint: checkpoint, now: TestData.t1)
            }
            guard case .typeMismatch(let table, let column, let value, let expected)? = error else {
                Issue.record("expected typeMismatch, got \(String(describing: error))")
                return
            }
            #expect(table == schema.name)
            #expect(column == "friends")
            #expect(value == "string 'many'")
            #expect(expected == .integer)
            #expect(error?.description == "\(schema.name).friends expects integer, got string 'many'")
            #expect(try await store.count(of: schema) == 0)
            #expect(try await store.checkpoints(run: run.id) == [])
        }
    }

    /// Every type's accepted and refused values.
    func typeChecks() async throws {
        try await withStore(backend) { store in
            let schema = TestData.people()
            try await store.prepare(schemas: [schema])
            let refused: [(String, ExpressionValue)] = [
                ("username", .int(3)), ("friends", .number(1.5)), ("score", .string("1.5")), ("verified", .int(1)),
                ("joined_at", .string("2026-11-27")), ("joined_at", .string("2026-11-27T06:40:00")),
                ("joined_at", .string("2026-02-30T06:40:00Z")), ("birthday", .string("1990-02-30")),
                ("birthday", .string("1990-2-3")),
            ]
            for (column, value) in refused {
                var record = TestData.person(1)
                record[column] = value
                let error = await storeError {
                    _ = try await store.upsert([record], into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1)
                }
                guard case .typeMismatch(_, let named, _, _)? = error else {
                    Issue.record("\(column) = \(value): expected typeMismatch, got \(String(describing: error))")
                    continue
                }
                #expect(named == column)
            }
            // An int is a fine number, any value fits JSON, and nulls fit optional columns.
            var record = TestData.person(1)
            record["score"] = .int(7)
            record["profile"] = .array([.null, .bool(true)])
            record["birthday"] = .null
            #expect(try await store.upsert([record], into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1) == UpsertCounts(inserted: 1))
            let row = try await Self.allRows(store, schema)[0]
            #expect(row["score"] == .number(7))
            #expect(row["profile"] == .array([.null, .bool(true)]))
            #expect(row["birthday"] == .null)
        }
    }

    /// A record without a key value, or without a required column on insert, is refused and
    /// nothing of its batch is written; without a required column it may still update.
    func missingRequiredValues() async throws {
        try await withStore(backend) { store in
            let schema = TestData.people()
            try await store.prepare(schemas: [schema])
            var noKey = TestData.person(2)
            noKey["external_id"] = nil
            var nullKey = TestData.person(2)
            nullKey["origin"] = .null
            var noUsername = TestData.person(2)
            noUsername["username"] = nil
            for (record, column) in [(noKey, "external_id"), (nullKey, "origin"), (noUsername, "username")] {
                let error = await storeError {
                    _ = try await store.upsert([TestData.person(1), record], into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1)
                }
                guard case .missingValue(let table, let named)? = error else {
                    Issue.record("expected missingValue for \(column), got \(String(describing: error))")
                    continue
                }
                #expect(table == schema.name)
                #expect(named == column)
                #expect(try await store.count(of: schema) == 0)
            }

            _ = try await store.upsert([TestData.person(2)], into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1)
            var update = noUsername
            update["friends"] = .int(42)
            let counts = try await store.upsert([update], into: schema, key: TestData.key, checkpoint: nil, now: TestData.t2)
            #expect(counts == UpsertCounts(updated: 1))
        }
    }

    /// A field the table does not have is refused by name; `created_at`/`updated_at` given by
    /// a record are ignored; a key that is not a unique key is refused.
    func unknownColumnsAndKeys() async throws {
        try await withStore(backend) { store in
            let schema = TestData.people()
            try await store.prepare(schemas: [schema])
            var record = TestData.person(1)
            record["nickname"] = .string("bob")
            let error = await storeError {
                _ = try await store.upsert([record], into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1)
            }
            guard case .unknownColumn(let table, let column)? = error else {
                Issue.record("expected unknownColumn, got \(String(describing: error))")
                return
            }
            #expect(table == schema.name)
            #expect(column == "nickname")

            var managed = TestData.person(1)
            managed["created_at"] = .string("2000-01-01T00:00:00Z")
            #expect(try await store.upsert([managed], into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1) == UpsertCounts(inserted: 1))
            #expect(try await Self.allRows(store, schema) == [TestData.row(1, created: TestData.t1Text, updated: TestData.t1Text)])

            #expect(await storeError {
                _ = try await store.upsert([TestData.person(1)], into: schema, key: ["username"], checkpoint: nil, now: TestData.t1)
            } != nil)
        }
    }
}
