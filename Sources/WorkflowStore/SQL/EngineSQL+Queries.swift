import Foundation
import WorkflowEngine
import WorkflowModel

/// A statement whose text depends on the filters given, with the values of its parameters in
/// order.
struct BoundStatement: Sendable {
    var sql: String
    var values: [QueryValue]
}

/// A parameter value of a `BoundStatement`, bound by each backend in its own way.
enum QueryValue: Sendable, Hashable {
    case text(String)
    case integer(Int64)
    /// An instant of an engine table: canonical text on SQLite, `TIMESTAMPTZ` on PostgreSQL.
    case instant(Date)
    /// A list that `SQLDialect.textList` reads: JSON text on SQLite, `text[]` on PostgreSQL.
    case texts([String])
}

/// The console's queries (migration 7 and the statements it makes fast): runs filtered and paged
/// by id, their counts, the last runs of each workflow, and a log read from a position.
extension EngineSQL {
    private func q(_ identifier: String) -> String { dialect.quoted(identifier) }
    private func p(_ index: Int) -> String { dialect.parameter(index) }

    /// Migration 7: the indexes that keep the console's run lists index-backed (runs by
    /// workflow and id were indexed from the start, the log by run and id too).
    var queryIndexes: [String] {
        [
            "CREATE INDEX IF NOT EXISTS \(q("run_status_idx")) ON \(q("run")) (\(q("status")), \(q("id")))",
            "CREATE INDEX IF NOT EXISTS \(q("run_workflow_status_idx")) ON \(q("run")) (\(q("workflow")), \(q("status")), \(q("id")))",
            "CREATE INDEX IF NOT EXISTS \(q("run_started_idx")) ON \(q("run")) (\(q("started_at")), \(q("id")))",
        ]
    }

    /// The runs `query` selects, newest first, at most its limit.
    func selectRuns(matching query: RunQuery) -> BoundStatement {
        var statement = BoundStatement(sql: "", values: [])
        let conditions = runConditions(query, paging: true, into: &statement)
        statement.values.append(.integer(Int64(max(0, query.limit))))
        statement.sql = "SELECT \(runColumns) FROM \(q("run"))\(conditions) ORDER BY \(q("id")) DESC LIMIT \(p(statement.values.count))"
        return statement
    }

    /// How many runs `query` selects (its position and limit aside).
    func countRuns(matching query: RunQuery) -> BoundStatement {
        var statement = BoundStatement(sql: "", values: [])
        let conditions = runConditions(query, paging: false, into: &statement)
        statement.sql = "SELECT COUNT(*) FROM \(q("run"))\(conditions)"
        return statement
    }

    /// The last (2) runs of each workflow of the list (1), by workflow, newest first: one
    /// index range per workflow, LATERAL on PostgreSQL, a correlated `IN` on SQLite.
    var selectLatestRunsPerWorkflow: String {
        let list = dialect.textList(1, alias: "w")
        let newest = "FROM \(q("run")) WHERE \(q("workflow")) = \(q("w")).\(q("value")) ORDER BY \(q("id")) DESC LIMIT \(p(2))"
        let columns = runColumnNames.map { "\(q("r")).\(q($0))" }.joined(separator: ", ")
        let order = "ORDER BY \(q("r")).\(q("workflow")), \(q("r")).\(q("id")) DESC"
        if dialect.hasLateralJoins {
            return "SELECT \(columns) FROM \(list) CROSS JOIN LATERAL (SELECT \(runColumns) \(newest)) AS \(q("r")) \(order)"
        }
        return "SELECT \(columns) FROM \(list) JOIN \(q("run")) AS \(q("r")) ON \(q("r")).\(q("id")) IN (SELECT \(q("id")) \(newest)) \(order)"
    }

    /// At most (3) lines of the log of run (1) after line (2), oldest first, each with its id.
    var selectLogPage: String {
        """
        SELECT \(dialect.quotedList(["id", "run", "activity", "level", "message", "at"])) FROM \(q("run_log")) \
        WHERE \(q("run")) = \(p(1)) AND \(q("id")) > \(p(2)) ORDER BY \(q("id")) LIMIT \(p(3))
        """
    }

    /// The WHERE clause of `query` (empty when it selects every run), its values appended.
    private func runConditions(_ query: RunQuery, paging: Bool, into statement: inout BoundStatement) -> String {
        var conditions: [String] = []
        func bind(_ value: QueryValue) -> String {
            statement.values.append(value)
            return p(statement.values.count)
        }
        if let workflow = query.workflow { conditions.append("\(q("workflow")) = \(bind(.text(workflow)))") }
        let statuses = query.statuses.reduce(into: [RunStatus]()) { if !$0.contains($1) { $0.append($1) } }
        if !statuses.isEmpty {
            conditions.append("\(q("status")) IN (\(statuses.map { bind(.text($0.rawValue)) }.joined(separator: ", ")))")
        }
        if let from = query.startedFrom { conditions.append(instantCondition(atLeast: true, from, bind)) }
        if let before = query.startedBefore { conditions.append(instantCondition(atLeast: false, before, bind)) }
        if paging, let beforeID = query.beforeID { conditions.append("\(q("id")) < \(bind(.integer(beforeID)))") }
        return conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    /// `started_at >= bound` (`atLeast`) or `started_at < bound`, exact to the microsecond.
    ///
    /// SQLite keeps instants as canonical text (`…:40Z`, `…:40.5Z`), whose order is the
    /// instants' order except for the `Z`: it sorts after a fraction's `.`. Compared with the
    /// bound's text without its `Z`, every row compares as its instant does, but for one: the
    /// whole second of a bound that has a fraction (`…:40Z` against `…:40.5`), handled apart.
    /// Each condition stays a range on the `started_at` index.
    private func instantCondition(atLeast: Bool, _ bound: Date, _ bind: (QueryValue) -> String) -> String {
        let column = q("started_at")
        guard dialect.instantsAreText else { return "\(column) \(atLeast ? ">=" : "<") \(bind(.instant(bound)))" }
        let timestamp = ISOTimestamp(bound)
        let text = String(timestamp.text.dropLast())
        let second = timestamp.truncatedToSeconds
        if second == timestamp { return "\(column) \(atLeast ? ">=" : "<") \(bind(.text(text)))" }
        if atLeast { return "(\(column) >= \(bind(.text(text))) AND \(column) <> \(bind(.text(second.text))))" }
        return "(\(column) < \(bind(.text(text))) OR \(column) = \(bind(.text(second.text))))"
    }
}
