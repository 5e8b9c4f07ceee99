import Foundation
import Synchronization

/// What changes while an emulator runs: request counters, unfollows, revoked and expired
/// tokens, rate-limit windows and what clients posted. One lock; every operation is short.
final class EmulatorState: Sendable {
    private struct Storage {
        var requestCount = 0
        var apiSequence = 0
        var unfollowed: [Int: Set<Int>] = [:]
        var revokedAccounts: Set<Int> = []
        var expiredPages: [Int: Date] = [:]
        var windows = RateLimitWindows()
        var xPosts: [Int: [EmulatedPost]] = [:]
        var messages: [EmulatedMessage] = []
        /// Positions in `messages` per conversation id, oldest first.
        var conversations: [String: [Int]] = [:]
        /// Positions in `messages` per account that sent or received them, oldest first.
        var accountMessages: [String: [Int]] = [:]
        /// Messages per sender, then per recipient.
        var messageCounts: [String: [String: Int]] = [:]
        var publishingRequests: [PublishingRequest] = []
        var heldSends = 0
        var sendsHeldInAll = 0
        var pagePosts: [Int: [EmulatedPagePost]] = [:]
        var deliveredPages: [FollowerPage] = []
    }

    private let storage = Mutex(Storage())

    /// The sign-in flows under way (their own lock: they touch nothing else).
    let signIns = SignInState()

    /// Counts a request (any request, API or not).
    func countRequest() {
        storage.withLock { $0.requestCount += 1 }
    }

    /// Requests served so far.
    var requestCount: Int { storage.withLock { $0.requestCount } }

    /// The sequence number of a new API request (faults are drawn from it).
    func nextAPISequence() -> Int {
        storage.withLock { state in
            defer { state.apiSequence += 1 }
            return state.apiSequence
        }
    }

    // MARK: Followers and tokens

    /// Records a page of followers answered without a fault.
    func delivered(_ page: FollowerPage) {
        storage.withLock { $0.deliveredPages.append(page) }
    }

    /// The pages of followers answered without a fault, in order.
    var deliveredPages: [FollowerPage] { storage.withLock { $0.deliveredPages } }

    func unfollow(account: Int, user: Int) {
        storage.withLock { _ = $0.unfollowed[account, default: []].insert(user) }
    }

    /// The global indexes of the people who stopped following an account.
    func unfollowed(account: Int) -> Set<Int> {
        storage.withLock { $0.unfollowed[account] ?? [] }
    }

    func revoke(account: Int) {
        storage.withLock { _ = $0.revokedAccounts.insert(account) }
    }

    func isRevoked(account: Int) -> Bool {
        storage.withLock { $0.revokedAccounts.contains(account) }
    }

    func expire(page: Int, at date: Date) {
        storage.withLock { $0.expiredPages[page] = $0.expiredPages[page] ?? date }
    }

    /// When a page's token expired, if it did.
    func expiry(page: Int) -> Date? {
        storage.withLock { $0.expiredPages[page] }
    }

    // MARK: Rate limits

    func admit(key: String, limit: RateLimit, enforced: Bool, now: Date) -> RateLimitWindows.Status {
        storage.withLock { $0.windows.admit(key: key, limit: limit, enforced: enforced, now: now) }
    }

    // MARK: Published content

    /// How long X refuses a post that repeats one of the account's recent ones.
    static let duplicateWindow: Double = 86_400

    /// Records a post unless the account published the same text in the last 24 hours
    /// (up to and including 24 hours before `post.createdAt`); returns nil for such a duplicate.
    func publish(_ post: EmulatedPost, account: Int) -> EmulatedPost? {
        storage.withLock { state in
            let since = post.createdAt.addingTimeInterval(-Self.duplicateWindow)
            let posts = state.xPosts[account] ?? []
            if posts.reversed().prefix(while: { $0.createdAt >= since }).contains(where: { $0.text == post.text }) { return nil }
            var post = post
            post.id = String(EmulatedPost.snowflake(date: post.createdAt, worker: 512 + account, sequence: posts.count))
            state.xPosts[account, default: []].append(post)
            return post
        }
    }

    /// Posts an account published through the API, oldest first.
    func publishedPosts(account: Int) -> [EmulatedPost] {
        storage.withLock { $0.xPosts[account] ?? [] }
    }

