import Foundation
import WorkflowEngine

/// Reading back what an X account sent, newest first, so that a resumed delivery can tell a
/// message that went out from one that did not. A listing is read until an item older than
/// `since` (less a minute of clock tolerance), until it ends, until everything wanted is found —
/// all three complete — or until a bound of pages, which is not complete.
extension XPublisher {
    func findPosts(texts wanted: Set<String>, since: Date) async throws -> SentLookup {
        guard !wanted.isEmpty else { return SentLookup(found: [:], complete: true) }
        let index = SentText.index(wanted)
        let horizon = SentText.horizon(since)
        let accountID = try await accountID()
        var found: [String: String] = [:]
        var token: String?
        for _ in 0..<Self.postPageBound {
            let request = requests.sentPosts(of: accountID, token: token)
            let posts: [XSentResponses.SentPost]
            let next: String?
            switch requests.version {
            case .v1_1:
                posts = try await client.decode([XSentResponses.V1Post].self, from: request).map(\.post)
                // The next page is everything older than the oldest post of this one.
                let oldest = posts.compactMap { UInt64($0.id) }.min()
                next = oldest.flatMap { $0 > 1 ? String($0 - 1) : nil }
            case .v2:
                let page = try await client.decode(XResponses.V2Page<XSentResponses.V2Post>.self, from: request)
                posts = (page.data ?? []).map(\.post)
                next = page.meta?.nextToken.flatMap { $0.isEmpty ? nil : $0 }
            }
            for post in posts {
                if let created = post.createdAt, created < horizon { return SentLookup(found: found, complete: true) }
                if let text = SentText.match(post.text, in: index), found[text] == nil { found[text] = post.id }
            }
            if found.count == wanted.count { return SentLookup(found: found, complete: true) }
            // v1.1's timeline ends with an empty page; v2's where no token follows.
            guard let next, requests.version == .v2 || !posts.isEmpty else { return SentLookup(found: found, complete: true) }
            token = next
        }
        return SentLookup(found: found, complete: false)
    }

    func findDirectMessages(_ wanted: [String: String], since: Date) async throws -> SentLookup {
        guard !wanted.isEmpty else { return SentLookup(found: [:], complete: true) }
        let accountID = try await accountID()
        let horizon = SentText.horizon(since)
        switch requests.version {
        case .v1_1:
            return try await v1Messages(wanted, from: accountID, horizon: horizon)
        case .v2:
            var found: [String: String] = [:]
            var complete = true
            for (recipient, text) in wanted.sorted(by: { $0.key < $1.key }) {
                let lookup = try await v2Messages(to: recipient, text: text, from: accountID, horizon: horizon)
                if let id = lookup.id { found[recipient] = id }
                complete = complete && lookup.complete
            }
            return SentLookup(found: found, complete: complete)
        }
    }

    /// v1.1: the account's events (sent and received), matched on sender, recipient and text.
    private func v1Messages(_ wanted: [String: String], from accountID: String, horizon: Date) async throws -> SentLookup {
        var found: [String: String] = [:]
        var cursor: String?
        for _ in 0..<Self.v1EventPageBound {
            let page = try await client.decode(XSentResponses.V1EventPage.self, from: requests.directMessageEvents(cursor: cursor))
            for event in page.events {
                if let created = event.createdAt, created < horizon { return SentLookup(found: found, complete: true) }
                guard event.isMessage, event.senderID == accountID, let recipient = event.recipientID, found[recipient] == nil,
                    let text = wanted[recipient], SentText.trimmed(text) == event.text
                else { continue }
                found[recipient] = event.id
            }
            if found.count == wanted.count { return SentLookup(found: found, complete: true) }
            guard let next = page.nextCursor, !next.isEmpty, next != "0" else {
                return SentLookup(found: found, complete: true)
            }
            cursor = next
        }
        return SentLookup(found: found, complete: false)
    }

    /// v2: the events of the conversation with one person, matched on sender and text.
    private func v2Messages(to recipient: String, text: String, from accountID: String, horizon: Date) async throws -> (id: String?, complete: Bool) {
        let wanted = SentText.trimmed(text)
        var token: String?
        for _ in 0..<Self.v2EventPageBound {
            let request = requests.directMessageEvents(with: recipient, token: token)
            let page = try await client.decode(XResponses.V2Page<XSentResponses.V2Event>.self, from: request)
            for event in page.data ?? [] {
                if let created = event.createdAt, created < horizon { return (nil, true) }
                if event.isMessage, event.senderID.map({ $0 == accountID }) ?? true, event.text == wanted { return (event.id, true) }
            }
            guard let next = page.meta?.nextToken, !next.isEmpty else { return (nil, true) }
            token = next
        }
        return (nil, false)
    }
}
