import Foundation
import Synchronization
import Testing
import WorkflowEngine
import WorkflowModel
import WorkflowXML

/// Builds activities from workflow text, as a real run loads them, and the context to run them.
struct Harness {
    /// Tests/WorkflowEngineTests/Fixtures
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static let loader = WorkflowLoader(connectors: ConnectorCatalog([FileConnector.descriptor]))

    let store = FakeStore()
    let meter = ActivityMeter()
    let logs = LogBook()
    let workflow: Workflow

    /// Loads a workflow made of `activities` (XML elements) after a `start` that leads to
    /// `first`, with an `end` named `end`; the file must have no errors.
    init(_ activities: String, first: String? = nil, parameters: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let firstName = first ?? Self.firstName(in: activities)
        let text = """
            <workflow xmlns="urn:wfrun:workflow:1" name="test">
              \(parameters)
              <start name="begin"><next to="\(firstName)"/></start>
              \(activities)
              <end name="end"/>
            </workflow>
            """
        let outcome = Self.loader.load(SourceText(file: "test.xml", bytes: Array(text.utf8)))
        let errors = outcome.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.location.line):\($0.location.column) \($0.message)" })", sourceLocation: sourceLocation)
        workflow = try #require(outcome.workflow, sourceLocation: sourceLocation)
    }

    private static func firstName(in activities: String) -> String {
        guard let range = activities.range(of: #"name="([^"]+)""#, options: .regularExpression) else { return "end" }
        return String(activities[range].dropFirst(6).dropLast())
    }

    var setup: ActivitySetup {
        ActivitySetup(workflow: workflow, schemas: .builtIn, connectors: ConnectorRegistry([FileConnector()]))
    }

    func activity(_ name: String) throws -> Activity {
        try #require(workflow.activity(named: name))
    }

    /// The behaviour of the activity `name`.
    func behavior<Behavior: ActivityBehavior>(_ type: Behavior.Type, _ name: String) throws -> Behavior {
        try Behavior(definition: activity(name), setup: setup)
    }

    /// The context a run would give the activity `name`.
    func context(
        _ name: String, dryRun: Bool = false, batchSize: Int = 100, resumeAfter: Checkpoint? = nil,
        directory: String = Harness.fixtures.path, parameters: [String: ExpressionValue] = [:]
    ) throws -> ActivityContext {
        let logs = logs
        return ActivityContext(
            run: 12, activity: try activity(name), workflowDirectory: directory, store: store, schemas: .builtIn,
            connectors: ConnectorRegistry([FileConnector()]),
            evaluation: EvaluationContext(parameters: parameters, now: Date(timeIntervalSince1970: 1_700_000_000)),
            clock: ManualClock(start: Date(timeIntervalSince1970: 1_700_000_000)), dryRun: dryRun, batchSize: batchSize,
            resumeAfter: resumeAfter, meter: meter, log: { level, message in logs.append(level, message) })
    }

    /// Runs the activity `name` on `batches` and returns its result.
    func run<Behavior: ActivityBehavior>(
        _ type: Behavior.Type, _ name: String, on batches: [RecordBatch]?, dryRun: Bool = false
    ) async throws -> ActivityResult {
        try await behavior(type, name).run(input: batches.map { BatchesOf($0) }, context: context(name, dryRun: dryRun))
    }

    var logged: [(level: RunLogEntry.Level, message: String)] { logs.entries }
}

/// The lines an activity logged.
final class LogBook: Sendable {
    private let lines = Mutex<[(level: RunLogEntry.Level, message: String)]>([])

    func append(_ level: RunLogEntry.Level, _ message: String) {
        lines.withLock { $0.append((level, message)) }
    }

    var entries: [(level: RunLogEntry.Level, message: String)] { lines.withLock { $0 } }
}

/// Pulls a stream to its end.
func collect(_ source: (any BatchSource)?) async throws -> [RecordBatch] {
    guard let source else { return [] }
    var batches: [RecordBatch] = []
    while let batch = try await source.next() { batches.append(batch) }
    return batches
}

/// A checkpoint of the source `fetch`.
func checkpoint(_ sequence: Int64) -> Checkpoint {
    Checkpoint(source: "fetch", sequence: sequence, cursor: "\(sequence * 100)")
}

/// An int field's value (0 when it is not an int).
func int(_ value: ExpressionValue?) -> Int64 {
    if case .int(let number) = value { number } else { 0 }
}