    /// Records a direct message and numbers it; `recipientIsAccount` indexes it under the
    /// recipient too (one of the emulator's accounts, whose events lookup lists it).
    func send(_ message: EmulatedMessage, recipientIsAccount: Bool) -> EmulatedMessage {
        storage.withLock { state in
            var message = message
            let position = state.messages.count
            message.id = String(1_860_000_000_000_000_000 + UInt64(position))
            state.messages.append(message)
            state.conversations[message.conversationID, default: []].append(position)
            state.accountMessages[message.senderID, default: []].append(position)
            if recipientIsAccount && message.recipientID != message.senderID {
                state.accountMessages[message.recipientID, default: []].append(position)
            }
            state.messageCounts[message.senderID, default: [:]][message.recipientID, default: 0] += 1
            return message
        }
    }

    /// Every direct message sent, in order.
    var messages: [EmulatedMessage] { storage.withLock { $0.messages } }

    /// The messages of a conversation (`conversation` non-nil) or of an account, newest first,
    /// sent at or after `since`, starting below position `before` (nil: the newest); at most
    /// `count`, with the position of the next one when more remain.
    func messages(
        conversation: String?, account: String, since: Date, before: Int?, count: Int
    ) -> (messages: [EmulatedMessage], next: Int?) {
        storage.withLock { state in
            let positions = conversation.map { state.conversations[$0] ?? [] } ?? state.accountMessages[account] ?? []
            var end = positions.endIndex
            if let before {
                // Positions are sorted: the first one not below `before` ends the slice.
                var low = positions.startIndex
                var high = positions.endIndex
                while low < high {
                    let middle = (low + high) / 2
                    if positions[middle] < before { low = middle + 1 } else { high = middle }
                }
                end = low
            }
            var found: [EmulatedMessage] = []
            var index = end
            while index > positions.startIndex && found.count < count {
                index -= 1
                let message = state.messages[positions[index]]
                guard message.createdAt >= since else { return (found, nil) }
                found.append(message)
            }
            let more = index > positions.startIndex && state.messages[positions[index - 1]].createdAt >= since
            return (found, more ? positions[index] : nil)
        }
    }

    /// How many messages a sender sent to each recipient.
    func messageCounts(sender: String) -> [String: Int] {
        storage.withLock { $0.messageCounts[sender] ?? [:] }
    }

    /// How many messages each sender sent to each recipient.
    var allMessageCounts: [String: [String: Int]] { storage.withLock { $0.messageCounts } }

    // MARK: Publishing requests

    /// Records a publishing request as received.
    func received(_ request: PublishingRequest) {
        storage.withLock { $0.publishingRequests.append(request) }
    }

    /// The publishing requests received, in order.
    var publishingRequests: [PublishingRequest] { storage.withLock { $0.publishingRequests } }

    /// Counts a send whose answer a slowsend fault starts (true) or stops (false) holding.
    func holdingSend(_ holding: Bool) {
        storage.withLock { state in
            state.heldSends += holding ? 1 : -1
            if holding { state.sendsHeldInAll += 1 }
        }
    }

    /// Sends whose answer was held, since the emulator started.
    var sendsHeldInAll: Int { storage.withLock { $0.sendsHeldInAll } }

    /// Sends recorded whose answer is being held now.
    var heldSends: Int { storage.withLock { $0.heldSends } }

    /// Counts a direct message against the windows of its sender's limits.
    func admitDirectMessage(account: Int, limits: [RateLimit], now: Date) -> RateLimitWindows.Status {
        storage.withLock { state in
            state.windows.admit(all: limits.map { (key: "dm:\(account):\($0.description)", limit: $0) }, now: now)
        }
    }

    /// Records a page post, numbered after the page's earlier ones.
    func publish(_ post: EmulatedPagePost, page: EmulatedPage) -> EmulatedPagePost {
        storage.withLock { state in
            var post = post
            let number = 122_900_000_000_000_000 + UInt64(page.index) * 1_000_000 + UInt64(state.pagePosts[page.index]?.count ?? 0)
            post.id = "\(page.id)_\(number)"
            post.permalinkURL = "https://www.facebook.com/\(page.id)/posts/\(number)"
            state.pagePosts[page.index, default: []].append(post)
            return post
        }
    }

    /// Posts published on a page through the API, oldest first.
    func publishedPosts(page: Int) -> [EmulatedPagePost] {
        storage.withLock { $0.pagePosts[page] ?? [] }
    }
}
