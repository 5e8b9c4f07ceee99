import Foundation
import Synchronization
import Testing
import WorkflowEngine
import WorkflowModel

/// `<retry>` retries transient failures only: a permanent one (configuration, credentials, a
/// defect of the definition) fails at once, with no sleep, and the log says why it was not
/// retried. The clock is a `ManualClock`, so every backoff is asserted exactly.
@Suite struct RetryClassificationTests {
    /// A failure with a chosen classification.
    struct ClassifiedError: Error, CustomStringConvertible, RetryClassifiable {
        var description: String
        var retryability: Retryability
    }

    static let permanent = ClassifiedError(
        description: "secret file /etc/wfrun/key is readable by others (mode 644): run chmod 600 /etc/wfrun/key",
        retryability: .permanent(reason: "a configuration error (a secret of the service cannot be read)"))
    static let transient = ClassifiedError(description: "HTTP 503 from the API", retryability: .transient)

    static let workflow = """
        <workflow xmlns="urn:wfrun:workflow:1" name="retrying">
          <start name="begin"><next to="read"/></start>
          <fetch name="read" connector="failing" resource="records">
            <retry count="3" backoff="30s" cap="10m"/>
            <next to="done"/>
          </fetch>
          <end name="done"/>
        </workflow>
        """

    @Test func aPermanentErrorFailsAtOnceWithoutSleeping() async throws {
        let connector = FailingOpensConnector([Self.permanent])
        let harness = try await RunnerHarness(connectors: [connector])
        let summary = try await harness.run(Self.workflow)
        #expect(summary.run.status == .failed)
        #expect(harness.clock.sleeps == [])
        #expect(connector.opens == 1)
        let read = try #require(summary.activities.first { $0.activity == "read" })
        #expect(read.attempts == 1)
        #expect(read.error == "fetch 'read': \(Self.permanent.description)")
        #expect(try await harness.messages(summary.run.id) == [
            "read: attempt 1 failed, not retried: a configuration error (a secret of the service cannot be read)",
            "read: failed: fetch 'read': \(Self.permanent.description)",
        ])
    }

    @Test func aTransientErrorIsRetriedWithTheExactBackoff() async throws {
        let connector = FailingOpensConnector([Self.transient, Self.transient, Self.transient, Self.transient])
        let harness = try await RunnerHarness(connectors: [connector])
        let summary = try await harness.run(Self.workflow)
        #expect(summary.run.status == .failed)
        #expect(harness.clock.sleeps == [30, 60, 120])
        #expect(connector.opens == 4)
        #expect(try await harness.messages(summary.run.id) == [
            "read: attempt 1 failed: fetch 'read': HTTP 503 from the API; retrying in 30s",
            "read: attempt 2 failed: fetch 'read': HTTP 503 from the API; retrying in 60s",
            "read: attempt 3 failed: fetch 'read': HTTP 503 from the API; retrying in 120s",
            "read: failed: fetch 'read': HTTP 503 from the API",
        ])
    }

    @Test func retriesStopAtTheFirstPermanentError() async throws {
        let connector = FailingOpensConnector([Self.transient, Self.permanent])
        let harness = try await RunnerHarness(connectors: [connector])
        let summary = try await harness.run(Self.workflow)
        #expect(summary.run.status == .failed)
        #expect(harness.clock.sleeps == [30])
        #expect(connector.opens == 2)
        #expect(summary.activities.first { $0.activity == "read" }?.attempts == 2)
    }

    @Test func aTransientErrorThenSuccessSucceeds() async throws {
        let connector = FailingOpensConnector([Self.transient])
        let harness = try await RunnerHarness(connectors: [connector])
        let summary = try await harness.run(Self.workflow)
        #expect(summary.run.status == .succeeded)
        #expect(harness.clock.sleeps == [30])
    }

    /// The engine's own errors, wrapped by the fetch activity, keep their classification.
    @Test(arguments: [
        (StoreError.typeMismatch(table: "visitor", column: "friends", value: "'x'", expected: .integer) as any Error, false),
        (StoreError.database("database is locked"), true),
        (EvaluationError(.divisionByZero, "division by zero", at: 0), false),
        (FileConnectorError.malformed(path: "a.csv", line: 2, reason: "unclosed quote"), false),
        (FileConnectorError.cannotOpen(path: "a.csv", reason: "No such file or directory"), true),
        (CocoaError(.fileReadUnknown), true),
    ])
    func wrappedErrorsKeepTheirClassification(error: any Error, retried: Bool) async throws {
        let connector = FailingOpensConnector([error])
        let harness = try await RunnerHarness(connectors: [connector])
        let summary = try await harness.run(Self.workflow)
        #expect(summary.run.status == .succeeded || !retried)
        #expect(harness.clock.sleeps == (retried ? [30] : []))
        #expect(connector.opens == (retried ? 2 : 1))
    }

    @Test func unclassifiedErrorsAreTransient() {
        struct Plain: Error {}
        #expect(Retryability(of: Plain()) == .transient)
        #expect(Retryability(of: ActivityError(activity: "a", message: "m")) == .transient)
        #expect(Retryability(of: Self.permanent).permanentReason == "a configuration error (a secret of the service cannot be read)")
    }
}

/// A connector whose opens throw the scripted errors in turn, then yield one record.
final class FailingOpensConnector: Connector {
    let descriptor = ConnectorDescriptor(
        name: "failing", label: "Test",
        resources: [ResourceDescriptor(name: "records", direction: .fetch, summary: "test records", fields: nil)])
    private let state: Mutex<(errors: [any Error], opens: Int)>

    init(_ errors: [any Error]) {
        state = Mutex((errors, 0))
    }

    var opens: Int { state.withLock { $0.opens } }

    func open(_ request: FetchRequest) async throws -> any BatchSource {
        let error = state.withLock { state -> (any Error)? in
            state.opens += 1
            return state.errors.isEmpty ? nil : state.errors.removeFirst()
        }
        if let error { throw error }
        return CountingSource(source: request.source, next: 0, end: 1, batchSize: 10, sequence: 0, failAtSequence: nil)
    }
}
