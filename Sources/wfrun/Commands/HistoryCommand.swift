import ArgumentParser
import Foundation
import WorkflowEngine
import WorkflowModel

/// `wfrun history [NAME | RUN_ID]`: past runs, or one run in detail.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List runs, or show one run's activities and log.",
        discussion: """
            wfrun history                 the latest runs of every workflow
            wfrun history syncTwitter     the latest runs of one workflow
            wfrun history 42              run 42: its activities (status, attempts, records) and log
            """)

    @Argument(help: ArgumentHelp("A workflow name or a run id.", valueName: "name-or-run"))
    var subject: String?

    @Option(help: ArgumentHelp("How many runs to list, \(HistoryLimitRange.text).", valueName: "count"))
    var limit: BoundedCount<HistoryLimitRange> = 20

    @Flag(help: "Print JSON on standard output.")
    var json = false

    @Option(help: ArgumentHelp("The store (default $WFRUN_DB, else ./wfrun.sqlite).", valueName: "location"))
    var db: String?

    mutating func run() async throws {
        let store = try await StoreLocation.open(db, forReading: true)
        do {
            try await report(from: store)
        } catch {
            try? await store.close()
            throw error
        }
        // Closed before exit (a deferred task would never run): the store folds its log into the file.
        try? await store.close()
    }

    private func report(from store: any WorkflowStore) async throws {
        try await store.prepare(schemas: [])
        let output = FileHandleOutput.standardOutput
        if let subject, let id = Int64(subject) {
            guard let run = try await store.run(id: id) else {
                FileHandleOutput.standardError.write("wfrun: there is no run \(id); `wfrun history` lists them\n")
                throw ExitCode(1)
            }
            let activities = try await store.activityRuns(run: id)
            let logs = try await store.logs(run: id)
            let deliveries = try await DeliveryReport.of(run: id, in: store)
            if json {
                output.write(Self.encode(Detail(run: run, activities: activities, deliveries: deliveries, log: logs)) + "\n")
                return
            }
            var lines = ["run \(run.id) of \(run.workflow) (\(run.file)): \(run.status.rawValue), started \(Self.time(run.startedAt))"]
            if let error = run.error { lines.append("error: \(error)") }
            if let owner = run.owner {
                let lease = run.leaseUntil.map { ", lease until \(Self.time($0))" } ?? ""
                lines.append("\(run.status == .running ? "held by" : "last held by") \(owner)\(lease)")
            }
            for fire in await Self.fires(of: run, in: store) {
                lines.append("fired by \(Self.describe(fire))")
            }
            if !run.parameters.isEmpty {
                lines.append("parameters: " + run.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
            }
            var rows = [["activity", "kind", "status", "attempts", "in", "out", "error"]]
            for activity in activities {
                rows.append([activity.activity, activity.kind, activity.status.rawValue, "\(activity.attempts)",
                             "\(activity.recordsIn)", "\(activity.recordsOut)", activity.error ?? ""])
            }
            lines += TextTable.render(rows)
            for delivery in deliveries { lines += delivery.lines }
            lines.append("log:")
            lines += logs.map { "  \(Self.time($0.at)) \($0.level.rawValue) \($0.activity.map { "[\($0)] " } ?? "")\($0.message)" }
            output.write(lines.joined(separator: "\n") + "\n")
            return
        }
        let runs = try await store.runs(workflow: subject, limit: limit.value)
        if json {
            output.write(Self.encode(runs) + "\n")
            return
        }
        guard !runs.isEmpty else {
            output.write(subject.map { "no runs of \($0) yet\n" } ?? "no runs yet\n")
            return
        }
        let fires = await Self.recentFires(workflow: subject, in: store)
        var rows = [["run", "workflow", "status", "started", "duration", "fired by", "error"]]
        for run in runs {
            let duration = run.endedAt.map { String(format: "%.2fs", $0.timeIntervalSince(run.startedAt)) } ?? "-"
            let fire = fires.first { $0.run == run.id && $0.outcome == .ran }.map(Self.shortly) ?? "run"
            rows.append(["\(run.id)", run.workflow, run.status.rawValue, Self.time(run.startedAt), duration, fire, run.error ?? ""])
        }
        output.write(TextTable.render(rows).joined(separator: "\n") + "\n")
        let skipped = fires.filter { $0.outcome == .overlap || $0.outcome == .failedRun }.count
        let missed = fires.reduce(0) { $0 + $1.missed + ($1.outcome == .missed ? 1 : 0) }
        if skipped + missed > 0 {
            output.write("fires among the latest \(fires.count): \(skipped) skipped (overlap or a failed run), \(missed) missed; `wfrun status` tells more\n")
        }
    }

    /// The latest fires (`wfrun serve`) of one workflow or all; none for a store without them.
    private static func recentFires(workflow: String?, in store: any WorkflowStore) async -> [FireRecord] {
        guard let control = store as? any ControlStore else { return [] }
        return (try? await control.fires(workflow: workflow, limit: 500)) ?? []
    }

    /// The fires that ran `run`.
    private static func fires(of run: RunRecord, in store: any WorkflowStore) async -> [FireRecord] {
        await recentFires(workflow: run.workflow, in: store).filter { $0.run == run.id && $0.outcome == .ran }.reversed()
    }

    /// `schedule +0.4s` or `trigger`, for the list.
    private static func shortly(_ fire: FireRecord) -> String {
        switch fire.reason {
        case .schedule: fire.lateness.map { String(format: "schedule +%.1fs", $0) } ?? "schedule"
        case .trigger: "trigger"
        }
    }

    /// `the schedule's 2027-03-25T06:30:00Z, 0.4 s late, on process 4120 on vm` or `a trigger asked for by ana@vm`.
    private static func describe(_ fire: FireRecord) -> String {
        let node = fire.node.map { ", on \($0)" } ?? ""
        switch fire.reason {
        case .schedule:
            let late = fire.lateness.map { String(format: ", %.1f s late", $0) } ?? ""
            let missed = fire.missed > 0 ? ", standing for \(fire.missed) earlier missed fire\(fire.missed == 1 ? "" : "s")" : ""
            return "the schedule's \(ISOTimestamp(fire.scheduledAt).text)\(late)\(missed)\(node)"
        case .trigger:
            return "a trigger \(fire.detail ?? "")\(node)"
        }
    }

    /// One run as `history RUN --json` (and the console's API) gives it.
    struct Detail: Encodable {
        var run: RunRecord
        var activities: [ActivityRunRecord]
        var deliveries: [DeliveryReport]
        var log: [RunLogEntry]
    }

    static func time(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
