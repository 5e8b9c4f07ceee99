import Foundation

/// How a run's `publish` activities send: to the real audience or as proofs, whether messages
/// whose fate is unknown are sent again, and where tracked links point.
public struct PublishOptions: Sendable, Hashable {
    /// `--proof`: every publish goes to the services marked `test="true"` instead, nothing to the
    /// real audience, and only after checking that each test account is protected.
    public var proof: Bool
    /// `--resend-unknown`: recipients left `unknown` (a send whose answer never came and that
    /// reconciliation could not find) are sent again. A person decides this, never wfrun.
    public var resendUnknown: Bool
    /// `--public-url`: the public address of `wfrun serve`, where tracked links (`/r/CODE`)
    /// point. Needed by `trackLinks="true"`.
    public var publicURL: URL?

    /// Creates options; the defaults send to the real audience and never resend an unknown.
    public init(proof: Bool = false, resendUnknown: Bool = false, publicURL: URL? = nil) {
        self.proof = proof
        self.resendUnknown = resendUnknown
        self.publicURL = publicURL
    }
}
