import Foundation
import Testing
import WorkflowEngine
import WorkflowModel

extension StoreBehaviour {
    /// Runs round-trip, update, and list newest first, per workflow.
    func runsRoundTrip() async throws {
        try await withStore(backend) { store in
            try await store.prepare(schemas: [])
            let workflow = Names.unique("sync")
            let started = RunRecord(
                workflow: workflow, file: "Workflows/sync.xml", status: .running,
                parameters: ["since": "2026-01-01", "note": "quote \" and ünïcode"], startedAt: TestData.t1)
            var run = try await store.beginRun(started)
            #expect(run.id > 0)
            var expected = started
            expected.id = run.id
            #expect(run == expected)
            #expect(try await store.run(id: run.id) == expected)

            run.status = .failed
            run.endedAt = TestData.t2
            run.error = "X answered 401: token expired"
            try await store.updateRun(run)
            #expect(try await store.run(id: run.id) == run)
            #expect(try await store.run(id: run.id + 1_000_000) == nil)

            let second = try await store.beginRun(RunRecord(workflow: workflow, file: "f", status: .running, startedAt: TestData.t3))
            _ = try await store.beginRun(RunRecord(workflow: Names.unique("other"), file: "f", status: .running, startedAt: TestData.t3))
            #expect(try await store.runs(workflow: workflow, limit: 10) == [second, run])
            #expect(try await store.runs(workflow: workflow, limit: 1) == [second])
            let all = try await store.runs(workflow: nil, limit: 3)
            #expect(all.count == 3)
            #expect(all.map(\.id) == all.map(\.id).sorted(by: >))
        }
    }

    /// Activity runs are replaced by (run, activity) and listed in start order; logs in order.
    func activityRunsAndLogs() async throws {
        try await withStore(backend) { store in
            try await store.prepare(schemas: [])
            let run = try await Self.beginRun(store)
            let fetch = ActivityRunRecord(run: run.id, activity: "fetch", kind: "fetch", status: .running, attempts: 1, startedAt: TestData.t1)
            let save = ActivityRunRecord(run: run.id, activity: "save", kind: "upsert", status: .running, attempts: 1, startedAt: TestData.t2)
            try await store.saveActivityRun(save)
            try await store.saveActivityRun(fetch)
            var finished = fetch
            finished.status = .succeeded
            finished.attempts = 2
            finished.recordsOut = 1_500
            finished.endedAt = TestData.t3
            finished.outcome = "next"
            try await store.saveActivityRun(finished)
            #expect(try await store.activityRuns(run: run.id) == [finished, save])

            let entries = [
                RunLogEntry(run: run.id, activity: nil, level: .info, message: "run started", at: TestData.t1),
                RunLogEntry(run: run.id, activity: "fetch", level: .warning, message: "rate limited; waiting 900 s", at: TestData.t1),
                RunLogEntry(run: run.id, activity: "save", level: .error, message: "line\nbreak", at: TestData.t2),
            ]
            for entry in entries { try await store.appendLog(entry) }
            #expect(try await store.logs(run: run.id) == entries)
            #expect(try await store.logs(run: run.id + 1_000_000) == [])
        }
    }

    /// The run to resume is the newest running, failed or interrupted one, unless a later run
    /// succeeded; other workflows do not count.
    func resumableRunIsTheNewestUnfinished() async throws {
        try await withStore(backend) { store in
            try await store.prepare(schemas: [])
            let workflow = Names.unique("sync")
            func begin(_ status: RunStatus, _ name: String = workflow) async throws -> RunRecord {
                try await store.beginRun(RunRecord(workflow: name, file: "f", status: status, startedAt: TestData.t1))
            }
            #expect(try await store.resumableRun(workflow: workflow) == nil)
            _ = try await begin(.failed)
            let interrupted = try await begin(.interrupted)
            _ = try await begin(.skipped)
            _ = try await begin(.failed, Names.unique("other"))
            #expect(try await store.resumableRun(workflow: workflow) == interrupted)

            _ = try await begin(.succeeded)
            #expect(try await store.resumableRun(workflow: workflow) == nil)

            let running = try await begin(.running)
            #expect(try await store.resumableRun(workflow: workflow) == running)
        }
    }
}
