import Foundation

/// The delivery log: what `publish` is about to send, has sent, and could not send. A row
/// is committed as `sending` before its message goes out and settled after, so that a run that
/// crashes in between never sends blindly again (see `Docs/publishing.md`).
public protocol DeliveryStore: WorkflowStore {
    /// The delivery of one publish activation: the activity's unfinished delivery in the run
    /// when there is one (the run resumed, or the activity is retried), else a new one numbered
    /// after the activity's others (`delivery.activation` is ignored).
    func openDelivery(_ delivery: DeliveryRecord) async throws(StoreError) -> DeliveryRecord
    /// Marks a delivery finished: the activity's next activation opens a new one.
    func finishDelivery(run: Int64, delivery: Int64, at instant: Date) async throws(StoreError)
    /// Takes recipients for sending in one transaction: each one new to the delivery is recorded
    /// `sending` (attempt 1), each `pending` one (and each `unknown` one when `resendUnknown`)
    /// becomes `sending` again (one more attempt); the others (sending, sent, failed) are left
    /// alone. Returns the recipients taken, whose messages may now go out. Refused
    /// (`StoreError.runLost`) when this process no longer owns `run`: nothing is taken.
    func beginSending(
        run: Int64, delivery: Int64, _ messages: [OutgoingMessage], at instant: Date, resendUnknown: Bool
    ) async throws(StoreError) -> [String]
    /// Records what became of recipients, with the batch's checkpoint when there is one, in one
    /// transaction, fenced by the ownership of `run` like every write of a run.
    func settle(run: Int64, delivery: Int64, _ outcomes: [RecipientOutcome], checkpoint: CommittedCheckpoint?, at instant: Date) async throws(StoreError)
    /// The recipients of a delivery in `state`, in recipient order, at most `limit`.
    func recipients(delivery: Int64, state: RecipientState, limit: Int) async throws(StoreError) -> [RecipientRecord]
    /// The deliveries of a run with their counts by state, oldest first.
    func deliveries(run: Int64) async throws(StoreError) -> [DeliverySummary]
    /// Messages of `action` sent (or being sent) from `service` at or after `since`, not
    /// counting proofs, and the oldest of their instants.
    func sentCount(service: String, action: String, since: Date) async throws(StoreError) -> (count: Int, oldest: Date?)
    /// The recipients of every delivery (proofs included) counted by state; a state no
    /// recipient is in is absent (`wfrun serve`'s `/metrics`).
    func recipientStateCounts() async throws(StoreError) -> [RecipientState: Int]
}

/// A row of `delivery`: one publish activation.
public struct DeliveryRecord: Sendable, Hashable, Codable {
    /// Assigned by the store.
    public var id: Int64
    public var run: Int64
    /// The publish activity's name.
    public var activity: String
    /// Its activation in the run, from 1.
    public var activation: Int64
    /// `post` or `dm`.
    public var action: String
    public var connector: String
    /// The service it is sent from.
    public var service: String
    /// Sent as a proof (to test services only).
    public var proof: Bool
    /// The text expression as written.
    public var textTemplate: String
    public var createdAt: Date
    /// When the activation ended; nil while it may still send.
    public var finishedAt: Date?

    /// Creates a delivery record (id 0 until the store assigns one).
    public init(
        id: Int64 = 0, run: Int64, activity: String, activation: Int64 = 0, action: String, connector: String, service: String,
        proof: Bool, textTemplate: String, createdAt: Date, finishedAt: Date? = nil
    ) {
        self.id = id
        self.run = run
        self.activity = activity
        self.activation = activation
        self.action = action
        self.connector = connector
        self.service = service
        self.proof = proof
        self.textTemplate = textTemplate
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }
}

/// Where one recipient's message stands.
public enum RecipientState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Not sent, and known not to be: it will be sent.
    case pending
    /// Committed as about to go out; its answer is not recorded yet.
    case sending
    /// The network has it (`remote_id`).
    case sent
    /// The network refused it for a reason tied to this recipient (`error`).
    case failed
    /// It may or may not have gone out and the network could not tell: sent again only with
    /// `--resend-unknown`.
    case unknown
}

/// One message about to be sent: its recipient (an X user id, or `timeline` for a post) and text.
public struct OutgoingMessage: Sendable, Hashable {
    public var recipient: String
    public var text: String

    public init(recipient: String, text: String) {
        self.recipient = recipient
        self.text = text
    }
}

/// What became of one recipient.
public struct RecipientOutcome: Sendable, Hashable {
    public var recipient: String
    /// `sent`, `failed`, `pending` or `unknown`.
    public var state: RecipientState
    public var remoteID: String?
    public var error: String?

    public init(recipient: String, state: RecipientState, remoteID: String? = nil, error: String? = nil) {
        self.recipient = recipient
        self.state = state
        self.remoteID = remoteID
        self.error = error
    }
}

/// A row of `delivery_recipient`.
public struct RecipientRecord: Sendable, Hashable, Codable {
    public var delivery: Int64
    public var recipient: String
    public var state: RecipientState
    public var remoteID: String?
    public var attempts: Int
    public var error: String?
    /// The text as sent (links already tracked).
    public var text: String
    public var sendingAt: Date?
    public var sentAt: Date?

    public init(
        delivery: Int64, recipient: String, state: RecipientState, remoteID: String?, attempts: Int, error: String?, text: String,
        sendingAt: Date?, sentAt: Date?
    ) {
        self.delivery = delivery
        self.recipient = recipient
        self.state = state
        self.remoteID = remoteID
        self.attempts = attempts
        self.error = error
        self.text = text
        self.sendingAt = sendingAt
        self.sentAt = sentAt
    }
}

/// A delivery with its recipients counted by state.
public struct DeliverySummary: Sendable, Hashable, Codable {
    public var delivery: DeliveryRecord
    /// Recipients by state; states with none are absent.
    public var counts: [RecipientState: Int]

    public init(delivery: DeliveryRecord, counts: [RecipientState: Int]) {
        self.delivery = delivery
        self.counts = counts
    }

    /// Recipients in `state`.
    public func count(_ state: RecipientState) -> Int { counts[state] ?? 0 }
    /// Every recipient.
    public var total: Int { counts.values.reduce(0, +) }
}
