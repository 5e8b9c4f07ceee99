import Foundation
import Synchronization

/// The records of one file as a stream of batches of `batchSize`, each with a checkpoint whose
/// cursor is the byte offset right after its last record and a fingerprint of the file
/// (`FileCursor`): resuming seeks there, once the fingerprint says the file did not change.
///
/// Reading is synchronous file I/O done while the stream is pulled (local files; the state is
/// behind a `Mutex`, and a stream has one consumer, so the lock is never contended).
final class FileRecordSource: BatchSource {
    private struct Reading {
        var chunks: FileChunks
        var parser: any RecordFileParser
        var sequence: Int64
        var finished = false
    }

    private let source: String
    private let batchSize: Int
    private let sampler: FileSampler
    private let reading: Mutex<Reading>

    /// Opens `path` in `format`, at the start or right after `resumeAfter`.
    init(path: String, format: FileFormat, source: String, batchSize: Int, resumeAfter: Checkpoint?) throws {
        self.source = source
        self.batchSize = max(1, batchSize)
        var chunks = try FileChunks(path: path)
        let sampler = try FileSampler(path: path)
        self.sampler = sampler
        let resumeOffset = try resumeAfter.map { try sampler.resumeOffset(after: $0.cursor) }
        try Self.skipByteOrderMark(&chunks)
        let parser: any RecordFileParser
        switch format {
        case .jsonl:
            parser = JSONLinesParser()
        case .json:
            parser = JSONArrayParser(resuming: resumeOffset != nil)
        case .csv:
            var csv = CSVParser()
            try csv.readHeader(from: &chunks)  // the header is needed even when resuming
            if let resumeOffset, resumeOffset < chunks.offset {
                throw FileConnectorError.badCheckpoint(path: path, cursor: "\(resumeOffset)", reason: "that is inside the header row")
            }
            parser = csv
        }
        if let resumeOffset {
            chunks.close()
            chunks = try FileChunks(path: path, at: resumeOffset)
        }
        reading = Mutex(Reading(chunks: chunks, parser: parser, sequence: resumeAfter?.sequence ?? 0))
    }

    func next() async throws -> RecordBatch? {
        let (source, batchSize, sampler) = (source, batchSize, sampler)
        return try reading.withLock { reading throws -> RecordBatch? in
            guard !reading.finished else { return nil }
            var records: [Record] = []
            records.reserveCapacity(batchSize)
            do {
                while records.count < batchSize, let record = try reading.parser.nextRecord(from: &reading.chunks) {
                    records.append(record)
                }
            } catch {
                reading.finished = true
                reading.chunks.close()
                throw error
            }
            guard !records.isEmpty else {
                reading.finished = true
                reading.chunks.close()
                return nil
            }
            reading.sequence += 1
            let cursor = try sampler.cursor(at: reading.chunks.offset)
            return RecordBatch(
                records: records,
                checkpoint: Checkpoint(source: source, sequence: reading.sequence, cursor: cursor.text))
        }
    }

    deinit {
        reading.withLock { $0.chunks.close() }
    }

    /// Skips a UTF-8 byte order mark (spreadsheets write one before CSV).
    private static func skipByteOrderMark(_ chunks: inout FileChunks) throws {
        while chunks.available < 3, try chunks.fill() {}
        if chunks.available >= 3, chunks[0] == 0xEF, chunks[1] == 0xBB, chunks[2] == 0xBF { chunks.consume(3) }
    }
}
