import Foundation
import WorkflowEngine
import WorkflowModel

/// Publishes on one Facebook page: posts (`POST /{page-id}/feed`, message and link) and reads
/// the page's posts back (`GET /{page-id}/posts`). Pages send no direct messages (the Messenger
/// platform lets a page answer only people who wrote to it first; `validate` refuses `dm` on
/// Facebook), so `directMessage` throws.
struct FacebookPublisher: Publisher {
    /// The page and its client (the `publish` operation's permissions in messages).
    let page: PageAccess

    /// Posts per page of the listing (Graph's largest page).
    static let postsPerPage = 100
    /// Pages of posts read back before a lookup gives up (1,000 posts).
    static let postPageBound = 10

    func account() async throws -> PublishAccount {
        let read = try await page.client.decode(GraphPage.self, from: FacebookRequests.page(page, fields: "id,name"))
        return PublishAccount(id: read.id, name: read.name ?? read.id, isProtected: false)
    }

    func post(text: String, link: String?) async throws -> SendOutcome {
        let request = FacebookRequests.feedPost(page, message: text, link: link)
        do {
            return .sent(remoteID: try await page.client.decode(GraphCreated.self, from: request).id)
        } catch let error as UnansweredSend {
            return .unknown(reason: error.message)
        } catch let failure as ConnectorFailure {
            if let outcome = failure.sendOutcome { return outcome }
            throw failure
        }
    }

    func directMessage(text: String, to recipient: String) async throws -> SendOutcome {
        throw Self.noDirectMessages(page.service)
    }

    func findPosts(texts wanted: Set<String>, since: Date) async throws -> SentLookup {
        guard !wanted.isEmpty else { return SentLookup(found: [:], complete: true) }
        let index = SentText.index(wanted)
        let horizon = SentText.horizon(since)
        var found: [String: String] = [:]
        var after: String?
        for _ in 0..<Self.postPageBound {
            let request = FacebookRequests.posts(page, fields: "id,message,created_time", limit: Self.postsPerPage, after: after)
            let list = try await page.client.decode(GraphList<GraphPost>.self, from: request)
            for post in list.data {
                if let created = post.created_time.flatMap({ ISOTimestamp(parsing: $0, zoneless: .utc)?.date }), created < horizon {
                    return SentLookup(found: found, complete: true)
                }
                if let message = post.message, let text = index[SentText.normalized(message)], found[text] == nil { found[text] = post.id }
            }
            if found.count == wanted.count { return SentLookup(found: found, complete: true) }
            guard let next = list.nextAfter else { return SentLookup(found: found, complete: true) }
            after = next
        }
        return SentLookup(found: found, complete: false)
    }

    func findDirectMessages(_ wanted: [String: String], since: Date) async throws -> SentLookup {
        throw Self.noDirectMessages(page.service)
    }

    /// Why a page has no direct messages to send or find.
    static func noDirectMessages(_ service: String) -> ConnectorFailure {
        ConnectorFailure(
            service: service,
            message: "Facebook service '\(service)': a page cannot send direct messages through wfrun (the Messenger platform lets a page message only people who wrote to it first); publish a post instead",
            retryability: .permanent(reason: "Facebook pages send no direct messages"))
    }
}
