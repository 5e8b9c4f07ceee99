import Foundation
import Synchronization

/// The tracked links of one delivery: each URL's code asked of the store once, then remembered,
/// so that a wave of messages with the same link costs one store write, not one per message.
final class DeliveryLinks: LinkStore {
    private let store: any LinkStore
    private let delivery: Int64
    private let codes = Mutex([String: String]())

    init(store: any LinkStore, delivery: Int64) {
        self.store = store
        self.delivery = delivery
    }

    /// `text` with its http(s) links replaced by tracked ones under `base`.
    func track(_ text: String, base: URL) async throws -> String {
        try await LinkTracker.track(text, delivery: delivery, base: base, store: self)
    }

    func trackedLink(delivery: Int64, url: String) async throws -> String {
        if let code = codes.withLock({ $0[url] }) { return code }
        let code = try await store.trackedLink(delivery: delivery, url: url)
        codes.withLock { $0[url] = code }
        return code
    }

    func link(code: String) async throws -> TrackedLink? { try await store.link(code: code) }

    func recordVisit(code: String, at instant: Date, agent: LinkAgent) async throws -> Bool {
        try await store.recordVisit(code: code, at: instant, agent: agent)
    }

    func postVisits(from: String, through: String) async throws -> [PostVisits] {
        try await store.postVisits(from: from, through: through)
    }
}
