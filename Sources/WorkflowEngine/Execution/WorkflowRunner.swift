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
        var parameters = try RunParameters.resolve(workflow, given: options.parameters)
        let store = environment.store
        let graph = RunGraph(workflow, flows: behaviors.map { type(of: $0).recordFlow })
        var plan = ResumePlan.fresh
        var resumed = false
        var run: RunRecord
        if options.dryRun {
            run = RunRecord(id: 0, workflow: workflow.name, file: options.file, status: .running, parameters: options.parameters, startedAt: environment.clock.now())
        } else {
            try await store.prepare(schemas: Array(environment.schemas.schemas.values))
            switch try await claim(options) {
            case .started(let started):
                run = started
            case .resumed(let previous):
                run = previous
                if options.parameters.isEmpty && !previous.parameters.isEmpty {
                    // Resumed without --param: the run goes on with the values it started with.
                    parameters = try RunParameters.resolve(workflow, given: previous.parameters)
                }
                plan = ResumePlan(
                    graph: graph, activityRuns: try await store.activityRuns(run: run.id),
                    committed: try await store.checkpoints(run: run.id))
                resumed = true
            case .busy(let live):
                throw RunError.busy(live)
            case .parametersDiffer(let previous):
                throw RunError.parametersDiffer(previous, given: options.parameters)
            case .nothingToResume(let id):
                throw RunError.nothingToResume(id)
            }
        }
        if !options.dryRun { await options.onClaimed?(run, resumed) }
        let execution = RunExecution(
            run: run.id, graph: graph, behaviors: behaviors, plan: plan, environment: environment,
            directory: directory, options: options,
            evaluation: EvaluationContext(parameters: parameters, now: environment.clock.now()))
        if resumed {
            let given = run.parameters.isEmpty ? "" : " with " + RunError.parameterList(run.parameters)
            await execution.log(nil, .info, "resuming run \(run.id) of \(workflow.name)\(given)")
        }
        let (ending, lost) = await options.dryRun
            ? (execution.execute(), nil)
            : RunLease(store: store, run: run.id, owner: options.owner, seconds: options.leaseSeconds).hold { await execution.execute() }
        await execution.stateWriter.flush()
        run.endedAt = environment.clock.now()
        switch ending {
        case .succeeded:
            run.status = .succeeded
        case .failed(let message):
            run.status = .failed
            run.error = message
        case .interrupted where lost != nil:
            run.status = .failed
            run.error = lost
        case .interrupted:
            run.status = .interrupted
            run.error = "interrupted; run `wfrun run` again to resume from the last committed batch"
        case .paused(let pause):
            run.status = .interrupted
            run.error = pause.description
            run.resumeAt = pause.resumeAt
        }
        if !options.dryRun {
            // Recorded even when the run was cancelled (SIGINT): a new task is not cancelled.
            // Only while this process still owns the run: a process that took it over writes its end.
            let final = run
            let owner = options.owner
            let recorded: Bool
            do {
                recorded = try await Task { try await store.finishRun(final, owner: owner) }.value
            } catch {
                throw RunError.unrecorded(final, reason: "\(error)")
            }
            if !recorded, lost == nil { run.error = "another process took the run over; this one stopped" }
        }
        return RunSummary(run: run, resumed: resumed, activities: execution.activityRecords(), upserts: execution.upsertCounts())
    }

    /// Claims the run, waiting up to `options.waitForOwner` seconds for a live owner to finish.
    private func claim(_ options: RunOptions) async throws -> RunClaim {
        var request = RunClaimRequest(
            run: RunRecord(
                workflow: workflow.name, file: options.file, status: .running,
                parameters: options.parameters, startedAt: environment.clock.now()),
            parametersGiven: !options.parameters.isEmpty, owner: options.owner,
            leaseSeconds: options.leaseSeconds, restart: options.restart, fire: options.fire)
        request.onlyResuming = options.onlyResuming
        let deadline = environment.clock.now().addingTimeInterval(options.waitForOwner)
        var announced = false
        while true {
            var attempt = request
            attempt.run.startedAt = environment.clock.now()
            let claim = try await environment.store.claimRun(attempt)
            guard case .busy(let live) = claim, environment.clock.now() < deadline else { return claim }
            if !announced {
                environment.logger.info("waiting for run \(live.id) of \(workflow.name), held by \(live.owner.map { "\($0)" } ?? "another process"), to end")
                announced = true
            }
            try await environment.clock.sleep(seconds: min(1, max(0, deadline.timeIntervalSince(environment.clock.now()))))
        }
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
