import Synchronization
import WorkflowModel

/// Parsed expressions by source text, shared by every file a process reads: workflows repeat
/// the same expressions (`'Twitter'`, `id`, `now()`), and `validate` over a folder reads many.
/// Bounded, so a hostile folder cannot grow it without end.
enum ExpressionCache {
    private static let entries = Mutex([String: Result<Expression, ExpressionError>]())
    private static let limit = 20_000

    /// The parsed expression, or its error, for `source`.
    static func parse(_ source: String) -> Result<Expression, ExpressionError> {
        if let cached = entries.withLock({ $0[source] }) { return cached }
        let result: Result<Expression, ExpressionError>
        do throws(ExpressionError) {
            result = .success(try Expression(parsing: source))
        } catch {
            result = .failure(error)
        }
        entries.withLock { entries in
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[source] = result
        }
        return result
    }
}
