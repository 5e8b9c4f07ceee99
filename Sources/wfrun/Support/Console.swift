import Foundation
import Logging
import Synchronization
import WorkflowEngine
import WorkflowModel

/// The terminal side of a run: log lines on standard error, and on a terminal a live status line
/// per running activity (records, rate, elapsed) redrawn below them.
final class Console: RunObserver {
    private struct Running {
        var kind: String
        var meter: ActivityMeter
        var started: Date
    }

    private let output = FileHandleOutput.standardError
    private let live: Bool
    private let state = Mutex((running: [String: Running](), order: [String](), drawnLines: 0))

    /// `live` draws status lines (only on a terminal).
    init(live: Bool) {
        self.live = live
    }

    func activityStarted(_ activity: String, kind: ActivityKind, attempt: Int, meter: ActivityMeter) {
        state.withLock { state in
            if state.running[activity] == nil { state.order.append(activity) }
            state.running[activity] = Running(kind: kind.name, meter: meter, started: Date())
        }
        if !live { write("\(timestamp()) start \(activity) (\(kind.name))\(attempt > 1 ? ", attempt \(attempt)" : "")") }
    }

    func activityUpdated(_ record: ActivityRunRecord) {
        guard record.status != .running else { return }
        state.withLock { state in
            state.running[record.activity] = nil
            state.order.removeAll { $0 == record.activity }
        }
        let counts = record.recordsIn + record.recordsOut > 0 ? " \(record.recordsIn) in, \(record.recordsOut) out" : ""
        write("\(timestamp()) \(record.status.rawValue) \(record.activity)\(counts)")
    }

    func logged(_ entry: RunLogEntry) {
        write("\(timestamp()) \(entry.level.rawValue) \(entry.activity.map { "[\($0)] " } ?? "")\(entry.message)")
    }

    /// Writes a line above the status lines.
    func write(_ line: String) {
        state.withLock { state in
            output.write(clear(state.drawnLines) + line + "\n")
            state.drawnLines = 0
        }
    }

    /// Redraws the status lines (called a few times a second on a terminal).
    func redraw() {
        guard live else { return }
        state.withLock { state in
            let now = Date()
            let lines = state.order.compactMap { name -> String? in
                guard let running = state.running[name] else { return nil }
                let counts = running.meter.snapshot
                let elapsed = now.timeIntervalSince(running.started)
                let records = max(counts.recordsIn, counts.recordsOut)
                let rate = elapsed > 0 ? Double(records) / elapsed : 0
                return String(format: "  %@ %@  %d records  %.0f/s  %.1fs", name, running.kind, records, rate, elapsed)
            }
            output.write(clear(state.drawnLines) + lines.map { $0 + "\n" }.joined())
            state.drawnLines = lines.count
        }
    }

    /// Removes the status lines.
    func finish() {
        state.withLock { state in
            output.write(clear(state.drawnLines))
            state.drawnLines = 0
        }
    }

    private func clear(_ lines: Int) -> String {
        guard live, lines > 0 else { return "" }
        return String(repeating: "\u{1B}[1A\u{1B}[2K", count: lines)
    }

    private func timestamp() -> String {
        ISOTimestamp(Date()).truncatedToSeconds.text
    }
}

/// Sends swift-log output (the engine's debug lines) to the console, above the status lines.
struct ConsoleLogHandler: LogHandler {
    let console: Console
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        // Run log lines reach the console through the observer already; only engine-internal
        // lines (debug, store problems) are printed from here.
        guard event.level == .debug || event.level == .trace || event.level >= .error else { return }
        if event.level >= .error, event.metadata?["activity"] != nil { return }
        let run = event.metadata?["run"].map { " [run \($0)]" } ?? ""
        console.write("\(event.level)\(run) \(event.message)")
    }
}
