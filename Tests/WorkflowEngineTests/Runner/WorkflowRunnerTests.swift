import Foundation
import Testing
import WorkflowEngine
import WorkflowModel
import WorkflowStore

/// The engine on real workflows and a real SQLite store: control flow, concurrency, error
/// policies, retries on an injected clock, resume and dry runs.
@Suite struct WorkflowRunnerTests {
    static func workflow(_ name: String, _ body: String, parameters: String = "") -> String {
        """
        <workflow xmlns="urn:wfrun:workflow:1" name="\(name)">
          \(parameters)
          \(body)
        </workflow>
        """
    }

    @Test func runsALinearWorkflowAndRecordsEveryActivity() async throws {
        let harness = try await RunnerHarness()
        let summary = try await harness.run(Self.workflow("linear", """
            <start name="begin"><next to="hello"/></start>
            <log name="hello" message="concat('hello ', 'world')"><next to="done"/></log>
            <end name="done"/>
            """))
        #expect(summary.run.status == .succeeded)
        #expect(summary.activities.map(\.activity) == ["begin", "hello", "done"])
        #expect(summary.activities.map(\.status) == [.succeeded, .succeeded, .succeeded])
        #expect(try await harness.messages(summary.run.id) == ["hello: hello world"])
        let stored = try await harness.store.activityRuns(run: summary.run.id)
        #expect(Dictionary(uniqueKeysWithValues: stored.map { ($0.activity, $0.outcome ?? "?") }) == ["begin": "next", "hello": "next", "done": ""])
        #expect(try await harness.store.run(id: summary.run.id)?.status == .succeeded)
    }

