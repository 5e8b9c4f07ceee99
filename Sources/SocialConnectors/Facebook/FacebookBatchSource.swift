import Foundation
import WorkflowEngine
import WorkflowModel

/// The batches of one Facebook fetch: the selected services one after the other, one batch per
/// Graph API request that returns data (`page` and `insights`: one per service), each with a
/// checkpoint saying where to continue.
actor FacebookBatchSource: BatchSource {
    /// Where reading starts: a service and, inside it, a position (nil: its beginning).
    struct Start: Sendable {
        var serviceIndex: Int
        var position: FacebookCursor.Position?
        var sequence: Int64
    }

    private let source: String
    private let resource: FacebookResource
    private let pages: [PageAccess]
    private var serviceIndex: Int
    private var position: FacebookCursor.Position?
    private var sequence: Int64
    /// `fans`: the current service's recent post ids (read once per service) and the people
    /// already emitted for it.
    private var recentPosts: [String]?
    private var seenPeople: Set<String> = []
    /// The current service's real page id, once known (services without `pageId` use `me`).
    private var pageID: String?

    init(source: String, resource: FacebookResource, pages: [PageAccess], start: Start) {
        self.source = source
        self.resource = resource
        self.pages = pages
        self.serviceIndex = start.serviceIndex
        self.position = start.position
        self.sequence = start.sequence
    }

    func next() async throws -> RecordBatch? {
        guard serviceIndex < pages.count else { return nil }
        let page = pages[serviceIndex]
        let (records, reached) = try await read(page, from: position)
        sequence += 1
        let checkpoint = Checkpoint(source: source, sequence: sequence, cursor: FacebookCursor(service: page.service, position: reached).encoded)
        if reached == .done {
            serviceIndex += 1
            position = nil
            recentPosts = nil
            seenPeople = []
            pageID = nil
        } else {
            position = reached
        }
        return RecordBatch(records: records, checkpoint: checkpoint)
    }

    /// Reads one batch of `page` at `position`; returns its records and the position after it.
    private func read(_ page: PageAccess, from position: FacebookCursor.Position?) async throws -> ([Record], FacebookCursor.Position) {
        switch resource {
        case .page:
            let found = try await page.client.decode(GraphPage.self, from: FacebookRequests.page(page))
            return ([FacebookRecords.page(found, service: page.service)], .done)
        case .posts(let pageSize, let since):
            return try await readPosts(page, pageSize: pageSize, since: since, after: position?.after)
        case .fans(let posts):
            return try await readFans(page, posts: posts, at: position)
        case .insights(let metrics, let period):
            let pageID = try await realPageID(page)
            let list = try await page.client.decode(GraphList<GraphInsight>.self, from: FacebookRequests.insights(page, metrics: metrics, period: period))
            // Insights' `paging` moves through time (the previous and next periods), not through
            // more of the same answer: it is not followed.
            let records = list.data.flatMap { FacebookRecords.insights($0, service: page.service, pageID: pageID, period: period) }
            return (records, .done)
        }
    }

    /// One page of posts, newest first; the service is done at the last page or at the first
    /// post older than `since`.
    private func readPosts(_ page: PageAccess, pageSize: Int, since: Date?, after: String?) async throws -> ([Record], FacebookCursor.Position) {
        let pageID = try await realPageID(page)
        let list = try await page.client.decode(GraphList<GraphPost>.self, from: FacebookRequests.posts(page, limit: pageSize, after: after))
        var records: [Record] = []
        records.reserveCapacity(list.data.count)
        for post in list.data {
            if let since, let created = post.created_time.flatMap({ ISOTimestamp(parsing: $0, zoneless: .utc)?.date }), created < since {
                return (records, .done)
            }
            records.append(FacebookRecords.post(post, service: page.service, pageID: pageID))
        }
        return (records, list.nextAfter.map(FacebookCursor.Position.after) ?? .done)
    }

    /// One page of comments or reactions of one recent post.
    private func readFans(_ page: PageAccess, posts: Int, at position: FacebookCursor.Position?) async throws -> ([Record], FacebookCursor.Position) {
        let pageID = try await realPageID(page)
        let postIDs = try await recentPostIDs(page, count: posts)
        var index = 0
        var phase = FacebookCursor.Phase.comments
        var after: String?
        if case .fans(let savedIndex, let postID, let savedPhase, let savedAfter) = position {
            // The post's id finds it even when newer posts pushed it down since the checkpoint.
            // A post that is gone is replaced by the one now at its index, read from its start.
            if let found = postIDs.firstIndex(of: postID) {
                (index, phase, after) = (found, savedPhase, savedAfter)
            } else {
                index = savedIndex
            }
        }
        guard index < postIDs.count else { return ([], .done) }
        let postID = postIDs[index]
        var records: [Record] = []
        let nextAfter: String?
        switch phase {
        case .comments:
            let list = try await page.client.decode(GraphList<GraphComment>.self, from: FacebookRequests.comments(page, postID: postID, after: after))
            for comment in list.data {
                guard let person = comment.from else { continue }  // hidden by the person's privacy settings
                addFan(person.id, name: person.name, interaction: "comment", postID: postID, page: page, pageID: pageID, to: &records)
            }
            nextAfter = list.nextAfter
        case .reactions:
            let list = try await page.client.decode(GraphList<GraphReaction>.self, from: FacebookRequests.reactions(page, postID: postID, after: after))
            for reaction in list.data {
                addFan(
                    reaction.id, name: reaction.name, interaction: FacebookRecords.reactionInteraction(reaction.type), postID: postID,
                    page: page, pageID: pageID, to: &records)
            }
            nextAfter = list.nextAfter
        }
        if let nextAfter {
            return (records, .fans(index: index, postID: postID, phase: phase, after: nextAfter))
        }
        if phase == .comments {
            return (records, .fans(index: index, postID: postID, phase: .reactions, after: nil))
        }
        if index + 1 < postIDs.count {
            return (records, .fans(index: index + 1, postID: postIDs[index + 1], phase: .comments, after: nil))
        }
        return (records, .done)
    }

    /// Adds a person unless they were already emitted for this service (the first interaction
    /// wins) or they are the page itself (a page answering comments on its own posts).
    private func addFan(
        _ id: String, name: String?, interaction: String, postID: String, page: PageAccess, pageID: String, to records: inout [Record]
    ) {
        guard id != pageID, seenPeople.insert(id).inserted else { return }
        records.append(
            FacebookRecords.fan(
                id: id, name: name, interaction: interaction, postID: postID, service: page.service,
                visitorFolder: page.visitorFolder, pageID: pageID))
    }

    /// The ids of the page's `count` most recent posts, read once per service.
    private func recentPostIDs(_ page: PageAccess, count: Int) async throws -> [String] {
        if let recentPosts { return recentPosts }
        var ids: [String] = []
        var after: String?
        repeat {
            let request = FacebookRequests.posts(page, fields: "id", limit: min(count - ids.count, FacebookResource.maxPageSize), after: after)
            let list = try await page.client.decode(GraphList<GraphPost>.self, from: request)
            ids += list.data.prefix(count - ids.count).map(\.id)
            after = list.nextAfter
        } while after != nil && ids.count < count
        recentPosts = ids
        return ids
    }

    /// The page's id: the service's `pageId`, or asked once of `/me` when it has none.
    private func realPageID(_ page: PageAccess) async throws -> String {
        if page.pageID != "me" { return page.pageID }
        if let pageID { return pageID }
        let found = try await page.client.decode(GraphPage.self, from: FacebookRequests.page(page, fields: "id"))
        pageID = found.id
        return found.id
    }
}

extension FacebookCursor.Position {
    /// The cursor of an `after` position.
    var after: String? {
        if case .after(let cursor) = self { return cursor }
        return nil
    }
}
