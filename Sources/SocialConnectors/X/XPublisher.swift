import Foundation
import Synchronization
import WorkflowEngine

/// Publishes from one X account, with the API version of its service: posts (v1.1
/// `statuses/update`, v2 `POST /2/tweets`), direct messages (v1.1 `direct_messages/events/new`,
/// v2 `POST /2/dm_conversations/with/:id/messages`), and reads back what it sent.
///
/// A send is made once: `APIClient` does not retry it after a failure that may have let it
/// through, and the publisher reports `.unknown` so that the engine looks it up. X's answers that
/// concern one message (150 and 349: the person cannot receive it; 187: a duplicate post) are
/// outcomes; those that concern the whole delivery (credentials, 226, 453) are thrown.
struct XPublisher: Publisher {
    /// The service's client and calls.
    let reader: XServiceReader
    private let accountCache = AccountCache()

    /// Pages of posts read back before a lookup gives up (3,200 posts: the most a v1.1 timeline
    /// lists).
    static let postPageBound = 32
    /// Pages of v1.1 direct message events read back (750 events: the 15 requests a window allows
    /// for `events/list`).
    static let v1EventPageBound = 15
    /// Pages of one v2 conversation read back.
    static let v2EventPageBound = 5

    init(reader: XServiceReader) {
        self.reader = reader
    }

    var client: APIClient { reader.client }
    var requests: XRequests { reader.requests }

    func account() async throws -> PublishAccount {
        let read = try await client.decode(XSentResponses.Account.self, from: requests.publishingAccount())
        let account = PublishAccount(id: read.id, name: read.name, isProtected: read.isProtected)
        accountCache.store(account)
        return account
    }

    func post(text: String, link: String?) async throws -> SendOutcome {
        let full = link.flatMap { $0.isEmpty ? nil : text + " " + $0 } ?? text
        return try await send(requests.post(text: full)) { response in
            switch requests.version {
            case .v1_1: try XResponses.V1Tweet(json: JSONNode(body: response.body)).identifier
            case .v2: try XResponses.V2Data<XResponses.V2Created>(json: JSONNode(body: response.body)).data.id
            }
        }
    }

    func directMessage(text: String, to recipient: String) async throws -> SendOutcome {
        try await send(requests.directMessage(text: text, recipientID: recipient)) { response in
            switch requests.version {
            case .v1_1: try XResponses.V1DirectMessage(json: JSONNode(body: response.body)).eventID
            case .v2: try XResponses.V2Data<XResponses.V2DirectMessage>(json: JSONNode(body: response.body)).data.dmEventId
            }
        }
    }

    /// Sends once and says what became of it; an id that does not read is an unreadable answer.
    private func send(_ request: APIRequest, id: (APIResponse) throws -> String) async throws -> SendOutcome {
        do {
            let remoteID = try await client.perform(request) { response in
                let value = try id(response)
                guard !value.isEmpty else { throw JSONFieldError.missing("id", at: []) }
                return value
            }
            return .sent(remoteID: remoteID)
        } catch let error as UnansweredSend {
            return .unknown(reason: error.message)
        } catch let failure as ConnectorFailure {
            if let outcome = failure.sendOutcome { return outcome }
            throw failure
        }
    }

    /// The account's id: the one read by `account()`, or read now.
    func accountID() async throws -> String {
        if let account = accountCache.value { return account.id }
        return try await account().id
    }
}

/// The account a publisher read once, shared by its copies.
final class AccountCache: Sendable {
    private let account = Mutex<PublishAccount?>(nil)

    /// The account read last, if any.
    var value: PublishAccount? { account.withLock { $0 } }

    /// Keeps the account read.
    func store(_ value: PublishAccount) { account.withLock { $0 = value } }
}
