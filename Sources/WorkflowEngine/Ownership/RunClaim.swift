import Foundation

/// What a process asks for when it wants to run a workflow: resume its unfinished run, or begin
/// `run` when there is none (or when `restart` says so).
public struct RunClaimRequest: Sendable {
    /// The run to begin when none is resumed (workflow, file, parameters, start).
    public var run: RunRecord
    /// Whether `--param` values were given: an unfinished run started with other values is then
    /// not resumed but refused (`parametersDiffer`); without any, a resumed run keeps its own.
    public var parametersGiven: Bool
    /// The claiming process.
    public var owner: RunOwner
    /// How long the lease lasts without a heartbeat, in seconds.
    public var leaseSeconds: Double
    /// Begin a new run even when an unfinished one could be resumed.
    public var restart: Bool
    /// The fire (`wfrun serve`) this run is for: settled `ran` with the run's id in the claim's
    /// own transaction, so that a node dying in between leaves either both or neither.
    public var fire: Int64?
    /// Only resume this run (a server taking over or going on with a run it found waiting): if
    /// it is no longer the one to resume (another process finished or took it), nothing is
    /// claimed and nothing begins.
    public var onlyResuming: Int64?

    /// Creates a request.
    public init(run: RunRecord, parametersGiven: Bool, owner: RunOwner, leaseSeconds: Double, restart: Bool, fire: Int64? = nil) {
        self.run = run
        self.parametersGiven = parametersGiven
        self.owner = owner
        self.leaseSeconds = leaseSeconds
        self.restart = restart
        self.fire = fire
        onlyResuming = nil
    }
}

/// What a claim got.
public enum RunClaim: Sendable, Equatable {
    /// A new run began (its id assigned).
    case started(RunRecord)
    /// An unfinished run is resumed (as it is now: running, owned by the claimant).
    case resumed(RunRecord)
    /// Another live process holds a run of the workflow (with its owner and lease).
    case busy(RunRecord)
    /// The unfinished run was started with other parameters than the ones given.
    case parametersDiffer(RunRecord)
    /// The run the request would only resume is not waiting any more (`onlyResuming`).
    case nothingToResume(Int64)
}

/// The decision a claim makes, shared by the backends: given the workflow's runs that are
/// marked running and its newest resumable run, what to do. Backends read the rows and write
/// the outcome inside one transaction.
public enum RunClaimRule {
    /// A running run whose lease is still valid at `now` and whose owner is not known to be
    /// gone, if any. Runs without a lease (written before leases existed) are not live.
    public static func liveRun(among running: [RunRecord], now: Date, claimant: RunOwner) -> RunRecord? {
        running.first { run in
            guard let owner = run.owner, let lease = run.leaseUntil, owner != claimant else { return false }
            return lease > now && !owner.isKnownGone
        }
    }

    /// Whether a resumable run may be resumed with the request's parameters.
    public static func parametersMatch(_ previous: RunRecord, _ request: RunClaimRequest) -> Bool {
        !request.parametersGiven || previous.parameters == request.run.parameters
    }

    /// `run` as a claim leaves it: running, without end or error, held by `owner` until `lease`.
    public static func held(_ run: RunRecord, by owner: RunOwner, until lease: Date) -> RunRecord {
        var held = run
        held.status = .running
        held.endedAt = nil
        held.error = nil
        held.owner = owner
        held.leaseUntil = lease
        return held
    }

    /// The error text of a stale running run that a `--restart` leaves behind.
    public static func abandonedMessage(by newRun: Int64) -> String {
        "abandoned: its process had ended and run \(newRun) was started afresh (--restart)"
    }
}
