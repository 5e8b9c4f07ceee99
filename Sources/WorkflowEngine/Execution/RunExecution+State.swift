import Foundation
import Logging
import WorkflowModel

extension RunExecution {
    /// The context one activation runs with.
    func context(for position: Int, meter: ActivityMeter) -> ActivityContext {
        let activity = graph[position]
        var context = ActivityContext(
            run: run, activity: activity, workflowDirectory: directory, store: environment.store,
            schemas: environment.schemas, connectors: environment.connectors, evaluation: evaluation,
            clock: environment.clock, dryRun: options.dryRun, batchSize: options.batchSize,
            resumeAfter: plan.resumePoint(for: position, in: graph), meter: meter,
            log: { [self] level, message in await self.log(activity.name, level, message) })
        context.publishing = options.publishing
        return context
    }

    /// Records that the activity at `position` (re)started, `withRecords` arriving.
    func started(_ position: Int, attempt: Int, meter: ActivityMeter, withRecords: Bool) async {
        let activity = graph[position]
        let record = state.withLock { state -> ActivityRunRecord in
            if state.records[activity.name] == nil { state.order.append(activity.name) }
            state.meters[activity.name] = meter
            let record = ActivityRunRecord(
                run: run, activity: activity.name, kind: activity.kind.name, status: .running, attempts: attempt,
                startedAt: state.records[activity.name]?.startedAt ?? environment.clock.now())
            state.records[activity.name] = record
            return record
        }
        environment.observer?.activityStarted(activity.name, kind: activity.kind, attempt: attempt, meter: meter)
        // Activities that finish at once are recorded once, when they finish; those that take
        // time (sources, waits, retries, records streaming through) are recorded as running
        // too, for `wfrun history`.
        if attempt > 1 || withRecords || !graph.flows[position].contains(.instant) { await save(record) }
    }

    /// Records that an activity finished (its stream ended, or it returned).
    func finished(_ name: String, status: RunStatus, outcome: [Transition.Kind], error: String?) async {
        let record = state.withLock { state -> ActivityRunRecord? in
            guard var record = state.records[name] else { return nil }
            let counts = state.meters[name]?.snapshot
            record.status = status
            record.recordsIn = counts?.recordsIn ?? 0
            record.recordsOut = counts?.recordsOut ?? 0
            record.endedAt = environment.clock.now()
            record.error = error
            record.outcome = status == .succeeded ? outcome.map(\.rawValue).joined(separator: ",") : nil
            state.records[name] = record
            return record
        }
        guard let record else { return }
        await save(record)
    }

    private func save(_ record: ActivityRunRecord) async {
        environment.observer?.activityUpdated(record)
        guard !options.dryRun else { return }
        await stateWriter.enqueue(record)
    }

    /// Writes a line to the run's log, the logger and the observer.
    func log(_ activity: String?, _ level: RunLogEntry.Level, _ message: String) async {
        let entry = RunLogEntry(run: run, activity: activity, level: level, message: message, at: environment.clock.now())
        var metadata: Logger.Metadata = ["run": "\(run)"]
        if let activity { metadata["activity"] = "\(activity)" }
        let logLevel: Logger.Level = switch level {
        case .debug: .debug
        case .info: .info
        case .warning: .warning
        case .error: .error
        }
        environment.logger.log(level: logLevel, "\(message)", metadata: metadata)
        environment.observer?.logged(entry)
        guard !options.dryRun else { return }
        let store = environment.store
        try? await Task { try await store.appendLog(entry) }.value
    }

    /// Every activity's latest state, in the order they first started, with live counters.
    func activityRecords() -> [ActivityRunRecord] {
        state.withLock { state in
            state.order.compactMap { name in
                guard var record = state.records[name] else { return nil }
                if let counts = state.meters[name]?.snapshot {
                    record.recordsIn = counts.recordsIn
                    record.recordsOut = counts.recordsOut
                }
                return record
            }
        }
    }

    /// Upsert outcomes per sink that ran.
    func upsertCounts() -> [String: UpsertCounts] {
        state.withLock { state in
            var result: [String: UpsertCounts] = [:]
            for (name, meter) in state.meters {
                guard let position = graph.index[name], graph.flows[position].contains(.commitsCheckpoints) else { continue }
                result[name] = meter.snapshot.upserts
            }
            return result
        }
    }
}
