import Foundation
import Synchronization
import Testing
import WorkflowEngine
import WorkflowModel
import WorkflowStore
import WorkflowXML

/// A connector whose `records` resource yields the records it is given, one batch each, and
/// then, if told to, pauses the run the way a connector facing a long rate-limit wait does.
final class ScriptedConnector: Connector {
    let descriptor = ConnectorDescriptor(
        name: "scripted", label: "Test",
        resources: [ResourceDescriptor(name: "records", direction: .fetch, summary: "scripted records", fields: nil)])
    private let script: Mutex<(batches: [[Record]], pauseAfter: Int?, resumes: [Checkpoint?])>

    init(batches: [[Record]], pauseAfter: Int? = nil) {
        script = Mutex((batches, pauseAfter, []))
    }

    /// Changes what the next opens yield.
    func set(batches: [[Record]], pauseAfter: Int?) {
        script.withLock {
            $0.batches = batches
            $0.pauseAfter = pauseAfter
        }
    }

    var resumes: [Checkpoint?] { script.withLock { $0.resumes } }

    func open(_ request: FetchRequest) async throws -> any BatchSource {
        let (batches, pauseAfter) = script.withLock { script in
            script.resumes.append(request.resumeAfter)
            return (script.batches, script.pauseAfter)
        }
        let start = Int(request.resumeAfter?.cursor ?? "0") ?? 0
        return ScriptedSource(source: request.source, batches: batches, next: start, pauseAt: pauseAfter, clock: request.clock)
    }
}

final class ScriptedSource: BatchSource {
    let source: String
    let batches: [[Record]]
    let pauseAt: Int?
    let clock: any EngineClock
    private let position: Mutex<Int>

    init(source: String, batches: [[Record]], next: Int, pauseAt: Int?, clock: any EngineClock) {
        self.source = source
        self.batches = batches
        self.pauseAt = pauseAt
        self.clock = clock
        position = Mutex(next)
    }

    func next() async throws -> RecordBatch? {
        let index = position.withLock { position in
            defer { position += 1 }
            return position
        }
        if index == pauseAt {
            throw RunPause(reason: "rate limit of service 'acme' resets in 900 s, more than --max-wait 60s", resumeAt: clock.now().addingTimeInterval(900))
        }
        guard index < batches.count else { return nil }
        return RecordBatch(records: batches[index], checkpoint: Checkpoint(source: source, sequence: Int64(index + 1), cursor: "\(index + 1)"))
    }
}

@Suite struct SynchronizationRunTests {
    static let workflow = """
        <workflow xmlns="urn:wfrun:workflow:1" name="followers">
          <start name="begin"><next to="read"/></start>
          <fetch name="read" connector="scripted" resource="records">
            <retry count="3" backoff="30s"/>
            <next to="toSubscription"/>
          </fetch>
          <map name="toSubscription">
            <field name="service" value="service"/>
            <field name="origin" value="'Twitter'"/>
            <field name="external_id" value="id"/>
            <field name="subscribed_at" value="now()"/>
            <next to="save"/>
          </map>
          <upsert name="save" schema="subscription" key="service origin external_id"
                  keep="subscribed_at" endMissing="ended_at" scope="service"><next to="done"/></upsert>
          <end name="done"/>
        </workflow>
        """

    static func follower(_ service: String, _ id: String) -> Record {
        ["service": .string(service), "id": .string(id)]
    }

    static func subscriptions(_ store: any WorkflowStore) async throws -> [String] {
        let schema = try #require(DataSchemaLibrary.builtIn["subscription"])
        let rows = store.rows(of: schema, batchSize: 100)
        var result: [String] = []
        while let batch = try await rows.next() {
            result += batch.records.map { row in
                let ended = row["ended_at"].flatMap { $0 == .null ? nil : $0.text }
                return "\(row["service"]?.text ?? "?")/\(row["external_id"]?.text ?? "?") since \(row["subscribed_at"]?.text ?? "?")" + (ended.map { " ended \($0)" } ?? "")
            }
        }
        return result.sorted()
    }

