import Foundation
import Testing
import WorkflowEngine
import WorkflowModel
@testable import WorkflowStore
import WorkflowXML

// THROWAWAY: not to be committed. Times 1,000,000 visitor upserts in 1,000-row batches.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["WFRUN_STORE_TIMING"] != nil))
struct ThrowawayTiming {
    @Test func millionVisitors() async throws {
        let rows = Int(ProcessInfo.processInfo.environment["WFRUN_STORE_TIMING_ROWS"] ?? "") ?? 1_000_000
        let schema = DataSchemaLibrary.builtIn["visitor"]!
        let location = ProcessInfo.processInfo.environment["WFRUN_STORE_TIMING_DB"] ?? "/tmp/wfrun-timing-\(UUID().uuidString).sqlite"
        let store = try await StoreFactory.open(location)
        try await store.prepare(schemas: [schema])
        func batch(_ start: Int, friendsBump: Int) -> [Record] {
            (start..<start + 1_000).map { i in
                [
                    "origin": .string("Twitter"), "external_id": .string(String(i)), "username": .string("user\(i)"),
                    "full_name": .string("User Number \(i)"), "friends": .int(Int64(i % 5_000 + friendsBump)),
                    "verified": .bool(i % 7 == 0), "folder": .string("followers"),
                ]
            }
        }
        for pass in 0..<3 {
            var total = UpsertCounts()
            var upsertTime = Duration.zero
            var cpu = 0.0
            let clock = ContinuousClock()
            let start = clock.now
            for b in 0..<(rows / 1_000) {
                let records = batch(b * 1_000, friendsBump: pass == 2 ? 1 : 0)
                let t0 = clock.now
                let c0 = cpuSeconds()
                defer { cpu += cpuSeconds() - c0 }
                total = total + (try await store.upsert(records, into: schema, key: ["origin", "external_id"], checkpoint: nil, now: Date()))
                upsertTime += clock.now - t0
            }
            print("TIMING pass \(pass) \(location.hasPrefix("postgres") ? "postgres" : "sqlite"): upsert \(upsertTime), cpu \(cpu) s, wall \(clock.now - start), \(total)")
        }
        var convert = Duration.zero
        let table = TableDefinition(schema)
        for b in 0..<(rows / 1_000) {
            let records = batch(b * 1_000, friendsBump: 0)
            let c0 = ContinuousClock.now
            let converted = try UpsertBatch(records, table: table, key: ["origin", "external_id"])
            convert += ContinuousClock.now - c0
            precondition(converted.count == 1_000)
        }
        print("TIMING convert only: \(convert)")
        let t0 = ContinuousClock.now
        var read = 0
        let source = store.rows(of: schema, batchSize: 1_000)
        while let b = try await source.next() { read += b.records.count }
        print("TIMING read \(read) rows in \(ContinuousClock.now - t0)")
        try await store.close()
        if !location.hasPrefix("postgres") { try? FileManager.default.removeItem(atPath: location) }
    }
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
