import Synchronization
import WorkflowModel

/// Upsert statement texts already built, by everything they depend on. A batch upsert's text
/// grows with its rows (a multi-row `VALUES` list), and building it for every batch cost more
/// than running it; the distinct texts are few (a schema, a set of columns, a chunk size).
final class StatementTextCache: Sendable {
    /// What a text depends on.
    struct Key: Hashable, Sendable {
        let schema: DataSchema
        let columns: ColumnSet
        let key: [Int]
        let keep: [Int]
        let rows: Int
    }

    /// More distinct texts than this means something unusual (ever-changing schemas or column
    /// sets): start afresh rather than grow without bound.
    private static let capacity = 512

    private let texts = Mutex<[Key: String]>([:])

    /// The text for `key`, built by `build` the first time.
    func text(for key: Key, build: () -> String) -> String {
        if let text = texts.withLock({ $0[key] }) { return text }
        let text = build()
        texts.withLock { texts in
            if texts.count >= Self.capacity { texts.removeAll() }
            texts[key] = text
        }
        return text
    }
}
