import Foundation
import Testing
import WorkflowModel
@testable import WorkflowEngine

@Suite struct FileCheckpointTests {
    /// Byte offsets right after each line break of a fixture.
    static func lineEnds(_ name: String) throws -> [Int] {
        let bytes = try Data(contentsOf: Harness.fixtures.appendingPathComponent("file/\(name)"))
        return bytes.enumerated().filter { $0.element == 0x0A }.map { $0.offset + 1 }
    }

    @Test func eachBatchCarriesTheOffsetAfterItsLastRecord() async throws {
        let batches = try await collect(openFile("people.jsonl", batchSize: 3))
        let ends = try Self.lineEnds("people.jsonl")  // line 3 is blank
        #expect(batches.map(\.records.count) == [3, 1])
        #expect(batches.map { $0.checkpoint?.sequence } == [1, 2])
        #expect(batches.map { $0.checkpoint.flatMap { FileCursor($0.cursor)?.offset } } == [Int64(ends[3]), Int64(ends[4])])
    }

    @Test(arguments: ["people.jsonl", "people.json", "contacts.csv"])
    func resumingAfterACheckpointGivesExactlyTheRemainingRecords(file: String) async throws {
        let all = try await collect(openFile(file, batchSize: 1))
        #expect(all.count >= 3)
        for (index, batch) in all.enumerated() {
            let resumed = try await collect(openFile(file, batchSize: 1, resumeAfter: batch.checkpoint))
            #expect(resumed.flatMap(\.records) == all[(index + 1)...].flatMap(\.records), "after \(batch.checkpoint!)")
            #expect(resumed.map(\.checkpoint) == all[(index + 1)...].map(\.checkpoint))
        }
    }

    @Test func aLineNumberAfterResumingCountsFromTheFileStart() async throws {
        let first = try await openFile("malformed.jsonl", batchSize: 1).next()
        let resumed = try await openFile("malformed.jsonl", batchSize: 1, resumeAfter: first?.checkpoint)
        #expect(try await resumed.next()?.records == [["id": 2]])
        let error = await #expect(throws: FileConnectorError.self) { try await resumed.next() }
        #expect(error?.description.contains("malformed.jsonl, line 3, column 19: ") == true)
    }

    @Test func aCheckpointPastTheEndOfTheFileIsRefused() async throws {
        let checkpoint = Checkpoint(source: "fetch", sequence: 9, cursor: "999999")
        let error = await #expect(throws: FileConnectorError.self) { try await openFile("people.jsonl", resumeAfter: checkpoint) }
        #expect(error?.description.contains("it was replaced or truncated since the interrupted run") == true)
    }

    @Test func aLargeFileStreamsInBatches() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("followers.jsonl")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        var chunk = ""
        for line in 1...200_000 {
            chunk += #"{"id": \#(line), "username": "user\#(line)", "verified": \#(line % 7 == 0)}"# + "\n"
            if line % 10_000 == 0 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.close()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber).int64Value

        let source = try await openFile("followers.jsonl", batchSize: 1000, directory: folder.path)
        var batches = 0, records = 0, verified = 0
        var last: RecordBatch?
        // Batches are consumed one at a time and dropped: only one is alive at once.
        while let batch = try await source.next() {
            batches += 1
            records += batch.records.count
            verified += batch.records.filter { $0["verified"] == true }.count
            #expect(batch.records.count == 1000)
            last = batch
        }
        #expect(batches == 200)
        #expect(records == 200_000)
        #expect(verified == 200_000 / 7)
        #expect(last?.records.last?["id"] == 200_000)
        #expect(last?.checkpoint?.sequence == 200)
        #expect(last?.checkpoint.flatMap { FileCursor($0.cursor)?.offset } == size)
    }
}
