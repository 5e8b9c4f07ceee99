import Testing

/// Runs each test of a suite on a thread of its own (`DedicatedThreadExecutor`), at most
/// `ProcessTestGate.limit` at a time. The end-to-end tests block while their `wfrun` child
/// runs; on the few threads Swift's concurrency shares between all the tests of the process (two
/// on this machine) they would starve every other test, whose timers then fire late and whose
/// deadlines pass. The gate keeps as many of them running at once as before, no more.
struct OwnThreadTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func scopeProvider(for test: Test, testCase: Test.Case?) -> OwnThreadTrait? {
        testCase == nil ? nil : self
    }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        await ProcessTestGate.shared.enter()
        do {
            try await withTaskExecutorPreference(DedicatedThreadExecutor()) { try await function() }
        } catch {
            await ProcessTestGate.shared.leave()
            throw error
        }
        await ProcessTestGate.shared.leave()
    }
}

extension Trait where Self == OwnThreadTrait {
    /// Each test on a thread of its own, a few at a time (see `OwnThreadTrait`).
    static var ownThread: Self { OwnThreadTrait() }
}

/// Lets `limit` tests in at once; the others wait without holding a thread.
actor ProcessTestGate {
    static let shared = ProcessTestGate()
    static let limit = 3

    private var inside = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if inside < Self.limit {
            inside += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            inside -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
