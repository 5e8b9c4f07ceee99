import Foundation
import Logging
import Synchronization
import WorkflowModel

/// One execution of a workflow graph. Control flows as tokens: each activation is a child task
/// of one task group; a finished activation hands the tokens for its successors back to the
/// loop, which starts them (concurrently: a fork's branches run at once) and counts arrivals at
/// joins. Records flow lazily inside tokens as `BatchSource`s.
final class RunExecution: Sendable {
    /// How the execution ended.
    enum Ending: Sendable {
        case succeeded
        case failed(String)
        case interrupted
        /// Stopped before a wait longer than the run allows (a rate-limit window): resumable.
        case paused(RunPause)
    }

    /// A pending activation: the activity, and the records arriving with it.
    struct Token: Sendable {
        var target: Int
        var input: (any BatchSource)?
        /// For a barrier: all its inputs have arrived.
        var barrierReady = false
        /// Not an activation: records of `target` that go nowhere, read to their end (their work,
        /// such as commits, happens on the way) alongside the other branches.
        var drainOnly = false
    }

    /// What an activation hands back to the loop.
    enum Step: Sendable {
        case tokens([Token])
        case arrived(join: Int)
    }

    /// An error that ends the run.
    struct RunFailure: Error, CustomStringConvertible {
        var description: String
    }

    let run: Int64
    let graph: RunGraph
    let behaviors: [any ActivityBehavior]
    let plan: ResumePlan
    let environment: RunEnvironment
    let directory: String
    let options: RunOptions
    let evaluation: EvaluationContext
    let state = Mutex(State())
    /// Saves activity states in batches, off the activities' path.
    let stateWriter: ActivityStateWriter

    struct State {
        var records: [String: ActivityRunRecord] = [:]
        var order: [String] = []
        var meters: [String: ActivityMeter] = [:]
        var consecutiveErrors = 0
        /// Set when a branch reached an `end status="failed"`.
        var runFailure: String?
        /// Set when a branch paused (a wait longer than allowed): the run ends interrupted once
        /// the other branches have come to rest (each commits what it holds, or pauses too).
        var pause: RunPause?
        /// Activities whose failure was already handled: a source teed to several branches
        /// fails in each of them, and its error policy must apply once.
        var failed: Set<String> = []
    }

    init(
        run: Int64, graph: RunGraph, behaviors: [any ActivityBehavior], plan: ResumePlan, environment: RunEnvironment,
        directory: String, options: RunOptions, evaluation: EvaluationContext
    ) {
        self.run = run
        self.graph = graph
        self.behaviors = behaviors
        self.plan = plan
        self.environment = environment
        self.directory = directory
        self.options = options
        self.evaluation = evaluation
        stateWriter = ActivityStateWriter(store: environment.store, logger: environment.logger)
    }

    // MARK: The loop

    func execute() async -> Ending {
        // Arrivals at each barrier for its next activation.
        var arrivals: [Int: Int] = [:]
        do {
            try await withThrowingTaskGroup(of: Step.self) { group in
                for entry in graph.entries {
                    group.addTask { try await self.activate(Token(target: entry)) }
                }
                while let step = try await group.next() {
                    switch step {
                    case .tokens(let tokens):
                        for token in tokens {
                            if token.drainOnly, let input = token.input {
                                group.addTask { try await self.drainAttributing(input, at: token.target) ?? .tokens([]) }
                            } else if graph.flows[token.target].contains(.barrier), !token.barrierReady {
                                group.addTask { try await self.arrive(token) }
                            } else {
                                group.addTask { try await self.activate(token) }
                            }
                        }
                    case .arrived(let barrier):
                        arrivals[barrier, default: 0] += 1
                        if arrivals[barrier] == graph.incoming[barrier] {
                            // The count belongs to this activation: a barrier in a loop counts
                            // the next pass's arrivals from zero.
                            arrivals[barrier] = nil
                            group.addTask { try await self.activate(Token(target: barrier, barrierReady: true)) }
                        }
                    }
                }
            }
        } catch is CancellationError {
            return .interrupted
        } catch let pause as RunPause {
            return .paused(pause)
        } catch {
            return .failed("\(error)")
        }
        if let pause = state.withLock({ $0.pause }) { return .paused(pause) }
        for (barrier, count) in arrivals.sorted(by: { $0.key < $1.key }) where count > 0 {
            let name = graph[barrier].name, kind = graph[barrier].kind.name
            let message = "\(kind) '\(name)' waited for \(graph.incoming[barrier]) branches but \(count) arrived: a branch ended or took an error path before reaching it"
            await log(name, .error, message)
            return .failed(message)
        }
        if let failure = state.withLock({ $0.runFailure }) {
            // The error that led there, if an activity failed on the way.
            let cause = state.withLock { state in state.order.compactMap { state.records[$0] }.last { $0.status == .failed }?.error }
            return .failed(cause.map { "\(failure): \($0)" } ?? failure)
        }
        return .succeeded
    }

