import Foundation
import WorkflowModel

extension WorkflowStore {
    /// One page of the rows of a data table for which `condition` is true (the `show` command's
    /// `--where`), in the table's order: rows are read from `cursor` until `limit` of them match
    /// or `examining` rows have been read, so a page costs a bounded time however rare the
    /// matches. `next` is where reading stopped, nil only at the end of the table: a page may
    /// hold fewer than `limit` rows, even none, and still have a next one. `examined` says how
    /// many rows were read.
    ///
    /// ```swift
    /// let verified = try WorkflowModel.Expression(parsing: "verified and friends > 1000")
    /// let page = try await store.rows(of: visitor, after: nil, limit: 50, where: verified,
    ///                                 context: EvaluationContext(now: Date()), examining: 100_000)
    /// ```
    public func rows(
        of schema: DataSchema, after cursor: DataCursor?, limit: Int, where condition: WorkflowModel.Expression, context: EvaluationContext,
        examining budget: Int
    ) async throws -> DataPage {
        guard limit > 0 else { return .empty }
        let budget = max(1, budget)
        let evaluator = ExpressionEvaluator()
        var rows: [Record] = []
        var positions: [DataCursor] = []
        var examined = 0
        var position = cursor
        while examined < budget {
            let batch = try await self.rows(of: schema, after: position, limit: min(budget - examined, max(limit, 500)))
            for (index, row) in batch.rows.enumerated() {
                examined += 1
                position = batch.positions[index]
                guard try evaluator.evaluateCondition(condition, record: row, context: context) else { continue }
                rows.append(row)
                positions.append(batch.positions[index])
                if rows.count == limit {
                    // The table goes on unless this was its last row.
                    let last = index == batch.rows.count - 1 && batch.next == nil
                    return DataPage(rows: rows, positions: positions, next: last ? nil : position, examined: examined)
                }
            }
            if batch.next == nil { return DataPage(rows: rows, positions: positions, next: nil, examined: examined) }
        }
        return DataPage(rows: rows, positions: positions, next: position, examined: examined)
    }
}
