import Foundation
import Logging
import WorkflowModel

/// Runs one workflow: prepares its activity plug-ins, resumes its unfinished run (or starts a
/// new one), executes the graph, and records the outcome.
///
///     let runner = WorkflowRunner(workflow: workflow, directory: "Workflows", environment: environment)
///     let summary = try await runner.run(RunOptions(file: "Workflows/syncTwitter.xml"))
public struct WorkflowRunner: Sendable {
    /// The checked workflow.
    public let workflow: Workflow
    /// The folder of the workflow file (relative paths in it are resolved against it).
    public let directory: String
    /// Storage, plug-ins, time.
    public let environment: RunEnvironment

    /// Creates a runner.
    public init(workflow: Workflow, directory: String, environment: RunEnvironment) {
        self.workflow = workflow
        self.directory = directory
        self.environment = environment
    }

    /// Runs the workflow to its end. Throws `RunError` when it cannot start; a run that starts
    /// and fails is reported in the summary (status `failed`), not thrown.
    public func run(_ options: RunOptions) async throws -> RunSummary {
        let behaviors = try prepareBehaviors()
        let parameters = try RunParameters.resolve(workflow, given: options.parameters)
        let store = environment.store
        let graph = RunGraph(workflow)
        var plan = ResumePlan.fresh
        var resumed = false
        var run: RunRecord
        if options.dryRun {
            run = RunRecord(id: 0, workflow: workflow.name, file: options.file, status: .running, parameters: options.parameters, startedAt: environment.clock.now())
        } else {
            try await store.prepare(schemas: Array(environment.schemas.schemas.values))
            if !options.restart, let previous = try await store.resumableRun(workflow: workflow.name) {
                run = previous
                run.status = .running
                run.endedAt = nil
                run.error = nil
                try await store.updateRun(run)
                plan = ResumePlan(
                    graph: graph, activityRuns: try await store.activityRuns(run: run.id),
                    committed: try await store.checkpoints(run: run.id))
                resumed = true
            } else {
                run = try await store.beginRun(RunRecord(
                    workflow: workflow.name, file: options.file, status: .running,
                    parameters: options.parameters, startedAt: environment.clock.now()))
            }
        }
        let execution = RunExecution(
            run: run.id, graph: graph, behaviors: behaviors, plan: plan, environment: environment,
            directory: directory, options: options,
            evaluation: EvaluationContext(parameters: parameters, now: environment.clock.now()))
        if resumed { await execution.log(nil, .info, "resuming run \(run.id) of \(workflow.name)") }
        let ending = await execution.execute()
        await execution.stateWriter.flush()
        run.endedAt = environment.clock.now()
        switch ending {
        case .succeeded:
            run.status = .succeeded
        case .failed(let message):
            run.status = .failed
            run.error = message
        case .interrupted:
            run.status = .interrupted
            run.error = "interrupted; run `wfrun run` again to resume from the last committed batch"
        case .paused(let pause):
            run.status = .interrupted
            run.error = pause.description
        }
        if !options.dryRun {
            // Recorded even when the run was cancelled (SIGINT): a new task is not cancelled.
            let final = run
            try await Task { try await store.updateRun(final) }.value
        }
        return RunSummary(run: run, resumed: resumed, activities: execution.activityRecords(), upserts: execution.upsertCounts())
    }

    private func prepareBehaviors() throws(RunError) -> [any ActivityBehavior] {
        let setup = ActivitySetup(workflow: workflow, schemas: environment.schemas, connectors: environment.connectors)
        var unsupported: [String] = []
        var behaviors: [any ActivityBehavior] = []
        for activity in workflow.activities {
            guard let type = environment.activities.behavior(for: activity.kind) else {
                unsupported.append("<\(activity.kind.name)> '\(activity.name)'")
                continue
            }
            do {
                behaviors.append(try type.init(definition: activity, setup: setup))
            } catch {
                throw .setup("\(error)")
            }
        }
        guard unsupported.isEmpty else { throw .unsupportedActivities(unsupported) }
        return behaviors
    }
}
