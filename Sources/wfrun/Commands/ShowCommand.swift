import ArgumentParser
import Foundation
import WorkflowEngine
import WorkflowModel
import WorkflowXML

/// `wfrun show TABLE`: rows of a data table.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print rows of a data table (visitor, subscription, post_stats, …).",
        discussion: """
            wfrun show visitor --where "verified and friends > 1000" --limit 20
            wfrun show post_stats --format csv > stats.csv
            """)

    @Argument(help: ArgumentHelp("The data table (a schema name).", valueName: "table"))
    var table: String

    @Option(name: .customLong("where"), help: ArgumentHelp("Only rows for which this expression is true.", valueName: "expression"))
    var condition: String?

    @Option(help: "At most this many rows (0: none, only the header).")
    var limit: Int?

    @Option(help: "Output format: table, json or csv.")
    var format: RowFormat = .table

    @Option(help: ArgumentHelp("The store (default $WFRUN_DB, else ./wfrun.sqlite).", valueName: "location"))
    var db: String?

    mutating func run() async throws {
        let schemas = DataSchemaLibrary.builtIn
        guard let schema = schemas[table] else {
            let advice = NameSuggestion.advice(for: table, in: schemas.names, otherwise: "tables: \(schemas.names.joined(separator: ", "))")
            FileHandleOutput.standardError.write("wfrun: there is no table '\(table)'\(advice)\n")
            throw ExitCode(2)
        }
        var expression: WorkflowModel.Expression?
        if let condition {
            do throws(ExpressionError) {
                expression = try WorkflowModel.Expression(parsing: condition)
            } catch {
                FileHandleOutput.standardError.write("wfrun: --where \"\(condition)\": \(error.message) (at character \(error.offset + 1))\n")
                throw ExitCode(2)
            }
        }
        let store = try await StoreLocation.open(db, forReading: true)
        try await store.prepare(schemas: [schema])
        let writer = RowWriter(schema: schema, format: format)
        let context = EvaluationContext(now: Date())
        var shown = 0
        let rows = store.rows(of: schema, batchSize: 500)
        let wanted = limit ?? Int.max
        reading: while shown < wanted, let batch = try await rows.next() {
            for record in batch.records {
                if let expression {
                    do {
                        guard try ExpressionEvaluator().evaluateCondition(expression, record: record, context: context) else { continue }
                    } catch {
                        FileHandleOutput.standardError.write("wfrun: --where: \(error)\n")
                        throw ExitCode(1)
                    }
                }
                writer.add(record)
                shown += 1
                if shown >= wanted { break reading }
            }
            // A full disk or a closed pipe: reading on would be for nothing (main reports it).
            if writer.failed { break reading }
        }
        writer.finish()
        try? await store.close()
    }
}

/// `--format` of `show`.
enum RowFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}
