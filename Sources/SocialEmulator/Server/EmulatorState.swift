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
        var pagePosts: [Int: [EmulatedPagePost]] = [:]
        var deliveredPages: [FollowerPage] = []
    }

    private let storage = Mutex(Storage())

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

    /// Records a post unless the account's latest post has the same text; returns nil for a duplicate.
    func publish(_ post: EmulatedPost, account: Int) -> EmulatedPost? {
        storage.withLock { state in
            if state.xPosts[account]?.last?.text == post.text { return nil }
            var post = post
            let sequence = state.xPosts[account]?.count ?? 0
            post.id = String(EmulatedPost.snowflake(date: post.createdAt, worker: 512 + account, sequence: sequence))
            state.xPosts[account, default: []].append(post)
            return post
        }
    }

    /// Posts an account published through the API, oldest first.
    func publishedPosts(account: Int) -> [EmulatedPost] {
        storage.withLock { $0.xPosts[account] ?? [] }
    }

    func send(_ message: EmulatedMessage) -> EmulatedMessage {
        storage.withLock { state in
            var message = message
            message.id = String(1_860_000_000_000_000_000 + UInt64(state.messages.count))
            state.messages.append(message)
            return message
        }
    }

    var messages: [EmulatedMessage] { storage.withLock { $0.messages } }

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
