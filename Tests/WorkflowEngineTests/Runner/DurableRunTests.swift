import Foundation
import Testing
import WorkflowEngine
import WorkflowModel
import WorkflowStore
import WorkflowXML

/// Records flow lazily from a source through map to upsert, each batch committed with its
/// checkpoint; a run that dies mid-stream resumes after the last committed batch.
@Suite struct DurableRunTests {
    static let pipeline = """
        <workflow xmlns="urn:wfrun:workflow:1" name="pipeline">
          <start name="begin"><next to="read"/></start>
          <fetch name="read" connector="flaky" resource="records"><next to="shape"/></fetch>
          <map name="shape">
            <field name="origin" value="'Twitter'"/>
            <field name="external_id" value="toString(n)"/>
            <field name="username" value="concat('user', toString(n))"/>
            <field name="friends" value="n * 10"/>
            <next to="save"/>
          </map>
          <upsert name="save" schema="visitor" key="origin external_id"><next to="done"/></upsert>
          <end name="done"/>
        </workflow>
        """

    static func visitors(_ store: any WorkflowStore) async throws -> [String] {
        let schema = try #require(DataSchemaLibrary.builtIn["visitor"])
        let rows = store.rows(of: schema, batchSize: 100)
        var result: [String] = []
        while let batch = try await rows.next() {
            result += batch.records.map { "\($0["external_id"]?.text ?? "?")/\($0["username"]?.text ?? "?")/\($0["friends"]?.text ?? "?")" }
        }
        return result.sorted()
    }

    @Test func recordsReachTheTableInBatches() async throws {
        let harness = try await RunnerHarness(connectors: [FlakyConnector(count: 5)])
        let summary = try await harness.run(Self.pipeline, options: RunOptions(file: "test.xml", batchSize: 2))
        #expect(summary.run.status == .succeeded, "\(summary.run.error ?? "")")
        #expect(try await Self.visitors(harness.store) == ["0/user0/0", "1/user1/10", "2/user2/20", "3/user3/30", "4/user4/40"])
        #expect(summary.upserts["save"] == UpsertCounts(inserted: 5))
        let save = try #require(summary.activities.first { $0.activity == "save" })
        #expect(save.status == .succeeded)
        #expect(save.recordsIn == 5)
    }

    @Test func aRunThatDiesMidStreamResumesAfterItsLastCommittedBatch() async throws {
        let flaky = FlakyConnector(count: 9, failAfterBatches: 2)
        let harness = try await RunnerHarness(connectors: [flaky])
        let options = RunOptions(file: "test.xml", batchSize: 2)
        let failed = try await harness.run(Self.pipeline, options: options)
        #expect(failed.run.status == .failed)
        #expect(try await Self.visitors(harness.store) == ["0/user0/0", "1/user1/10", "2/user2/20", "3/user3/30"])

        // The source is asked to continue after the second batch; it fails again two batches on,
        // and the third run finishes. Nothing is lost, nothing is written twice.
        let second = try await harness.run(Self.pipeline, options: options)
        #expect(second.run.id == failed.run.id)
        let third = try await harness.run(Self.pipeline, options: options)
        #expect(third.run.status == .succeeded, "\(third.run.error ?? "")")
        #expect(flaky.resumes.map { $0?.sequence } == [nil, 2, 4])
        #expect(flaky.resumes.map { $0?.cursor } == [nil, "4", "8"])
        #expect(second.run.status == .failed)
        #expect(second.upserts["save"] == UpsertCounts(inserted: 4))
        #expect(third.upserts["save"] == UpsertCounts(inserted: 1))
        #expect(try await Self.visitors(harness.store) == [
            "0/user0/0", "1/user1/10", "2/user2/20", "3/user3/30", "4/user4/40", "5/user5/50", "6/user6/60",
            "7/user7/70", "8/user8/80",
        ])
    }

    @Test func aDryRunWritesNothing() async throws {
        let harness = try await RunnerHarness(connectors: [FlakyConnector(count: 3)])
        let summary = try await harness.run(Self.pipeline, options: RunOptions(file: "test.xml", dryRun: true))
        #expect(summary.run.status == .succeeded)
        #expect(try await Self.visitors(harness.store).isEmpty)
        #expect(try await harness.store.runs(workflow: nil, limit: 10).isEmpty)
        #expect(summary.activities.first { $0.activity == "save" }?.recordsIn == 3)
    }
}
