import Foundation
import TestPostgresSupport
import Testing
import WorkflowEngine
import WorkflowStore

/// The store behaviours against PostgreSQL: the database `WFRUN_TEST_POSTGRES_URL` names
/// (`export WFRUN_TEST_POSTGRES_URL=$(Scripts/start-postgres.sh | tail -n 1)`), or else a private
/// server the tests start (`PostgresForTests`); reported as skipped, saying why, only when
/// PostgreSQL is not installed.
@Suite("PostgreSQL store", .enabled(if: Backend.postgresURL != nil, Comment(rawValue: PostgresForTests.absence)))
struct PostgresStoreTests {
    let behaviour = StoreBehaviour(backend: .postgres)

    @Test func prepareIsIdempotentAndAddsColumns() async throws { try await behaviour.prepareIsIdempotentAndAddsColumns() }
    @Test func preparesBuiltInSchemas() async throws { try await behaviour.preparesBuiltInSchemas() }
    @Test func refusesReservedNames() async throws { try await behaviour.refusesReservedNames() }
    @Test func upsertCountsAndTimestamps() async throws { try await behaviour.upsertCountsAndTimestamps() }
    @Test func upsertWritesOnlyGivenFields() async throws { try await behaviour.upsertWritesOnlyGivenFields() }
    @Test func synchronizationKeepsFirstDatesAndEndsUnseenRows() async throws { try await behaviour.synchronizationKeepsFirstDatesAndEndsUnseenRows() }
    @Test func largeBatchesCountExactly() async throws { try await behaviour.largeBatchesCountExactly() }
    @Test func typeMismatchWritesNothing() async throws { try await behaviour.typeMismatchWritesNothing() }
    @Test func typeChecks() async throws { try await behaviour.typeChecks() }
    @Test func missingRequiredValues() async throws { try await behaviour.missingRequiredValues() }
    @Test func unknownColumnsAndKeys() async throws { try await behaviour.unknownColumnsAndKeys() }
    @Test func checkpointsCommitWithTheirBatch() async throws { try await behaviour.checkpointsCommitWithTheirBatch() }
    @Test func runsRoundTrip() async throws { try await behaviour.runsRoundTrip() }
    @Test func activityRunsAndLogs() async throws { try await behaviour.activityRunsAndLogs() }
    @Test func resumableRunIsTheNewestUnfinished() async throws { try await behaviour.resumableRunIsTheNewestUnfinished() }
    @Test func aLiveRunIsNeverClaimedTwice() async throws { try await behaviour.aLiveRunIsNeverClaimedTwice() }
    @Test func simultaneousClaimsStartOneRun() async throws { try await behaviour.simultaneousClaimsStartOneRun() }
    @Test func anExpiredLeaseIsResumedAndFenced() async throws { try await behaviour.anExpiredLeaseIsResumedAndFenced() }
    @Test func aDeadLocalOwnerIsNotWaitedFor() async throws { try await behaviour.aDeadLocalOwnerIsNotWaitedFor() }
    @Test func aResumeKeepsItsParameters() async throws { try await behaviour.aResumeKeepsItsParameters() }
    @Test func aLostRunWritesNothing() async throws { try await behaviour.aLostRunWritesNothing() }
    @Test func rowsStreamInIdOrder() async throws { try await behaviour.rowsStreamInIdOrder() }
    @Test func timestampsAreNormalized() async throws { try await behaviour.timestampsAreNormalized() }

    @Test func missingDatabaseCannotOpen() async throws {
        let url = try #require(Backend.postgresURL)
        guard let slash = url.range(of: "/", options: .backwards) else { return }
        let missing = url[..<slash.upperBound] + "wfrun_no_such_database"
        let error = await storeError {
            let store = try await PostgresStore.open(url: String(missing))
            try? await store.close()
        }
        guard case .cannotOpen(_, let reason)? = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("wfrun_no_such_database"))
        #expect(reason.contains("does not exist"))
    }

    /// `Scripts/start-postgres.sh` makes the role wfrun_auth log in with a password only.
    @Test func refusedLoginCannotOpen() async throws {
        let url = try #require(Backend.postgresURL)
        let scheme = try #require(url.range(of: "://"))
        let at = try #require(url.firstIndex(of: "@"))
        let wrong = url[..<scheme.upperBound] + "wfrun_auth:not-the-password" + url[at...]
        let error = await storeError {
            let store = try await PostgresStore.open(url: String(wrong))
            try? await store.close()
        }
        guard case .cannotOpen(let location, let reason)? = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(location.hasPrefix("postgres://wfrun_auth:***@"))
        #expect(reason.hasPrefix("authentication failed for user wfrun_auth"))
        #expect(!"\(error!)".contains("not-the-password"))
    }

    @Test func factoryOpensPostgresForURLs() async throws {
        let store = try await StoreFactory.open(try #require(Backend.postgresURL))
        #expect(store is PostgresStore)
        try await store.close()
    }
}
