import Foundation

/// Thrown by a connector (or any activity) when going on would mean waiting longer than the run
/// allows (`--max-wait`), typically for a rate-limit window to reset. The run ends as
/// *interrupted*, not failed: retries do not apply, every committed batch stays, and running the
/// workflow again resumes from the last checkpoint.
public struct RunPause: Error, CustomStringConvertible, Sendable {
    /// What the run would have waited for, for a person: `X rate limit of service 'acme' resets at 09:15:00Z`.
    public var reason: String
    /// When going on makes sense again, if known.
    public var resumeAt: Date?

    /// Creates a pause.
    public init(reason: String, resumeAt: Date?) {
        self.reason = reason
        self.resumeAt = resumeAt
    }

    public var description: String {
        if let resumeAt {
            return "\(reason); run again after \(ISO8601DateFormatter().string(from: resumeAt)) to resume from the last committed batch"
        }
        return "\(reason); run again to resume from the last committed batch"
    }
}
