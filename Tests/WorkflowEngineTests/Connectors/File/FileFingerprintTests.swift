import Foundation
import Testing
import WorkflowModel
@testable import WorkflowEngine

/// A checkpoint's cursor remembers the file (size, modification time, hashes of its head and of
/// the bytes before the offset): a changed file is refused, naming what changed and --restart;
/// a cursor written before fingerprints (digits only) still resumes.
@Suite struct FileFingerprintTests {
    static let lines = (1...10).map { #"{"id": \#($0)}"# + "\n" }.joined()

    @Test func theCursorTextRoundTrips() {
        let cursor = FileCursor(offset: 42, fingerprint: FileFingerprint(size: 99, modified: 1_700_000_000_123_456_789, head: "00ff", before: "abcd"))
        #expect(cursor.text == "42 size=99 mtime=1700000000123456789 head=00ff before=abcd")
        #expect(FileCursor(cursor.text) == cursor)
        #expect(FileCursor("42") == FileCursor(offset: 42, fingerprint: nil))
        #expect(FileCursor("42 size=99") == nil)
        #expect(FileCursor("-1") == nil)
    }

    @Test func aFileChangedBeforeTheOffsetIsRefused() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("people.jsonl")
        try Self.lines.write(to: url, atomically: false, encoding: .utf8)
        let first = try #require(try await openFile("people.jsonl", batchSize: 4, directory: folder.path).next()?.checkpoint)
        let modified = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date)

        // Same size, one digit changed before the offset, the modification time put back.
        let changed = Self.lines.replacingOccurrences(of: #"{"id": 3}"#, with: #"{"id": 8}"#)
        try changed.write(to: url, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path)
        let error = await #expect(throws: FileConnectorError.self) {
            try await openFile("people.jsonl", batchSize: 4, resumeAfter: first, directory: folder.path)
        }
        #expect(error?.description == "cannot resume reading \(url.path) at byte 40: the file changed since the interrupted run (its first bytes differ), so the records after that point are not the ones it would have read; run again with --restart to read it from the start")
    }

    @Test func aCursorWithoutFingerprintStillResumes() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.lines.write(to: folder.appendingPathComponent("people.jsonl"), atomically: false, encoding: .utf8)
        let old = Checkpoint(source: "fetch", sequence: 1, cursor: "40")
        let rest = try await collect(openFile("people.jsonl", batchSize: 100, resumeAfter: old, directory: folder.path))
        #expect(rest.flatMap(\.records) == (5...10).map { ["id": .int(Int64($0))] })
    }
}
