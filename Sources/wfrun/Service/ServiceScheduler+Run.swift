import Foundation
import SocialConnectors
import WorkflowEngine
import WorkflowModel

extension ServiceScheduler {
    /// Runs one workflow to its end under this node's lease, and says how it went: one event line,
    /// and the fire settled when the run could not start.
    nonisolated func execute(
        _ entry: WorkflowCatalog.Entry, fire: FireRecord?, parameters: [String: String], why: String, resuming: Int64?
    ) async {
        let name = entry.workflow.name
        let store = store, log = log, metrics = metrics
        let environment = RunEnvironment(
            store: store, schemas: .builtIn,
            connectors: Installed.connectors(
                services: services, limits: APILimits(requestTimeout: settings.requestTimeout, maxWait: settings.maxWait), store: store,
                rateLimits: metrics),
            activities: Installed.activities, logger: logger)
        let runner = WorkflowRunner(workflow: entry.workflow, directory: (entry.file as NSString).deletingLastPathComponent, environment: environment)
        var options = RunOptions(
            file: entry.file, parameters: parameters, batchSize: settings.batchSize, owner: node, leaseSeconds: settings.leaseSeconds)
        options.fire = fire?.id
        options.onlyResuming = resuming
        options.publishing.publicURL = settings.publicURL
        options.onClaimed = { run, resumed in
            if why.hasPrefix("taking over") {
                log.event("taken over", name, ["run": "\(run.id)"], message: why)
            } else {
                log.event(resumed ? "resumed" : "started", name, ["run": "\(run.id)"])
            }
        }
        let began = Date()
        do {
            let summary = try await runner.run(options)
            let run = summary.run
            metrics?.runStopped(run, activities: summary.activities, began: began)
            let seconds = String(format: "%.1fs", (run.endedAt ?? Date()).timeIntervalSince(run.startedAt))
            switch run.status {
            case .succeeded:
                log.event("succeeded", name, ["run": "\(run.id)", "took": seconds])
            case .interrupted where run.resumeAt != nil:
                log.event("paused", name, ["run": "\(run.id)", "until": ISOTimestamp(run.resumeAt!).text], message: run.error)
            case .interrupted:
                log.event("interrupted", name, ["run": "\(run.id)"], message: run.error)
            default:
                log.event("failed", name, ["run": "\(run.id)", "took": seconds], message: run.error)
            }
        } catch let error as RunError {
            // Another node got to the run first: nothing to say.
            if case .nothingToResume = error { return }
            if case .busy(let live) = error {
                // A resume that another node got to first: nothing to say.
                guard fire != nil else { return }
                if let fire { try? await store.settleFire(id: fire.id, outcome: .overlap, run: live.id, detail: "run \(live.id) was still going") }
                log.event("skipped", name, ["run": "\(live.id)"], message: "run \(live.id) is still going in \(live.owner.map { "\($0)" } ?? "another process") (overlap)")
            } else {
                if let fire { try? await store.settleFire(id: fire.id, outcome: .refused, run: nil, detail: "\(error)") }
                log.event("refused", name, message: "\(error)")
                metrics?.runStopped(workflow: name, outcome: .refused, seconds: nil, activities: [])
            }
        } catch {
            if let fire { try? await store.settleFire(id: fire.id, outcome: .refused, run: nil, detail: "\(error)") }
            log.event("refused", name, message: "\(error)")
            metrics?.runStopped(workflow: name, outcome: .refused, seconds: nil, activities: [])
        }
    }
}
