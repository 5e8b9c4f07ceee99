import Foundation
import Testing
import WorkflowEngine
import WorkflowModel

/// Durations the engine converts to a clock's units: no length, however long, traps.
@Suite struct DurationBoundsTests {
    @Test("the system clock sleeps any length, cancellably", arguments: [Double.infinity, 1e300, 1e12])
    func systemClockTakesAnyLength(seconds: Double) async throws {
        let sleeper = Task { try await SystemClock().sleep(seconds: seconds) }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test func systemClockReturnsAtOnceForNothingToWait() async throws {
        for seconds in [0, -1, -Double.infinity, Double.nan] {
            try await SystemClock().sleep(seconds: seconds)
        }
    }

    @Test func retryWaitsStopDoublingAtTheLongestDuration() async throws {
        let harness = try await RunnerHarness(connectors: [FlakyConnector(failures: 40)])
        let summary = try await harness.run(WorkflowRunnerTests.workflow("patient", """
            <start name="begin"><next to="read"/></start>
            <fetch name="read" connector="flaky" resource="records">
              <retry count="100" backoff="365d"/>
              <next to="done"/>
            </fetch>
            <end name="done"/>
            """))
        #expect(summary.run.status == .succeeded)
        #expect(harness.clock.sleeps == Array(repeating: 31_536_000, count: 40))
        let messages = try await harness.messages(summary.run.id)
        #expect(messages.count == 40)
        #expect(messages.last == "read: attempt 40 failed: flaky: service unavailable; retrying in 31536000s")
    }
}
