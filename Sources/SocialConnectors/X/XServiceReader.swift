import WorkflowEngine
import WorkflowModel

/// Reads one X service, page by page, with the API version the service uses.
struct XServiceReader: Sendable {
    /// The service.
    let service: Service
    /// Its client (signing, retries, rate limits).
    let client: APIClient
    /// Its calls.
    let requests: XRequests

    /// One page: its records and the token of the next one (nil: the last page).
    struct Page: Sendable {
        var records: [Record]
        var next: String?
    }

    /// The account behind the credentials: its id, screen name and record.
    func account() async throws -> XUserDecoder.Account {
        let decoder = XUserDecoder(records: XRecords(service: service))
        return switch requests.version {
        case .v1_1: try await client.perform(requests.account()) { try decoder.v1Account($0.body) }
        case .v2: try await client.perform(requests.account()) { try decoder.v2Account($0.body) }
        }
    }

    /// A page of followers. Its body is read by `XUserDecoder`; one that does not read is
    /// retried by the client like any truncated response.
    func followers(of accountID: String, pageSize: Int?, token: String?) async throws -> Page {
        let size = min(pageSize ?? requests.followersPageLimit, requests.followersPageLimit)
        let request = requests.followers(of: accountID, pageSize: size, token: token)
        let decoder = XUserDecoder(records: XRecords(service: service))
        return switch requests.version {
        case .v1_1: try await client.perform(request) { try decoder.v1FollowersPage($0.body) }
        case .v2: try await client.perform(request) { try decoder.v2FollowersPage($0.body) }
        }
    }

    /// A page of posts, newest first; reading stops at the first post older than `since`.
    func posts(of accountID: String, pageSize: Int?, token: String?, since: Int64?) async throws -> Page {
        let size = min(pageSize ?? requests.postsPageLimit, requests.postsPageLimit)
        let request = requests.posts(of: accountID, pageSize: max(size, requests.version == .v2 ? 5 : 1), token: token)
        let records = XRecords(service: service)
        var built: [Record] = []
        var reachedOlder = false
        switch requests.version {
        case .v1_1:
            let tweets = try await client.decode([XResponses.V1Tweet].self, from: request)
            var smallest: UInt64?
            for tweet in tweets {
                if let id = UInt64(tweet.identifier) { smallest = min(smallest ?? id, id) }
                if let since, let created = tweet.createdAt.flatMap(XTime.timestamp(v1:))?.seconds, created < since {
                    reachedOlder = true
                    continue
                }
                built.append(records.post(tweet))
            }
            // The next page is everything older than the oldest post of this one.
            let next = smallest.flatMap { $0 > 1 ? String($0 - 1) : nil }
            return Page(records: built, next: tweets.isEmpty || reachedOlder ? nil : next)
        case .v2:
            let page = try await client.decode(XResponses.V2Page<XResponses.V2Tweet>.self, from: request)
            for tweet in page.data ?? [] {
                if let since, let created = tweet.createdAt.flatMap(XTime.timestamp(iso:))?.seconds, created < since {
                    reachedOlder = true
                    continue
                }
                built.append(records.post(tweet))
            }
            let next = page.meta?.nextToken.flatMap { $0.isEmpty ? nil : $0 }
            return Page(records: built, next: reachedOlder ? nil : next)
        }
    }
}
