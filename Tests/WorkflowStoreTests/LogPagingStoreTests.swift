import Foundation
import Testing
import WorkflowEngine
import WorkflowModel

/// A run's log read from a position on both backends, as a live view reads it: each page holds
/// the lines after the position, oldest first, numbered by a sequence that only grows; lines of
/// other runs never show; asking again at the end gives nothing new and keeps the position.
@Suite struct LogPagingStoreTests {
    static var backends: [Backend] { Backend.postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    static func line(_ run: Int64, _ number: Int) -> RunLogEntry {
        RunLogEntry(
            run: run, activity: number % 2 == 0 ? "fetch" : nil, level: number % 3 == 0 ? .warning : .info,
            message: "line \(number) <b>\"quoted\"</b>", at: TestData.t1.addingTimeInterval(Double(number)))
    }

    @Test(arguments: backends)
    func pagesFollowTheLogWithoutRepeatingALine(backend: Backend) async throws {
        try await withStore(backend) { store in
            try await store.prepare(schemas: [])
            let run = try await StoreBehaviour.beginRun(store)
            let other = try await StoreBehaviour.beginRun(store)
            #expect(try await store.logs(run: run.id, after: nil, limit: 10) == RunLogPage(entries: [], last: nil))

            for number in 1...5 {
                try await store.appendLog(Self.line(run.id, number))
                try await store.appendLog(Self.line(other.id, number))
            }
            let first = try await store.logs(run: run.id, after: nil, limit: 3)
            #expect(first.entries.map { $0.message } == ["line 1 <b>\"quoted\"</b>", "line 2 <b>\"quoted\"</b>", "line 3 <b>\"quoted\"</b>"])
            let sequences = first.entries.compactMap(\.sequence)
            #expect(sequences.count == 3 && sequences == sequences.sorted() && Set(sequences).count == 3)
            #expect(first.last == sequences.last)

            let second = try await store.logs(run: run.id, after: first.last, limit: 3)
            #expect(second.entries.count == 2)
            let caughtUp = try await store.logs(run: run.id, after: second.last, limit: 3)
            #expect(caughtUp == RunLogPage(entries: [], last: second.last))

            // A line written later is the only new one.
            try await store.appendLog(Self.line(run.id, 6))
            let live = try await store.logs(run: run.id, after: caughtUp.last, limit: 3)
            #expect(live.entries.map(\.message) == ["line 6 <b>\"quoted\"</b>"])

            // The pages are the log, in order, each line once, with every field as written.
            let paged = first.entries + second.entries + live.entries
            #expect(paged.map { entry in
                var plain = entry
                plain.sequence = nil
                return plain
            } == (1...6).map { Self.line(run.id, $0) })
            #expect(try await store.logs(run: run.id) == (1...6).map { Self.line(run.id, $0) })
            let all = paged.compactMap(\.sequence)
            #expect(all == all.sorted() && Set(all).count == 6 && all.allSatisfy { $0 > 0 })

            #expect(try await store.logs(run: run.id, after: nil, limit: 100).entries == paged)
            #expect(try await store.logs(run: run.id, after: all[1], limit: 2).entries == Array(paged[2..<4]))
            #expect(try await store.logs(run: run.id, after: nil, limit: 0) == RunLogPage(entries: [], last: nil))
            #expect(try await store.logs(run: run.id, after: all[0], limit: -1) == RunLogPage(entries: [], last: all[0]))
            #expect(try await store.logs(run: run.id + 1_000_000, after: nil, limit: 10) == RunLogPage(entries: [], last: nil))
            #expect(try await store.logs(run: other.id, after: nil, limit: 10).entries.map(\.run) == Array(repeating: other.id, count: 5))
        }
    }
}
