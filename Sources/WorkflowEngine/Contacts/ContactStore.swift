import Foundation
import WorkflowModel

/// Where the consent pages keep what people agreed to: one consent per person and service, the
/// texts they were shown, and the sign-in flows under way (so that a callback is used once).
/// Tokens, verifiers and codes are never passed here.
public protocol ContactStore: Sendable {
    /// Keeps the text of a consent page under its version (the first time it is shown).
    func saveConsentText(version: String, text: String, now: Date) async throws
    /// The text a version names, if it was ever shown.
    func consentText(version: String) async throws -> String?

    /// Records a sign-in flow that was just started; forgets flows that expired a day ago.
    func beginSignIn(_ flow: SignInFlow) async throws
    /// Uses the flow of `stateHash` for `service`, once: `.ready` the first time (and only before
    /// it expires), `.used` after, `.unknown` for a state the store never saw.
    func finishSignIn(stateHash: String, service: String, now: Date) async throws -> SignInOutcome

    /// In one transaction: upserts the person's `visitor` row (by origin and external id) and
    /// records their consent, replacing a withdrawn one.
    func recordConsent(_ consent: Consent, visitor: Record, into schema: DataSchema, now: Date) async throws -> UpsertCounts
    /// In one transaction: marks the person's consents withdrawn (for `service` only, or every
    /// service when nil) and sets the `erasing` columns of their visitor row to null.
    func withdrawConsent(
        origin: String, externalID: String, service: String?, erasing: [String], in schema: DataSchema, now: Date
    ) async throws -> ConsentWithdrawal
    /// The person's consents, by service.
    func consents(origin: String, externalID: String) async throws -> [Consent]
}

/// A person's consent to share their profile with one service's owner.
public struct Consent: Sendable, Hashable {
    /// `Twitter` or `Facebook`, as in the visitor table.
    public var origin: String
    /// The network's id of the person.
    public var externalID: String
    /// The service whose page they consented on.
    public var service: String
    /// Given or withdrawn.
    public var state: ConsentState
    /// The version of the page's text they were shown (`sha256:` and 16 hex digits).
    public var textVersion: String
    /// The visitor columns retrieved.
    public var fields: [String]
    /// How they consented: `Sign in with X (OAuth 1.0a)`, `Facebook Login`.
    public var method: String
    /// When they consented.
    public var givenAt: Date
    /// When they withdrew, if they did.
    public var withdrawnAt: Date?

    /// Creates a consent.
    public init(
        origin: String, externalID: String, service: String, state: ConsentState = .given, textVersion: String, fields: [String],
        method: String, givenAt: Date, withdrawnAt: Date? = nil
    ) {
        self.origin = origin
        self.externalID = externalID
        self.service = service
        self.state = state
        self.textVersion = textVersion
        self.fields = fields
        self.method = method
        self.givenAt = givenAt
        self.withdrawnAt = withdrawnAt
    }
}

/// Whether a consent holds.
public enum ConsentState: String, Sendable, Hashable {
    case given
    case withdrawn
}

/// What a withdrawal changed.
public struct ConsentWithdrawal: Sendable, Hashable {
    /// Consents that were given and are now withdrawn.
    public var withdrawn: Int
    /// Whether a visitor row was found (and its profile fields erased).
    public var visitorErased: Bool

    public init(withdrawn: Int, visitorErased: Bool) {
        self.withdrawn = withdrawn
        self.visitorErased = visitorErased
    }
}

/// A sign-in started on a consent page, waiting for the network's callback.
public struct SignInFlow: Sendable, Hashable {
    /// The SHA-256 (hex) of the flow's random state; the state itself lives only in the
    /// person's browser (a cookie) and in the callback URL.
    public var stateHash: String
    /// The service whose page started it.
    public var service: String
    /// Consent or withdrawal.
    public var purpose: SignInPurpose
    /// X's request token (public: it travels in URLs), matched against the callback's.
    public var requestToken: String?
    /// When it started.
    public var createdAt: Date
    /// When its callback stops being accepted.
    public var expiresAt: Date

    public init(stateHash: String, service: String, purpose: SignInPurpose, requestToken: String?, createdAt: Date, expiresAt: Date) {
        self.stateHash = stateHash
        self.service = service
        self.purpose = purpose
        self.requestToken = requestToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Why a person signs in on a consent page.
public enum SignInPurpose: String, Sendable, Hashable {
    case consent
    case withdraw
}

/// What using a sign-in flow found.
public enum SignInOutcome: Sendable, Hashable {
    /// The first use, in time.
    case ready(SignInFlow)
    /// The flow was used before: a replayed callback.
    case used
    /// The flow is used now, but it had expired.
    case expired
    /// No such flow (or another service's).
    case unknown
}