    /// A follower no longer listed has their subscription ended, not deleted; the first date is
    /// kept; a service the run did not read is left alone.
    @Test func aFullSynchronizationEndsWhatItNoLongerSees() async throws {
        let connector = ScriptedConnector(batches: [
            [Self.follower("acme", "1"), Self.follower("acme", "2")], [Self.follower("news", "7")],
        ])
        let harness = try await RunnerHarness(connectors: [connector])
        let first = try await harness.run(Self.workflow)
        #expect(first.run.status == .succeeded, "\(first.run.error ?? "")")

        harness.clock.advance(by: 86_400)
        connector.set(batches: [[Self.follower("acme", "1")]], pauseAfter: nil)
        let second = try await harness.run(Self.workflow)
        #expect(second.run.status == .succeeded, "\(second.run.error ?? "")")
        #expect(try await Self.subscriptions(harness.store) == [
            "acme/1 since 2026-11-18T11:06:40Z",
            "acme/2 since 2026-11-18T11:06:40Z ended 2026-11-19T11:06:40Z",
            "news/7 since 2026-11-18T11:06:40Z",
        ])
        #expect(try await harness.messages(second.run.id).contains("save: 1 subscription row of the same service not seen by this run: ended_at set"))
    }

    /// A connector that would have to wait longer than allowed pauses the run: interrupted, not
    /// failed, no retry, the batches before committed; the next run resumes after them.
    @Test func aPauseInterruptsTheRunResumably() async throws {
        let connector = ScriptedConnector(
            batches: [[Self.follower("acme", "1")], [Self.follower("acme", "2")], [Self.follower("acme", "3")]], pauseAfter: 1)
        let harness = try await RunnerHarness(connectors: [connector])
        let paused = try await harness.run(Self.workflow)
        #expect(paused.run.status == .interrupted)
        #expect(paused.run.error == "rate limit of service 'acme' resets in 900 s, more than --max-wait 60s; run again after 2026-11-18T11:21:40Z to resume from the last committed batch")
        #expect(harness.clock.sleeps.isEmpty)
        #expect(paused.activities.first { $0.activity == "read" }?.status == .interrupted)
        #expect(try await Self.subscriptions(harness.store) == ["acme/1 since 2026-11-18T11:06:40Z"])

        connector.set(batches: [[Self.follower("acme", "1")], [Self.follower("acme", "2")], [Self.follower("acme", "3")]], pauseAfter: nil)
        let resumed = try await harness.run(Self.workflow)
        #expect(resumed.run.id == paused.run.id)
        #expect(resumed.run.status == .succeeded, "\(resumed.run.error ?? "")")
        #expect(connector.resumes.map { $0?.cursor } == [nil, "1"])
        #expect(try await Self.subscriptions(harness.store) == [
            "acme/1 since 2026-11-18T11:06:40Z", "acme/2 since 2026-11-18T11:06:40Z", "acme/3 since 2026-11-18T11:06:40Z",
        ])
    }

    /// A source feeding two branches fails once, not once per branch: its onError path runs
    /// once, and an `end status="failed"` fails the run with the cause.
    @Test func aTeedSourceFailsOnceAndAFailedEndFailsTheRun() async throws {
        let harness = try await RunnerHarness(connectors: [FlakyConnector(count: 9, failAfterBatches: 1)])
        let summary = try await harness.run("""
            <workflow xmlns="urn:wfrun:workflow:1" name="tee">
              <start name="begin"><next to="read"/></start>
              <fetch name="read" connector="flaky" resource="records">
                <next to="one"/><next to="two"/><onError to="alert"/>
              </fetch>
              <log name="one" message="'one'"><next to="done"/></log>
              <log name="two" message="'two'"><next to="done"/></log>
              <alert name="alert" message="'read failed'"><next to="failed"/></alert>
              <end name="done"/>
              <end name="failed" status="failed"/>
            </workflow>
            """, options: RunOptions(file: "test.xml", batchSize: 2))
        #expect(summary.run.status == .failed)
        #expect(summary.run.error == "the run reached end 'failed' (status=\"failed\"): flaky: connection reset")
        let messages = try await harness.messages(summary.run.id)
        #expect(messages.filter { $0 == "alert: read failed" }.count == 1, "\(messages)")
    }
}
