import Foundation
import WorkflowModel
import WorkflowXML

/// What the fuzzers exercise, one entry point per target, shared by the libFuzzer build
/// (`LLVMFuzzerTestOneInput`), the replay command and the corpus test. An input may be refused
/// with any error or diagnostic; only a crash, a trap or a hang is a finding.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// An expression: parsed as a workflow attribute is, then evaluated on a record of every
    /// type (as a value and as a condition).
    case expression
    /// A workflow file: libxml2, the grammar, the model and lint (`wfrun validate`), then the
    /// diagnostics and the graph rendered in every format.
    case xml

    /// Runs one input.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .expression: Self.expression(bytes)
        case .xml: Self.xml(bytes)
        }
    }

    // MARK: Expressions

    /// A record with a value of every type, extremes included, under names the corpus uses.
    static let record: [String: ExpressionValue] = [
        "id": .string("1001"), "name": .string("Ada Lovelace"), "username": .string("ada"),
        "friends": .int(42), "big": .int(.max), "small": .int(.min), "ratio": .number(0.5),
        "huge": .number(.greatestFiniteMagnitude), "nan": .number(.nan), "verified": .bool(true),
        "nothing": .null, "created_at": .string("2026-03-05T09:15:00Z"), "day": .string("2026-03-05"),
        "tags": .array([.string("a"), .int(1), .null]),
        "public_metrics": .object(["followers_count": .int(7), "nested": .object(["deep": .string("é")])]),
    ]

    static let context = EvaluationContext(
        parameters: ["folder": .string("Visitors"), "limit": .int(10), "since": .string("2026-01-01"), "flag": .bool(false)],
        now: Date(timeIntervalSince1970: 1_772_701_500))

    static func expression(_ bytes: [UInt8]) {
        let source = String(decoding: bytes, as: UTF8.self)
        guard let expression = try? Expression(parsing: source) else { return }
        // What lint reads of a parsed expression.
        _ = expression.fieldPaths
        _ = expression.parameterReferences
        let evaluator = ExpressionEvaluator()
        _ = try? evaluator.evaluate(expression, record: record, context: context)
        _ = try? evaluator.evaluateCondition(expression, record: record, context: context)
        _ = try? evaluator.evaluate(expression, record: [:], context: EvaluationContext(now: context.now))
    }

    // MARK: Workflow files

    /// The connectors `validate` knows, reduced to what lint checks: their resources and parameters.
    static let loader = WorkflowLoader(connectors: ConnectorCatalog([
        ConnectorDescriptor(name: "file", label: "Files", resources: [
            ResourceDescriptor(name: "records", direction: .fetch, summary: "records of a file", parameters: [
                ResourceParameter(name: "path", kind: .string, required: true, summary: "the file"),
                ResourceParameter(name: "format", kind: .string, allowedValues: ["csv", "json", "jsonl"], summary: "its format"),
            ], fields: nil),
        ]),
        ConnectorDescriptor(name: "x", label: "X", resources: [
            ResourceDescriptor(name: "followers", direction: .fetch, summary: "followers", parameters: [
                ResourceParameter(name: "pageSize", kind: .integer, summary: "page size"),
                ResourceParameter(name: "since", kind: .date, summary: "first day"),
            ], fields: ["id", "username", "name", "public_metrics", "verified", "service", "service_folder"]),
            ResourceDescriptor(name: "post", direction: .publish, summary: "a post", fields: nil),
        ]),
    ]))

    static func xml(_ bytes: [UInt8]) {
        let outcome = loader.load(SourceText(file: "fuzz.xml", bytes: bytes))
        for diagnostic in outcome.diagnostics {
            _ = DiagnosticRenderer.text(diagnostic, source: outcome.source)
            _ = DiagnosticRenderer.github(diagnostic)
        }
        if let workflow = outcome.workflow {
            for format in GraphRenderer.Format.allCases { _ = GraphRenderer.render(workflow, as: format) }
        }
    }
}