    /// A branch reaching a barrier: its records are drained (their work finishes), then it counts.
    private func arrive(_ token: Token) async throws -> Step {
        if let input = token.input {
            if let failure = try await drainAttributing(input, at: token.target) { return failure }
        }
        return .arrived(join: token.target)
    }

    // MARK: One activation

    private func activate(_ token: Token) async throws -> Step {
        try Task.checkCancellation()
        let position = token.target
        let activity = graph[position]
        if let outcome = plan.completed[activity.name] {
            // Finished in the run being resumed: follow the transitions it took, run nothing.
            if let input = token.input, let failure = try await drainAttributing(input, at: position) { return failure }
            return tokens(from: position, follow: outcome, streams: [:])
        }
        let behavior = behaviors[position]
        let flow = graph.flows[position]
        var input = token.input
        if !flow.contains(.consumesRecords), let stream = input {
            if let failure = try await drainAttributing(stream, at: position) { return failure }
            input = nil
        }
        if flow.contains(.overlapsInput), let stream = input {
            input = PrefetchedBatches(stream)
        }
        let meter = ActivityMeter()
        // A new activation may fail anew (a loop through a wait): forget a handled failure.
        state.withLock { _ = $0.failed.remove(activity.name) }
        var attempt = 0
        while true {
            attempt += 1
            await started(position, attempt: attempt, meter: meter, withRecords: input != nil)
            do {
                let result = try await behavior.run(input: input, context: context(for: position, meter: meter))
                state.withLock { state in
                    state.consecutiveErrors = 0
                    if let failure = result.runFailure, state.runFailure == nil { state.runFailure = failure }
                }
                var streams: [Transition.Kind: any BatchSource] = [:]
                if result.streams.isEmpty {
                    await finished(activity.name, status: .succeeded, outcome: result.follow, error: nil)
                } else {
                    // The activity is finished when all of its streams are (a test has two).
                    let open = Mutex(result.streams.count)
                    for (kind, stream) in result.streams {
                        streams[kind] = TrackedSource(stream) { error in
                            let remaining = open.withLock { count in
                                count = error == nil ? count - 1 : -1
                                return count
                            }
                            guard remaining <= 0, error != nil || remaining == 0 else { return }
                            let status: RunStatus = switch error {
                            case nil: .succeeded
                            case .some where Task.isCancelled || error is CancellationError || error is RunPause: .interrupted
                            case .some: .failed
                            }
                            await self.finished(
                                activity.name, status: status, outcome: result.follow,
                                error: error.map { "\($0)" })
                        }
                    }
                }
                return tokens(from: position, follow: result.follow, streams: streams)
            } catch let error where !(error is CancellationError) && !Task.isCancelled {
                if let retry = activity.errorPolicy.retry, attempt <= retry.count, input == nil, !(error is RunPause) {
                    // Only a transient failure is worth the wait: a permanent one (a secret that
                    // cannot be read, refused credentials, a 4xx) fails now, saying why.
                    if let reason = Retryability(of: error).permanentReason {
                        await log(activity.name, .warning, "attempt \(attempt) failed, not retried: \(reason)")
                        return try await failure(at: position, error: error)
                    }
                    let wait = Self.backoff(retry, attempt: attempt)
                    await log(activity.name, .warning, "attempt \(attempt) failed: \(error); retrying in \(Self.seconds(wait))")
                    try await environment.clock.sleep(seconds: wait)
                    continue
                }
                return try await failure(at: position, error: error)
            }
        }
    }

