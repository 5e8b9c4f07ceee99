import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `wfrun` process running on a thread of its own while the test goes on; `outcome()` waits
/// for it (with the process's own time limit as the bound).
final class BackgroundWfrun: @unchecked Sendable {
    // @unchecked: `result` is written once by the thread before `done` is signalled and read
    // only after waiting on `done`.
    private var result: Result<ProcessOutcome, any Error>?
    private let done = DispatchSemaphore(value: 0)

    /// Starts `wfrun ARGUMENTS`; it is killed after `timeout` seconds.
    init(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 120) {
        let thread = Thread { [self] in
            result = Result { try WfrunProcess.run(arguments, environment: environment, timeout: timeout) }
            done.signal()
        }
        thread.start()
    }

    /// Whether the process has ended.
    var hasExited: Bool {
        guard done.wait(timeout: .now()) == .success else { return false }
        done.signal()
        return true
    }

    /// Waits for the process to end and returns how it ended.
    func outcome() throws -> ProcessOutcome {
        done.wait()
        done.signal()
        return try result!.get()
    }
}

/// Polls `condition` every 50 ms until it holds, at most `seconds`: waiting on an event that
/// another process causes, with a bound, never on a guess of how long it takes.
func waitUntil(seconds: Double = 30, _ what: String, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return }
        usleep(50_000)
    }
    throw ProcessLaunchError(description: "gave up after \(seconds) s waiting until \(what)")
}

/// A program started with a pipe on its standard input that stays open until `finish()`, so
/// it can hold something (a lock, a transaction) while the test goes on. Its output is read as
/// it comes.
final class BackgroundChild: @unchecked Sendable {
    // @unchecked: `collected` is guarded by `lock`; the process and pipes are used by the thread
    // that made them and by `finish`, which runs after.
    private let process = Process()
    private let input = Pipe()
    private let outputPipe = Pipe()
    private let lock = NSLock()
    private var collected = Data()

    init(_ executable: String, _ arguments: [String], input text: String) {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = outputPipe
        process.standardError = outputPipe
        outputPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.collected.append(data)
            self.lock.unlock()
        }
        do {
            try process.run()
            input.fileHandleForWriting.write(Data(text.utf8))
        } catch {
            collected = Data("cannot start \(executable): \(error)".utf8)
        }
    }

    /// What it printed so far.
    var output: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: collected, as: UTF8.self)
    }

    /// Closes its input and waits for it to end.
    func finish() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.waitUntilExit() }
        outputPipe.fileHandleForReading.readabilityHandler = nil
    }
}

/// A task executor with one thread of its own that runs the jobs given to it, in order (see `OwnThreadTrait`).
final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: `jobs` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    init() {
        // The thread keeps its executor (and waits for jobs) for the rest of the test process: a
        // few idle threads, against a job run after its executor is gone.
        let thread = Thread { self.serve() }
        thread.stackSize = 8 << 20
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