    @Test(arguments: [("true", "yes"), ("false", "no")])
    func testFollowsTheBranchOfItsCondition(flag: String, expected: String) async throws {
        let harness = try await RunnerHarness()
        let summary = try await harness.run(
            Self.workflow("branch", """
                <start name="begin"><next to="check"/></start>
                <test name="check" condition="param('flag')"><then to="yes"/><else to="no"/></test>
                <log name="yes" message="'took then'"><next to="done"/></log>
                <log name="no" message="'took else'"><next to="done"/></log>
                <end name="done"/>
                """, parameters: #"<parameter name="flag" type="boolean" default="true"/>"#),
            options: RunOptions(file: "test.xml", parameters: ["flag": flag]))
        #expect(summary.run.status == .succeeded)
        #expect(summary.activities.map(\.activity) == ["begin", "check", expected, "done"])
    }

    @Test func forkRunsBranchesConcurrentlyAndJoinWaitsForBoth() async throws {
        let harness = try await RunnerHarness(connectors: [BarrierConnector(parties: 2)])
        let summary = try await harness.run(Self.workflow("parallel", """
            <start name="begin"><next to="split"/></start>
            <fork name="split"><next to="left"/><next to="right"/></fork>
            <fetch name="left" connector="barrier" resource="records"><next to="meet"/></fetch>
            <fetch name="right" connector="barrier" resource="records"><next to="meet"/></fetch>
            <join name="meet"><next to="after"/></join>
            <log name="after" message="'both arrived'"><next to="done"/></log>
            <end name="done"/>
            """))
        #expect(summary.run.status == .succeeded, "\(summary.run.error ?? "")")
        #expect(summary.activities.filter { $0.activity == "meet" }.count == 1)
        #expect(try await harness.messages(summary.run.id) == ["after: both arrived"])
    }

    @Test func retriesWithDoublingBackoffUpToTheCap() async throws {
        let flaky = FlakyConnector(failures: 3)
        let harness = try await RunnerHarness(connectors: [flaky])
        let summary = try await harness.run(Self.workflow("retrying", """
            <start name="begin"><next to="read"/></start>
            <fetch name="read" connector="flaky" resource="records">
              <retry count="3" backoff="10s" cap="25s"/>
              <next to="done"/>
            </fetch>
            <end name="done"/>
            """))
        #expect(summary.run.status == .succeeded)
        #expect(harness.clock.sleeps == [10, 20, 25])
        #expect(flaky.opens == 4)
        #expect(summary.activities.first { $0.activity == "read" }?.attempts == 4)
    }

    @Test func exhaustedRetriesFollowTheErrorTransition() async throws {
        let harness = try await RunnerHarness(connectors: [FlakyConnector(failures: 5)])
        let summary = try await harness.run(Self.workflow("fallback", """
            <start name="begin"><next to="read"/></start>
            <fetch name="read" connector="flaky" resource="records">
              <retry count="1" backoff="1s"/>
              <next to="done"/>
              <onError to="warn"/>
            </fetch>
            <alert name="warn" message="'read failed'"><next to="done"/></alert>
            <end name="done"/>
            """))
        #expect(summary.run.status == .succeeded)
        #expect(harness.clock.sleeps == [1])
        let read = try #require(summary.activities.first { $0.activity == "read" })
        #expect(read.status == .failed)
        #expect(read.error == "flaky: service unavailable")
        #expect(try await harness.messages(summary.run.id) == [
            "read: attempt 1 failed: flaky: service unavailable; retrying in 1s",
            "read: failed: flaky: service unavailable; following onError",
            "warn: read failed",
        ])
    }

    @Test func ignorePolicyGoesOnAlongNext() async throws {
        let harness = try await RunnerHarness(connectors: [FlakyConnector(failures: 1)])
        let summary = try await harness.run(Self.workflow("ignoring", """
            <start name="begin"><next to="read"/></start>
            <fetch name="read" connector="flaky" resource="records" errorPolicy="ignore"><next to="after"/></fetch>
            <log name="after" message="'went on'"><next to="done"/></log>
            <end name="done"/>
            """))
        #expect(summary.run.status == .succeeded)
        #expect(summary.activities.map(\.activity) == ["begin", "read", "after", "done"])
    }

    @Test func aFailedRunResumesFromTheFailedActivity() async throws {
        let flaky = FlakyConnector(failures: 1)
        let harness = try await RunnerHarness(connectors: [flaky])
        let text = Self.workflow("resuming", """
            <start name="begin"><next to="first"/></start>
            <log name="first" message="'before'"><next to="read"/></log>
            <fetch name="read" connector="flaky" resource="records"><next to="last"/></fetch>
            <log name="last" message="'after'"><next to="done"/></log>
            <end name="done"/>
            """)
        let failed = try await harness.run(text)
        #expect(failed.run.status == .failed)
        #expect(failed.run.error == "read: flaky: service unavailable")

        let resumed = try await harness.run(text)
        #expect(resumed.resumed)
        #expect(resumed.run.id == failed.run.id)
        #expect(resumed.run.status == .succeeded)
        // `first` ran once, in the failed run; the resumed run started at `read`.
        // `log` writes one line per record arriving (the source gives three).
        let messages = try await harness.messages(failed.run.id)
        #expect(messages == [
            "first: before", "read: failed: flaky: service unavailable", "-: resuming run \(failed.run.id) of resuming",
            "last: after", "last: after", "last: after",
        ])
        #expect(resumed.activities.map(\.activity) == ["read", "last", "done"])

        let fresh = try await harness.run(text, options: RunOptions(file: "test.xml", restart: true))
        #expect(fresh.run.id != failed.run.id)
        #expect(!fresh.resumed)
    }

    @Test func aJoinThatMissesABranchFailsTheRun() async throws {
        let harness = try await RunnerHarness(connectors: [FlakyConnector(failures: 1)])
        let summary = try await harness.run(Self.workflow("halfjoin", """
            <start name="begin"><next to="split"/></start>
            <fork name="split"><next to="read"/><next to="other"/></fork>
            <fetch name="read" connector="flaky" resource="records"><next to="meet"/><onError to="done"/></fetch>
            <log name="other" message="'ok'"><next to="meet"/></log>
            <join name="meet"><next to="done"/></join>
            <end name="done"/>
            """))
        #expect(summary.run.status == .failed)
        #expect(summary.run.error == "join 'meet' waited for 2 branches but 1 arrived: a branch ended or took an error path before reaching it")
    }

    @Test func consecutiveErrorsStopTheRun() async throws {
        let harness = try await RunnerHarness(connectors: [FlakyConnector(failures: 5)])
        let summary = try await harness.run("""
            <workflow xmlns="urn:wfrun:workflow:1" name="stubborn" maxConsecutiveErrors="2">
              <start name="begin"><next to="a"/></start>
              <fetch name="a" connector="flaky" resource="records" errorPolicy="ignore"><next to="b"/></fetch>
              <fetch name="b" connector="flaky" resource="records" errorPolicy="ignore"><next to="done"/></fetch>
              <end name="done"/>
            </workflow>
            """)
        #expect(summary.run.status == .failed)
        #expect(summary.run.error == "2 activity errors in a row (maxConsecutiveErrors=2); last: b: flaky: service unavailable")
    }

    @Test func parametersAreCheckedBeforeTheRunStarts() async throws {
        let harness = try await RunnerHarness()
        let text = Self.workflow("params", """
            <start name="begin"><next to="say"/></start>
            <log name="say" message="toString(param('limit'))"><next to="done"/></log>
            <end name="done"/>
            """, parameters: #"<parameter name="limit" type="integer"/>"#)
        await #expect(throws: RunError.self) { try await harness.run(text) }
        do {
            _ = try await harness.run(text, options: RunOptions(file: "test.xml", parameters: ["limit": "ten"]))
            Issue.record("a non-integer parameter was accepted")
        } catch {
            #expect("\(error)" == "parameter 'limit' is integer, but 'ten' is not; write a whole number like 100")
        }
        do {
            _ = try await harness.run(text, options: RunOptions(file: "test.xml", parameters: ["limt": "1"]))
            Issue.record("an undeclared parameter was accepted")
        } catch {
            #expect("\(error)" == "--param limt=…: workflow 'params' has no parameter 'limt'; did you mean 'limit'?")
        }
        #expect(try await harness.store.runs(workflow: nil, limit: 10).isEmpty)
        let summary = try await harness.run(text, options: RunOptions(file: "test.xml", parameters: ["limit": "10"]))
        #expect(try await harness.messages(summary.run.id) == ["say: 10"])
    }
}