    /// The tokens for an activation's chosen transitions. Records with no transition to go to
    /// are drained by a token of their own, alongside the other branches (a multicast's
    /// consumers are read together); records for several transitions of one kind are multicast.
    private func tokens(from position: Int, follow: [Transition.Kind], streams: [Transition.Kind: any BatchSource]) -> Step {
        var tokens: [Token] = []
        for kind in follow {
            let targets = graph.targets(of: position, kind: kind)
            let stream = streams[kind]
            switch (targets.count, stream) {
            case (0, .some(let stream)):
                tokens.append(Token(target: position, input: stream, drainOnly: true))
            case (_, nil):
                tokens += targets.map { Token(target: $0) }
            case (1, .some(let stream)):
                tokens.append(Token(target: targets[0], input: stream))
            case (_, .some(let stream)):
                let multicast = Multicast(stream, consumers: targets.count)
                tokens += targets.enumerated().map { Token(target: $0.element, input: multicast.stream($0.offset)) }
            }
        }
        // Records produced for a kind the activity did not follow still have to be read to the end.
        for (kind, stream) in streams where !follow.contains(kind) {
            tokens.append(Token(target: position, input: stream, drainOnly: true))
        }
        return .tokens(tokens)
    }

    /// Drains a stream; an error in it belongs to the activity that raised it (named in the
    /// error when it is an `ActivityError`), whose error policy then applies.
    private func drainAttributing(_ stream: any BatchSource, at position: Int) async throws -> Step? {
        do {
            try await drain(stream)
            return nil
        } catch {
            let owner = (error as? ActivityError).flatMap { graph.index[$0.activity] } ?? position
            return try await failure(at: owner, error: error)
        }
    }

    /// Applies an activity's error policy after its attempts failed: its `onError` transition,
    /// else `ignore` (go on along `next`), else the run fails.
    private func failure(at position: Int, error: any Error) async throws -> Step {
        if error is CancellationError || Task.isCancelled { throw CancellationError() }
        let activity = graph[position]
        let handled = state.withLock { state in !state.failed.insert(activity.name).inserted }
        if handled {
            // The same failure seen again through another branch of a teed stream.
            return .tokens([])
        }
        if let pause = error as? RunPause {
            // Not a failure: no retry, no onError. This branch stops; the others are not
            // cancelled (a sibling may be committing the batch before), and the run ends
            // interrupted, resumable, when they have come to rest.
            await finished(activity.name, status: .interrupted, outcome: [], error: pause.description)
            await log(activity.name, .warning, "paused: \(pause)")
            state.withLock { state in if state.pause == nil { state.pause = pause } }
            return .tokens([])
        }
        let message = "\(error)"
        await finished(activity.name, status: .failed, outcome: [], error: message)
        let consecutive = state.withLock { state in
            state.consecutiveErrors += 1
            return state.consecutiveErrors
        }
        if let limit = graph.workflow.maxConsecutiveErrors, consecutive >= limit {
            throw RunFailure(description: "\(consecutive) activity errors in a row (maxConsecutiveErrors=\(limit)); last: \(activity.name): \(message)")
        }
        let errorTargets = graph.targets(of: position, kind: .onError)
        if !errorTargets.isEmpty {
            await log(activity.name, .warning, "failed: \(message); following onError")
            return .tokens(errorTargets.map { Token(target: $0) })
        }
        if activity.errorPolicy.outcome == .ignore {
            await log(activity.name, .warning, "failed: \(message); ignored (errorPolicy=ignore)")
            return .tokens(graph.targets(of: position, kind: .next).map { Token(target: $0) })
        }
        await log(activity.name, .error, "failed: \(message)")
        throw RunFailure(description: "\(activity.name): \(message)")
    }

    /// The wait before retry `attempt`: `backoff` doubled each time, at most `cap`, and never
    /// more than the longest duration a workflow may give (`WorkflowDuration.maximum`).
    static func backoff(_ retry: RetryPolicy, attempt: Int) -> Double {
        let base = Double(retry.backoff.milliseconds) / 1000
        let cap = Double((retry.cap ?? WorkflowDuration.maximum).milliseconds) / 1000
        return min(base * pow(2, Double(attempt - 1)), cap)
    }

    static func seconds(_ value: Double) -> String {
        guard value.isFinite, value.magnitude < 1e15 else { return "\(value)s" }
        return value == value.rounded() ? "\(Int64(value))s" : String(format: "%.1fs", value)
    }
}
