import Foundation
import Synchronization
import Testing
import WorkflowEngine
import WorkflowModel
import WorkflowStore
import WorkflowXML

/// The record flow through whole runs: a join in a loop fires on every pass, a consumer of a
/// shared stream that fails stops holding the others back, and an aggregate's records are not
/// skipped when its run resumes.
@Suite struct RecordFlowRunTests {
    /// Runs a workflow, failing the test (instead of hanging) when the run does not end in time.
    static func run(_ harness: RunnerHarness, _ text: String, options: RunOptions) async throws -> RunSummary {
        try await withBoundedWait(seconds: 30) { try await harness.run(text, options: options) }
    }

    /// A source teed to a bad branch and a good one, both upserting visitors: `badField` is an
    /// extra field of the bad branch's map, `badSink` the attributes and transitions of its upsert.
    static func tee(badField: String = "", badSink: String) -> String {
        """
        <workflow xmlns="urn:wfrun:workflow:1" name="tee">
          <start name="begin"><next to="read"/></start>
          <fetch name="read" connector="flaky" resource="records"><next to="bad"/><next to="good"/></fetch>
          <map name="bad">
            <field name="origin" value="'Twitter'"/>
            <field name="external_id" value="toString(n)"/>\(badField)
            <next to="saveBad"/>
          </map>
          <upsert name="saveBad" schema="visitor" key="origin external_id"\(badSink)</upsert>
          <map name="good">
            <field name="origin" value="'Facebook'"/>
            <field name="external_id" value="toString(n)"/>
            <next to="saveGood"/>
          </map>
          <upsert name="saveGood" schema="visitor" key="origin external_id"><next to="done"/></upsert>
          <log name="noted" level="warning" message="'the bad branch failed'"/>
          <end name="done"/>
        </workflow>
        """
    }

    @Test func aJoinInsideALoopFiresOnEveryPass() async throws {
        // Each pass: fork to two branches, join them, then open the probe; its third open
        // fails and leaves the loop along onError.
        let probe = CountedOpens(failingFrom: 3)
        let harness = try await RunnerHarness(connectors: [probe])
        let workflow = """
            <workflow xmlns="urn:wfrun:workflow:1" name="loop">
              <start name="begin"><next to="split"/></start>
              <fork name="split"><next to="left"/><next to="right"/></fork>
              <log name="left" message="'left'"><next to="meet"/></log>
              <log name="right" message="'right'"><next to="meet"/></log>
              <join name="meet"><next to="probe"/></join>
              <fetch name="probe" connector="counted" resource="records"><next to="pause"/><onError to="done"/></fetch>
              <wait name="pause" duration="1m"><next to="split"/></wait>
              <end name="done"/>
            </workflow>
            """
        let summary = try await Self.run(harness, workflow, options: RunOptions(file: "test.xml"))
        #expect(summary.run.status == .succeeded, "\(summary.run.error ?? "")")
        #expect(probe.opens == 3)
        let messages = try await harness.messages(summary.run.id)
        #expect(messages.filter { $0 == "left: left" }.count == 3, "\(messages)")
        #expect(harness.clock.sleeps == [60, 60])
    }

