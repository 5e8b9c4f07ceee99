import Foundation
import Synchronization
import Testing
import WorkflowEngine
import WorkflowModel
import WorkflowStore
import WorkflowXML

/// Runs workflow texts through the real runner and a real SQLite store in a temporary folder,
/// with a manual clock and test connectors.
struct RunnerHarness {
    let folder: URL
    let clock: ManualClock
    let store: any WorkflowStore
    let connectors: [any Connector]

    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    init(connectors: [any Connector] = []) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfrun-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        clock = ManualClock(start: Self.start)
        store = try await SQLiteStore.open(path: folder.appendingPathComponent("wfrun.sqlite").path)
        try await store.prepare(schemas: Array(DataSchemaLibrary.builtIn.schemas.values))
        self.connectors = connectors + [FileConnector()]
    }

    /// Checks the text as `validate` would (failing the test on any diagnostic) and returns it.
    func workflow(_ text: String) throws -> Workflow {
        let catalog = ConnectorCatalog(connectors.map(\.descriptor))
        let outcome = WorkflowLoader(connectors: catalog).load(SourceText(file: "test.xml", bytes: Array(text.utf8)))
        #expect(outcome.diagnostics.filter { $0.severity == .error }.isEmpty, "\(outcome.diagnostics.map(\.message))")
        return try #require(outcome.workflow)
    }

    /// Runs a workflow text.
    func run(_ text: String, options: RunOptions = RunOptions(file: "test.xml")) async throws -> RunSummary {
        let environment = RunEnvironment(
            store: store, schemas: .builtIn, connectors: ConnectorRegistry(connectors), activities: .standard, clock: clock)
        return try await WorkflowRunner(workflow: try workflow(text), directory: folder.path, environment: environment).run(options)
    }

    /// The log messages of a run, in order.
    func messages(_ run: Int64) async throws -> [String] {
        try await store.logs(run: run).map { "\($0.activity ?? "-"): \($0.message)" }
    }

    /// Writes a file into the folder.
    func write(_ name: String, _ text: String) throws {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
}

/// A connector whose `records` resource fails its first `failures` opens, then yields `count`
/// records `{n: i}` in batches of `request.batchSize`, remembering every resume point asked for.
final class FlakyConnector: Connector {
    let descriptor = ConnectorDescriptor(
        name: "flaky", label: "Test",
        resources: [ResourceDescriptor(name: "records", direction: .fetch, summary: "test records", fields: nil)])
    private let state: Mutex<(failuresLeft: Int, opens: Int, resumes: [Checkpoint?])>
    let count: Int
    /// After this many batches of one open, the stream fails (nil: never).
    let failAfterBatches: Int?

    init(failures: Int = 0, count: Int = 3, failAfterBatches: Int? = nil) {
        state = Mutex((failures, 0, []))
        self.count = count
        self.failAfterBatches = failAfterBatches
    }

    var opens: Int { state.withLock { $0.opens } }
    var resumes: [Checkpoint?] { state.withLock { $0.resumes } }

    func open(_ request: FetchRequest) async throws -> any BatchSource {
        let fail = state.withLock { state -> Bool in
            state.opens += 1
            state.resumes.append(request.resumeAfter)
            guard state.failuresLeft > 0 else { return false }
            state.failuresLeft -= 1
            return true
        }
        if fail { throw ActivityError(activity: request.source, message: "flaky: service unavailable") }
        let start = Int(request.resumeAfter?.cursor ?? "0") ?? 0
        let failAt = failAfterBatches.map { (request.resumeAfter?.sequence ?? 0) + Int64($0) }
        return CountingSource(source: request.source, next: start, end: count, batchSize: request.batchSize,
                              sequence: request.resumeAfter?.sequence ?? 0, failAtSequence: failAt)
    }
}

/// Yields records `{n: i}` for i in next..<end.
final class CountingSource: BatchSource {
    private let state: Mutex<(next: Int, sequence: Int64)>
    let source: String
    let end: Int
    let batchSize: Int
    let failAtSequence: Int64?

    init(source: String, next: Int, end: Int, batchSize: Int, sequence: Int64, failAtSequence: Int64?) {
        state = Mutex((next, sequence))
        self.source = source
        self.end = end
        self.batchSize = batchSize
        self.failAtSequence = failAtSequence
    }

    func next() async throws -> RecordBatch? {
        let (range, sequence) = state.withLock { state -> (Range<Int>, Int64) in
            let range = state.next..<min(end, state.next + batchSize)
            state.next = range.upperBound
            if !range.isEmpty { state.sequence += 1 }
            return (range, state.sequence)
        }
        guard !range.isEmpty else { return nil }
        if let failAtSequence, sequence > failAtSequence {
            throw ActivityError(activity: source, message: "flaky: connection reset")
        }
        let records: [Record] = range.map { ["n": .int(Int64($0))] }
        return RecordBatch(records: records, checkpoint: Checkpoint(source: source, sequence: sequence, cursor: "\(range.upperBound)"))
    }
}

/// A connector whose opens wait until `parties` opens are in progress at once: a run finishes
/// only if the branches that open it really run concurrently.
final class BarrierConnector: Connector {
    let descriptor = ConnectorDescriptor(
        name: "barrier", label: "Test",
        resources: [ResourceDescriptor(name: "records", direction: .fetch, summary: "test", fields: nil)])
    private let arrived = Mutex(0)
    let parties: Int

    init(parties: Int) { self.parties = parties }

    func open(_ request: FetchRequest) async throws -> any BatchSource {
        arrived.withLock { $0 += 1 }
        for _ in 0..<2_000 {
            if arrived.withLock({ $0 }) >= parties {
                return CountingSource(source: request.source, next: 0, end: 1, batchSize: 10, sequence: 0, failAtSequence: nil)
            }
            try await Task.sleep(nanoseconds: 1_000_000)
        }
        throw ActivityError(activity: request.source, message: "the other branch never started: branches are not concurrent")
    }
}
