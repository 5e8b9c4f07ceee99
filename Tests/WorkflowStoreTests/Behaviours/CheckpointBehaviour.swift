import Testing
import WorkflowEngine
import WorkflowModel

extension StoreBehaviour {
    /// A checkpoint commits with its batch, a newer sequence replaces it, an older one does
    /// not, a failed batch leaves it as it was; checkpoints of other sinks and runs are apart.
    func checkpointsCommitWithTheirBatch() async throws {
        try await withStore(backend) { store in
            let schema = TestData.people()
            try await store.prepare(schemas: [schema])
            let run = try await Self.beginRun(store)
            let other = try await Self.beginRun(store)
            func checkpoint(_ sequence: Int64, sink: String = "save", run: RunRecord = run) -> CommittedCheckpoint {
                CommittedCheckpoint(run: run.id, sink: sink, checkpoint: Checkpoint(source: "fetch", sequence: sequence, cursor: "page\(sequence)"))
            }

            _ = try await store.upsert([TestData.person(1)], into: schema, key: TestData.key, checkpoint: checkpoint(1), now: TestData.t1)
            #expect(try await store.checkpoints(run: run.id) == [checkpoint(1)])

            _ = try await store.upsert([TestData.person(2)], into: schema, key: TestData.key, checkpoint: checkpoint(2), now: TestData.t1)
            #expect(try await store.checkpoints(run: run.id) == [checkpoint(2)])

            try await store.commit(checkpoint(1))
            #expect(try await store.checkpoints(run: run.id) == [checkpoint(2)])

            var bad = TestData.person(3)
            bad["verified"] = .string("yes")
            _ = await storeError {
                _ = try await store.upsert([bad], into: schema, key: TestData.key, checkpoint: checkpoint(3), now: TestData.t1)
            }
            #expect(try await store.checkpoints(run: run.id) == [checkpoint(2)])

            try await store.commit(checkpoint(3))
            try await store.commit(checkpoint(1, sink: "archive"))
            try await store.commit(checkpoint(7, run: other))
            #expect(try await store.checkpoints(run: run.id) == [checkpoint(1, sink: "archive"), checkpoint(3)])
            #expect(try await store.checkpoints(run: other.id) == [checkpoint(7, run: other)])
            #expect(try await store.count(of: schema) == 2)
        }
    }
}