    @Test func aConsumerThatFailsAlongOnErrorStopsHoldingTheOtherBack() async throws {
        // 40 batches teed to two branches; one fails on its first batch and leaves along
        // onError. The other must still get every batch (it used to wait forever once it was
        // four batches ahead of the branch nobody read any more).
        let harness = try await RunnerHarness(connectors: [FlakyConnector(count: 80)])
        let workflow = Self.tee(
            badField: #"<field name="friends" value="'many'"/>"#, badSink: #"><next to="done"/><onError to="noted"/>"#)
        let summary = try await Self.run(harness, workflow, options: RunOptions(file: "test.xml", batchSize: 2))
        #expect(summary.run.status == .succeeded, "\(summary.run.error ?? "")")
        #expect(summary.upserts["saveGood"] == UpsertCounts(inserted: 80))
        let statuses = Dictionary(uniqueKeysWithValues: summary.activities.map { ($0.activity, $0.status) })
        #expect(statuses["saveBad"] == .failed)
        #expect(statuses["saveGood"] == .succeeded)
        #expect(statuses["noted"] == .succeeded)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 is not installed (.ci/run installs it)"))
    func aConsumerWithErrorPolicyIgnoreStopsHoldingTheOtherBack() async throws {
        // The bad branch's sink fails as a whole on its first batch (a database error, not one
        // record's), and errorPolicy="ignore" goes on along next without reading its stream.
        let harness = try await RunnerHarness(connectors: [FlakyConnector(count: 80)])
        try harness.sqlite3("""
            CREATE TRIGGER refuse_twitter BEFORE INSERT ON visitor WHEN NEW.origin = 'Twitter'
            BEGIN SELECT RAISE(ABORT, 'no Twitter rows here'); END;
            """)
        let workflow = Self.tee(badSink: #" errorPolicy="ignore"><next to="done"/>"#)
        let summary = try await Self.run(harness, workflow, options: RunOptions(file: "test.xml", batchSize: 2))
        #expect(summary.run.status == .succeeded, "\(summary.run.error ?? "")")
        #expect(summary.upserts["saveGood"] == UpsertCounts(inserted: 80))
        let statuses = Dictionary(uniqueKeysWithValues: summary.activities.map { ($0.activity, $0.status) })
        #expect(statuses["saveBad"] == .failed)
        #expect(statuses["saveGood"] == .succeeded)
    }

    @Test func anAggregateResumesWithEveryRecordItHadNotPassedOn() async throws {
        // The source dies after two batches; the visitors committed them. A resumed run must not
        // start the aggregate after them: it would count 5 of the 9 records.
        let source = BrokenOnce(count: 9, failAfterBatches: 2)
        let harness = try await RunnerHarness(connectors: [source])
        let workflow = """
            <workflow xmlns="urn:wfrun:workflow:1" name="counting">
              <start name="begin"><next to="read"/></start>
              <fetch name="read" connector="broken" resource="records"><next to="shape"/><next to="total"/></fetch>
              <map name="shape">
                <field name="origin" value="'Twitter'"/>
                <field name="external_id" value="toString(n)"/>
                <next to="save"/>
              </map>
              <upsert name="save" schema="visitor" key="origin external_id"><next to="done"/></upsert>
              <aggregate name="total"><measure name="records" function="count"/><next to="say"/></aggregate>
              <log name="say" message="concat('counted ', toString(records))"><next to="done"/></log>
              <end name="done"/>
            </workflow>
            """
        let options = RunOptions(file: "test.xml", batchSize: 2)
        let failed = try await Self.run(harness, workflow, options: options)
        #expect(failed.run.status == .failed)
        let resumed = try await Self.run(harness, workflow, options: options)
        #expect(resumed.run.id == failed.run.id)
        #expect(resumed.run.status == .succeeded, "\(resumed.run.error ?? "")")
        let messages = try await harness.messages(resumed.run.id)
        #expect(messages.filter { $0.hasPrefix("say: counted") } == ["say: counted 9"], "\(messages)")
        #expect(try await DurableRunTests.visitors(harness.store).count == 9)
    }
}

extension RunnerHarness {
    /// Runs SQL on the harness's SQLite file with the sqlite3 shell (a trigger that makes the
    /// store fail the way a real database does).
    func sqlite3(_ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [folder.appendingPathComponent("wfrun.sqlite").path, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sqlite3 failed on: \(sql)")
    }
}

/// A connector counting its opens: each yields one record `{n: open}`, and from the
/// `failingFrom`th open on, the open fails (a permanent error, not retried).
final class CountedOpens: Connector {
    let descriptor = ConnectorDescriptor(
        name: "counted", label: "Test",
        resources: [ResourceDescriptor(name: "records", direction: .fetch, summary: "test records", fields: nil)])
    private let count = Mutex(0)
    let failingFrom: Int

    init(failingFrom: Int) { self.failingFrom = failingFrom }

    var opens: Int { count.withLock { $0 } }

    func open(_ request: FetchRequest) async throws -> any BatchSource {
        let open = count.withLock { count in
            count += 1
            return count
        }
        guard open < failingFrom else {
            throw ActivityError(activity: request.source, message: "counted: open \(open) refused")
        }
        return CountingSource(source: request.source, next: open, end: open + 1, batchSize: 10, sequence: 0, failAtSequence: nil)
    }
}

/// A connector whose first open fails after `failAfterBatches` batches; the later opens read to
/// the end, resuming after the checkpoint they are given.
final class BrokenOnce: Connector {
    let descriptor = ConnectorDescriptor(
        name: "broken", label: "Test",
        resources: [ResourceDescriptor(name: "records", direction: .fetch, summary: "test records", fields: nil)])
    private let opened = Mutex(0)
    let count: Int
    let failAfterBatches: Int

    init(count: Int, failAfterBatches: Int) {
        self.count = count
        self.failAfterBatches = failAfterBatches
    }

    func open(_ request: FetchRequest) async throws -> any BatchSource {
        let first = opened.withLock { opened in
            opened += 1
            return opened == 1
        }
        let start = Int(request.resumeAfter?.cursor ?? "0") ?? 0
        return CountingSource(
            source: request.source, next: start, end: count, batchSize: request.batchSize,
            sequence: request.resumeAfter?.sequence ?? 0, failAtSequence: first ? Int64(failAfterBatches) : nil)
    }
}
