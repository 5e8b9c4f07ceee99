import Testing
import WorkflowModel
@testable import WorkflowEngine

@Suite struct FetchActivityTests {
    @Test func readsTheConnectorStreamCountingRecords() async throws {
        let harness = try Harness(#"<fetch name="read" connector="file" resource="records" path="file/people.jsonl"><next to="end"/></fetch>"#)
        let result = try await harness.behavior(FetchActivity.self, "read").run(input: nil, context: harness.context("read", batchSize: 2))
        let batches = try await collect(result.streams[.next])
        #expect(batches.map(\.records.count) == [2, 2])
        #expect(batches.map(\.checkpoint?.source) == ["read", "read"])
        #expect(harness.meter.snapshot.recordsOut == 4)
    }

    @Test func aConnectorNotInThisBuildIsRefusedWhenPrepared() throws {
        let harness = try Harness(#"<fetch name="read" connector="file" resource="records" path="x.csv"><next to="end"/></fetch>"#)
        var definition = try harness.activity("read")
        definition.attributes["connector"]?.text = "x"
        let error = #expect(throws: ActivityError.self) { try FetchActivity(definition: definition, setup: harness.setup) }
        #expect(error?.message == "fetch 'read': connector 'x' cannot run in this build: only file is installed")
    }

    @Test func aMissingFileFailsTheRunItselfNamingThePath() async throws {
        let harness = try Harness(#"<fetch name="read" connector="file" resource="records" path="nowhere.csv"><next to="end"/></fetch>"#)
        let error = await #expect(throws: ActivityError.self) {
            try await harness.behavior(FetchActivity.self, "read").run(input: nil, context: harness.context("read", directory: "/tmp/wfrun-none"))
        }
        #expect(error?.activity == "read")
        #expect(error?.message == #"fetch 'read': cannot read /tmp/wfrun-none/nowhere.csv: there is no such file (path="nowhere.csv" is relative to the workflow file's folder, /tmp/wfrun-none); check path="…" in the fetch"#)
    }

    @Test func aMalformedLineFailsTheStreamAsThisActivity() async throws {
        let harness = try Harness(#"<fetch name="read" connector="file" resource="records" path="file/malformed.jsonl"><next to="end"/></fetch>"#)
        let result = try await harness.behavior(FetchActivity.self, "read").run(input: nil, context: harness.context("read"))
        let error = await #expect(throws: ActivityError.self) { try await collect(result.streams[.next]) }
        #expect(error?.activity == "read")
        #expect(error?.message == "fetch 'read': \(Harness.fixtures.path)/file/malformed.jsonl, line 3, column 19: not valid JSON: unexpected '}' where a value should be")
    }
}
