import Foundation
import Prometheus
import WorkflowEngine

/// What `wfrun serve` counts for Prometheus, answered at `GET /metrics` in the text exposition
/// format: runs by workflow and how they ended, their durations, the records their activities
/// moved, how late fires started, rate-limit waits, and the store's deliveries by state.
///
/// Each server owns its registry (nothing goes through the global `MetricsSystem`), so several
/// servers in one test process never share or clash. Labels are bounded: workflow, activity and
/// service names come from the files, states and reasons from fixed lists; never a run id or a
/// record's value.
final class ServiceMetrics: Sendable {
    /// The exposition format's media type.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// How a run stopped in this process, as `wfrun_runs_total` labels it.
    enum RunOutcome: String, Sendable {
        case succeeded, failed, interrupted, paused
        /// It could not begin (a parameter, an activity that cannot be prepared).
        case refused
    }

    /// Run durations: a tenth of a second to two hours.
    static let durationBuckets: [Double] = [0.1, 0.5, 1, 5, 15, 30, 60, 300, 900, 1800, 3600, 7200]
    /// Fire lateness: the scheduler ticks at least once a second, so most fall under a second.
    static let latenessBuckets: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600]

    let registry: PrometheusCollectorRegistry
    private let deliveries: (any DeliveryStore)?
    private let running: Gauge
    private let recipients: [RecipientState: Gauge]
    private let storeErrors: Counter

    /// The metrics' names and HELP lines (`MetricNameDescriptor` is not `Sendable`: made on demand).
    private enum Name {
        static func wfrun(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "wfrun", metricName: name, unitName: unit, helpText: help)
        }
        static var runs: MetricNameDescriptor {
            wfrun("runs", "total", "Runs that stopped in this server, by workflow and how they ended (succeeded, failed, interrupted, paused, refused).")
        }
        static var duration: MetricNameDescriptor {
            wfrun("run_duration", "seconds", "Seconds from a run's start to its end (succeeded or failed), pauses included, by workflow.")
        }
        static var records: MetricNameDescriptor {
            wfrun("records", "total", "Records that went into (direction=in) or came out of (direction=out) an activity, by workflow and activity.")
        }
        static var lateness: MetricNameDescriptor {
            wfrun("fire_lateness", "seconds", "Seconds between when a fire was due (its schedule's instant, or when a trigger was asked for) and when its run began, by workflow and reason.")
        }
        static var waits: MetricNameDescriptor {
            wfrun("rate_limit_waits", "total", "Rate-limit waits of the API connectors, by service and outcome (waited, or paused the run when longer than --max-wait).")
        }
        static var waitSeconds: MetricNameDescriptor {
            wfrun("rate_limit_wait_seconds", "total", "Seconds spent waiting for API rate limits to reset, by service.")
        }
        static var running: MetricNameDescriptor {
            wfrun("runs", "running", "Runs going on in this server now.")
        }
        static var deliveries: MetricNameDescriptor {
            wfrun("deliveries", "", "Messages of publish deliveries in the store, by recipient state (pending, sending, sent, failed, unknown), read at each scrape.")
        }
        static var consentPages: MetricNameDescriptor {
            wfrun("consent_pages", "total", "Sign-ins that ended on the consent pages /join/SERVICE, by service and outcome (consent, declined, withdrawn, replay-refused, failed).")
        }
        static var storeErrors: MetricNameDescriptor {
            wfrun("metrics_store_errors", "total", "Scrapes whose delivery counts could not be read from the store (wfrun_deliveries keeps its last values).")
        }
    }

    /// Metrics of a server whose deliveries are read from `deliveries` at each scrape (nil: a
    /// store without the delivery log, `wfrun_deliveries` stays 0).
    init(deliveries: (any DeliveryStore)?) {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        self.deliveries = deliveries
        running = registry.makeGauge(descriptor: Name.running)
        recipients = Dictionary(uniqueKeysWithValues: RecipientState.allCases.map { state in
            (state, registry.makeGauge(descriptor: Name.deliveries, labels: [("state", state.rawValue)]))
        })
        storeErrors = registry.makeCounter(descriptor: Name.storeErrors)
    }

    /// A fire's run began `lateness` seconds after it was due.
    func fireStarted(workflow: String, reason: FireReason, lateness: Double) {
        registry.makeValueHistogram(
            descriptor: Name.lateness, labels: [("reason", reason.rawValue), ("workflow", workflow)], buckets: Self.latenessBuckets
        ).record(max(0, lateness))
    }

    /// A run stopped: counted by outcome; its duration observed when it ended for good; the
    /// records of `activities` (those that ended in this process) added. A direction that moved
    /// no record adds no series (`start` and `end` move nothing).
    func runStopped(workflow: String, outcome: RunOutcome, seconds: Double?, activities: [ActivityRunRecord]) {
        registry.makeCounter(descriptor: Name.runs, labels: [("status", outcome.rawValue), ("workflow", workflow)]).increment()
        if let seconds {
            registry.makeValueHistogram(
                descriptor: Name.duration, labels: [("workflow", workflow)], buckets: Self.durationBuckets
            ).record(max(0, seconds))
        }
        for activity in activities {
            for (direction, count) in [("in", activity.recordsIn), ("out", activity.recordsOut)] where count > 0 {
                registry.makeCounter(
                    descriptor: Name.records, labels: [("activity", activity.activity), ("direction", direction), ("workflow", workflow)]
                ).increment(by: Int64(count))
            }
        }
    }

    /// A run that went on in this process from `began` stopped as `run` says. Only the
    /// `activities` that ended since `began` (or never ended) count their records: those
    /// finished before a resume were counted by the process that ran them.
    func runStopped(_ run: RunRecord, activities: [ActivityRunRecord], began: Date) {
        let outcome: RunOutcome = switch run.status {
        case .succeeded: .succeeded
        case .interrupted where run.resumeAt != nil: .paused
        case .interrupted: .interrupted
        default: .failed
        }
        let ended = outcome == .succeeded || outcome == .failed
        runStopped(
            workflow: run.workflow, outcome: outcome,
            seconds: ended ? (run.endedAt ?? Date()).timeIntervalSince(run.startedAt) : nil,
            activities: activities.filter { ($0.endedAt ?? .distantFuture) >= began })
    }

    /// How many runs go on in this server now.
    func runsRunning(_ count: Int) {
        running.set(to: Double(count))
    }

    /// The exposition: every metric, the delivery counts read from the store now, families in
    /// name order.
    func exposition() async -> String {
        if let deliveries {
            do {
                let counts = try await deliveries.recipientStateCounts()
                for (state, gauge) in recipients { gauge.set(to: Double(counts[state] ?? 0)) }
            } catch {
                storeErrors.increment()
            }
        }
        return Self.sortedFamilies(registry.emitToString())
    }

    /// The registry emits its families in no set order; a person reading `/metrics` (and a test)
    /// finds them more easily by name. Each family begins at its `# HELP` line.
    static func sortedFamilies(_ text: String) -> String {
        var families: [[Substring]] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP ") || families.isEmpty {
                families.append([line])
            } else {
                families[families.count - 1].append(line)
            }
        }
        return families.sorted { $0[0] < $1[0] }.map { $0.joined(separator: "\n") + "\n" }.joined()
    }
}

extension ServiceMetrics {
    /// A sign-in on a consent page ended so.
    func consentPage(service: String, outcome: String) {
        registry.makeCounter(descriptor: Name.consentPages, labels: [("outcome", outcome), ("service", service)]).increment()
    }
}

extension ServiceMetrics: RateLimitObserver {
    func rateLimitWaited(service: String, seconds: Double) {
        registry.makeCounter(descriptor: Name.waits, labels: [("outcome", "waited"), ("service", service)]).increment()
        registry.makeCounter(descriptor: Name.waitSeconds, labels: [("service", service)]).increment(by: max(0, seconds))
    }

    func rateLimitPaused(service: String, seconds: Double) {
        registry.makeCounter(descriptor: Name.waits, labels: [("outcome", "paused"), ("service", service)]).increment()
    }
}
