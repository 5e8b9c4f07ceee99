import WorkflowModel

/// One record flowing between activities: field names to values (nested objects allowed).
public typealias Record = [String: ExpressionValue]

/// Records travel in batches: a source reads a page (or a chunk of a file), transforms keep the
/// batch together, and a sink commits the whole batch with its checkpoint in one transaction.
public struct RecordBatch: Sendable {
    /// The records; may be empty (a filtered-out page still carries its checkpoint).
    public var records: [Record]
    /// Where the source was after producing this batch; committing it with the batch makes the
    /// batch durable and lets a resumed run start right after it.
    public var checkpoint: Checkpoint?

    /// Creates a batch.
    public init(records: [Record], checkpoint: Checkpoint? = nil) {
        self.records = records
        self.checkpoint = checkpoint
    }
}

/// A source's position after a batch: which source, how many batches it had produced, and the
/// opaque cursor (a byte offset, a page token) to resume after it.
public struct Checkpoint: Sendable, Hashable, Codable {
    /// The name of the source activity (`fetch`, `query`).
    public var source: String
    /// Batches produced so far, counting this one: orders checkpoints of one source.
    public var sequence: Int64
    /// What the source needs to continue after this batch.
    public var cursor: String

    /// Creates a checkpoint.
    public init(source: String, sequence: Int64, cursor: String) {
        self.source = source
        self.sequence = sequence
        self.cursor = cursor
    }
}

/// A lazily produced stream of batches, pulled by its one consumer. Nothing is read until
/// `next()` is called, which is how memory stays flat however large the source.
public protocol BatchSource: AnyObject, Sendable {
    /// The next batch, or nil at the end.
    func next() async throws -> RecordBatch?
}
