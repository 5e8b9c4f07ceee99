import ArgumentParser
import Dispatch
import Foundation
import Synchronization
import WorkflowEngine

/// Runs a workflow so that SIGINT and SIGTERM stop it at the next batch boundary (the task is
/// cancelled; committed batches stay committed) instead of killing the process mid-write.
enum InterruptibleRun {
    static func perform(
        console: Console, _ body: @escaping @Sendable () async throws -> RunSummary
    ) async throws -> (RunSummary, Int32?) {
        let received = Mutex<Int32?>(nil)
        let task = Task { try await body() }
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                received.withLock { $0 = $0 ?? number }
                console.write("wfrun: stopping at the next batch boundary (\(number == SIGINT ? "SIGINT" : "SIGTERM")); run again to resume")
                task.cancel()
            }
            source.resume()
            sources.append(source)
        }
        let ticker = Task {
            while !Task.isCancelled {
                console.redraw()
                try? await Task.sleep(nanoseconds: 250_000_000)
            }
        }
        defer {
            ticker.cancel()
            sources.forEach { $0.cancel() }
        }
        do {
            let summary = try await task.value
            return (summary, received.withLock { $0 })
        } catch let error as RunError {
            console.finish()
            FileHandleOutput.standardError.write("wfrun: \(error)\n")
            throw ExitCode(error.exitCode)
        } catch {
            console.finish()
            FileHandleOutput.standardError.write("wfrun: the run could not start: \(error)\n")
            throw ExitCode(1)
        }
    }
}
