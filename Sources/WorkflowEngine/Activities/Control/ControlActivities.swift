import WorkflowModel

/// `start`: an entry point; control goes on along `next`.
struct StartActivity: ActivityBehavior {
    static let kind = ActivityKind.start
    static let recordFlow = RecordFlow.control
    init(definition: Activity, setup: ActivitySetup) {}
    func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult { .next() }
}

/// `scheduler`: an entry point. The scheduler service fires it at its times; `wfrun run` fires it
/// once, now.
struct SchedulerActivity: ActivityBehavior {
    static let kind = ActivityKind.scheduler
    static let recordFlow = RecordFlow.control
    init(definition: Activity, setup: ActivitySetup) {}
    func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult { .next() }
}

/// `fork`: every `next` transition starts at once; the engine runs the branches concurrently.
struct ForkActivity: ActivityBehavior {
    static let kind = ActivityKind.fork
    static let recordFlow = RecordFlow.control
    init(definition: Activity, setup: ActivitySetup) {}
    func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult { .next() }
}

/// `join`: the engine activates it once every incoming transition has arrived.
struct JoinActivity: ActivityBehavior {
    static let kind = ActivityKind.join
    static let recordFlow: RecordFlow = [.barrier, .instant]
    init(definition: Activity, setup: ActivitySetup) {}
    func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult { .next() }
}

/// `end`: the branch ends here.
struct EndActivity: ActivityBehavior {
    static let kind = ActivityKind.end
    static let recordFlow = RecordFlow.control
    /// With `status="failed"`, why the run failed.
    let failure: String?

    init(definition: Activity, setup: ActivitySetup) {
        failure = definition["status"] == "failed" ? "the run reached end '\(definition.name)' (status=\"failed\")" : nil
    }

    func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult {
        ActivityResult(follow: [], runFailure: failure)
    }
}

/// `wait`: sleeps for its duration on the engine's clock (so tests never sleep).
struct WaitActivity: ActivityBehavior {
    static let kind = ActivityKind.wait
    static let recordFlow: RecordFlow = []
    let duration: WorkflowDuration

    init(definition: Activity, setup: ActivitySetup) throws {
        do {
            duration = try WorkflowDuration(parsing: definition["duration"] ?? "")
        } catch {
            throw ActivitySetupError(activity: definition.name, message: "duration: \(error)")
        }
    }

    func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult {
        await context.log(.info, "waiting \(duration)")
        try await context.clock.sleep(seconds: Double(duration.milliseconds) / 1000)
        return .next()
    }
}

/// `log` and `alert`: evaluate the message once and write it to the run's log.
struct MessageActivity: Sendable {
    let message: Expression?
    let level: RunLogEntry.Level

    init(definition: Activity, attribute: String, defaultLevel: RunLogEntry.Level) {
        message = definition.attributes["message"]?.expression
        level = definition[attribute].flatMap(RunLogEntry.Level.init(rawValue:)) ?? defaultLevel
    }

    func write(_ context: ActivityContext, record: Record = [:]) async throws {
        guard let message else { return }
        let value: ExpressionValue
        do {
            value = try ExpressionEvaluator().evaluate(message, record: record, context: context.evaluation)
        } catch {
            throw ActivityError(
                activity: context.activity.name, message: "\(context.activity.kind.name) '\(context.activity.name)', message: \(error)",
                retryability: Retryability(of: error))
        }
        await context.log(level, value.text ?? "")
    }
}

/// `log`: writes a line to the run's log: once when reached by control alone, once per record
/// when records arrive (they then pass on along `next`).
struct LogActivity: ActivityBehavior {
    static let kind = ActivityKind.log
    static let recordFlow = RecordFlow.transform
    let message: MessageActivity

    init(definition: Activity, setup: ActivitySetup) {
        message = MessageActivity(definition: definition, attribute: "level", defaultLevel: .info)
    }

    func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult {
        guard let input else {
            try await message.write(context)
            return .next()
        }
        let message = message
        return .next(TransformedBatches(input) { batch in
            context.meter.read(batch.records.count)
            for record in batch.records { try await message.write(context, record: record) }
            context.meter.wrote(batch.records.count)
            return batch
        })
    }
}

/// `alert`: writes an alert (error level by default) to the run's log, where `wfrun history`
/// and monitoring pick it up.
struct AlertActivity: ActivityBehavior {
    static let kind = ActivityKind.alert
    static let recordFlow = RecordFlow.control
    let message: MessageActivity

    init(definition: Activity, setup: ActivitySetup) {
        message = MessageActivity(definition: definition, attribute: "severity", defaultLevel: .error)
    }

    func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult {
        try await message.write(context)
        return .next()
    }
}

/// An activity that cannot be prepared for a run.
public struct ActivitySetupError: Error, CustomStringConvertible, Sendable {
    /// The activity's name.
    public var activity: String
    /// What is wrong, and what to do.
    public var message: String

    /// Creates the error.
    public init(activity: String, message: String) {
        self.activity = activity
        self.message = message
    }

    public var description: String { "activity '\(activity)': \(message)" }
}
