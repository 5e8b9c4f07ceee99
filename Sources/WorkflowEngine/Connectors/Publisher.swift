import Foundation
import WorkflowModel

/// A connector that can publish: `publish` asks it for a `Publisher` of one service. Adding a
/// publishing connector is conforming to this; no engine code changes.
public protocol PublishingConnector: Connector {
    /// The publishing side of one service (account or page), ready to send. Throws when the
    /// service is unknown or its secrets cannot be read.
    func publisher(service: String, clock: any EngineClock) async throws -> any Publisher
    /// The names of its services marked `test="true"`: where `--proof` sends instead.
    func testServices() -> [String]
}

/// Sends posts and direct messages from one service and reads back what it sent, so that a
/// resumed run can tell a message that went out from one that did not.
///
/// Every method that sends is called once per message: a publisher never retries a send whose
/// answer it did not get (a timeout, a reset connection, a 5xx), since the message may have gone
/// out; it returns `.unknown` and the engine reconciles. Rate limits: it waits for the reset
/// within the run's `--max-wait` and throws `RunPause` beyond it (nothing was sent). A failure
/// that stops the whole delivery (revoked credentials, an app flagged as automated, an access
/// tier without the endpoint) is thrown as an error whose description a person can act on.
public protocol Publisher: Sendable {
    /// The account of the service as the API describes it now (`protected` for proofs).
    func account() async throws -> PublishAccount

    /// Publishes a post with `text` (and, where the network takes one apart, `link`).
    func post(text: String, link: String?) async throws -> SendOutcome

    /// Sends a direct message to one person.
    func directMessage(text: String, to recipient: String) async throws -> SendOutcome

    /// The posts among `wanted` that the account published at or after `since`: matched on
    /// their exact text, newest first as the API lists them. Returns each found text's post id;
    /// `complete` is false when the API could not list back to `since` (a listing limit), so
    /// that a text not found is not proof that it was not published.
    func findPosts(texts wanted: Set<String>, since: Date) async throws -> SentLookup

    /// The direct messages among `wanted` (recipient → exact text) that the account sent at or
    /// after `since`: the id of each found message event, by recipient.
    func findDirectMessages(_ wanted: [String: String], since: Date) async throws -> SentLookup
}

/// One service's account as its API describes it.
public struct PublishAccount: Sendable, Hashable {
    /// The network's id of the account (X user id, Facebook page id).
    public var id: String
    /// Its handle or page name.
    public var name: String
    /// Whether only approved people can see what it publishes (X's `protected`; a Facebook page
    /// is never protected).
    public var isProtected: Bool

    /// Creates an account description.
    public init(id: String, name: String, isProtected: Bool) {
        self.id = id
        self.name = name
        self.isProtected = isProtected
    }
}

/// What became of one send.
public enum SendOutcome: Sendable, Hashable {
    /// It went out; the network's id of the post or message event.
    case sent(remoteID: String)
    /// The network refused this one message for a reason tied to it (the person does not accept
    /// messages from the account: X 150 / 349); the delivery goes on with the others.
    case refused(reason: String)
    /// The network says the same post is already published (X 187): look it up, do not resend.
    case duplicate
    /// No answer came, so the message may or may not have gone out (a timeout, a reset, a 5xx).
    case unknown(reason: String)
}

/// What a lookup of sent content found.
public struct SentLookup: Sendable, Hashable {
    /// The remote id of each found item, keyed like the question (text for posts, recipient for
    /// messages).
    public var found: [String: String]
    /// True when the listing reached back to `since`: what was not found was not sent.
    public var complete: Bool

    /// Creates a lookup result.
    public init(found: [String: String], complete: Bool) {
        self.found = found
        self.complete = complete
    }
}
