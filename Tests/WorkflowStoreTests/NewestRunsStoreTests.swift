import Foundation
import Testing
import WorkflowEngine
import WorkflowModel

/// The newest run of each workflow (`wfrun status`, a fire's report) and the waiting ones among
/// them (what `wfrun serve` resumes at every tick), on both backends: exactly one run per
/// workflow, the newest by id, whatever the names (the query skips from one name to the next
/// on the index rather than reading every run).
@Suite struct NewestRunsStoreTests {
    static var backends: [Backend] { Backend.postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    @Test(arguments: backends)
    func theNewestRunOfEachWorkflowAndTheWaitingOnes(backend: Backend) async throws {
        try await withOwnDatabase(backend) { store in
            try await store.prepare(schemas: [])
            let control = try #require(store as? any ControlStore)
            #expect(try await control.latestRuns() == [])
            #expect(try await control.waitingRuns() == [])

            let names = ["syncTwitter", "sync", "sync Twitter", "Sync", "été", "z", ""]
            let statuses: [RunStatus] = [.succeeded, .failed, .running, .interrupted, .skipped]
            var runs: [RunRecord] = []
            for index in 0..<40 {
                let run = RunRecord(
                    workflow: names[(index * 3) % names.count], file: "f", status: statuses[(index * 7 + index / 9) % statuses.count],
                    startedAt: TestData.t1)
                runs.append(try await store.beginRun(run))
            }
            let newest = names.map { name in runs.filter { $0.workflow == name }.max { $0.id < $1.id }! }
            #expect(Set(try await control.latestRuns()) == Set(newest))
            #expect(try await control.latestRuns().count == names.count)
            let waiting = newest.filter { $0.status == .running || $0.status == .interrupted }.sorted { $0.id < $1.id }
            #expect(!waiting.isEmpty && waiting.count < names.count)
            #expect(try await control.waitingRuns() == waiting)
        }
    }
}
