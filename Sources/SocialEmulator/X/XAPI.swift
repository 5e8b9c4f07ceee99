import Foundation
import WorkflowModel

/// The X API, v1.1 and v2: routing, authentication, access tier and rate limits; the endpoints
/// themselves are in `XAPI+V1.swift` and `XAPI+V2.swift`.
struct XAPI: Sendable {
    let configuration: EmulatorConfiguration
    let dataset: EmulatorDataset
    let state: EmulatorState
    let authenticator: XAuthenticator

    init(configuration: EmulatorConfiguration, dataset: EmulatorDataset, state: EmulatorState) {
        self.configuration = configuration
        self.dataset = dataset
        self.state = state
        authenticator = XAuthenticator(accounts: dataset.xAccounts, state: state)
    }

    enum Version { case v1, v2 }

    /// The endpoints served.
    enum Route {
        case v1VerifyCredentials, v1UsersShow, v1Followers, v1Timeline, v1Update, v1DirectMessage, v1DirectMessageEvents
        case v2Me, v2User(id: String), v2Followers(id: String), v2Tweets(id: String), v2CreateTweet
        case v2DirectMessage(participant: String), v2DirectMessageEvents(participant: String)

        /// The rate-limit bucket: one per endpoint.
        var endpoint: String {
            switch self {
            case .v1VerifyCredentials: "1.1/account/verify_credentials"
            case .v1UsersShow: "1.1/users/show"
            case .v1DirectMessageEvents: "1.1/direct_messages/events/list"
            case .v2User: "2/users/:id"
            case .v2DirectMessageEvents: "2/dm_conversations/with/:participant_id/dm_events"
            case .v1Followers: "1.1/followers/list"
            case .v1Timeline: "1.1/statuses/user_timeline"
            case .v1Update: "1.1/statuses/update"
            case .v1DirectMessage: "1.1/direct_messages/events/new"
            case .v2Me: "2/users/me"
            case .v2Followers: "2/users/:id/followers"
            case .v2Tweets: "2/users/:id/tweets"
            case .v2CreateTweet: "2/tweets"
            case .v2DirectMessage: "2/dm_conversations/with/:participant_id/messages"
            }
        }

        /// Whether it sends a direct message (counted against the sender's message limits).
        var sendsDirectMessage: Bool {
            switch self {
            case .v1DirectMessage, .v2DirectMessage: true
            default: false
            }
        }

        /// The limit X documents for an endpoint whose limit differs from the configured one,
        /// enforced instead of it when limits are: v1.1 DM events 15 per 15 min, v2 DM events
        /// 300 per 15 min.
        var documentedLimit: RateLimit? {
            switch self {
            case .v1DirectMessageEvents: RateLimit(requests: 15, window: 900)
            case .v2DirectMessageEvents: RateLimit(requests: 300, window: 900)
            default: nil
            }
        }
    }

    static func route(method: String, components: [String]) -> Route? {
        let path = Array(components.dropFirst())
        switch (components.first, method) {
        case ("1.1", "GET"):
            if path == ["account", "verify_credentials.json"] { return .v1VerifyCredentials }
            if path == ["followers", "list.json"] { return .v1Followers }
            if path == ["statuses", "user_timeline.json"] { return .v1Timeline }
            if path == ["users", "show.json"] { return .v1UsersShow }
            if path == ["direct_messages", "events", "list.json"] { return .v1DirectMessageEvents }
        case ("1.1", "POST"):
            if path == ["statuses", "update.json"] { return .v1Update }
            if path == ["direct_messages", "events", "new.json"] { return .v1DirectMessage }
        case ("2", "GET"):
            if path == ["users", "me"] { return .v2Me }
            if path.count == 3 && path[0] == "users" && path[2] == "followers" { return .v2Followers(id: path[1]) }
            if path.count == 3 && path[0] == "users" && path[2] == "tweets" { return .v2Tweets(id: path[1]) }
            if path.count == 2 && path[0] == "users" { return .v2User(id: path[1]) }
            if path.count == 4 && path[0] == "dm_conversations" && path[1] == "with" && path[3] == "dm_events" {
                return .v2DirectMessageEvents(participant: path[2])
            }
        case ("2", "POST"):
            if path == ["tweets"] { return .v2CreateTweet }
            if path.count == 4 && path[0] == "dm_conversations" && path[1] == "with" && path[3] == "messages" {
                return .v2DirectMessage(participant: path[2])
            }
        default: break
        }
        return nil
    }

    /// The requests per window X announces when no limit is configured; never enforced.
    static let generousLimit = RateLimit(requests: 100_000, window: 900)

    func respond(to request: APIRequest, version: Version) -> APIResponse {
        guard let route = Self.route(method: request.method, components: request.components) else {
            return version == .v1 ? XErrors.v1(status: 404, code: 34, message: "Sorry, that page does not exist") : XErrors.v2NotFound
        }
        let now = configuration.now()
        if case .v2Me = route, let signedIn = authenticator.authenticateSignedInPerson(request, now: now) {
            return signedInPerson(signedIn, request: request, version: version, now: now)
        }
        if case .v1VerifyCredentials = route, let signedIn = authenticator.authenticateSignedInPerson(request, now: now) {
            return signedInPerson(signedIn, request: request, version: version, now: now)
        }
        let account: EmulatedXAccount
        switch authenticator.authenticate(request, now: now) {
        case .success(let authenticated): account = authenticated
        case .failure(let failure): return version == .v1 ? failure.v1Response : XErrors.v2Unauthorized
        }
        if version == .v1 && configuration.v1AccessDenied {
            return XErrors.v1(status: 403, code: 453, message: Self.v1AccessDeniedMessage)
        }
        let status: RateLimitWindows.Status
        let messageLimits = route.sendsDirectMessage ? configuration.effectiveDirectMessageLimits(v1: version == .v1) : []
        if !messageLimits.isEmpty {
            status = state.admitDirectMessage(account: account.index, limits: messageLimits, now: now)
        } else {
            let limit = configuration.rateLimit.map { route.documentedLimit ?? $0 } ?? Self.generousLimit
            status = state.admit(
                key: "x:\(account.index):\(route.endpoint)", limit: limit, enforced: configuration.rateLimit != nil, now: now)
        }
        var response: APIResponse
        if !status.admitted {
            response = version == .v1 ? XErrors.v1TooManyRequests : XErrors.v2TooManyRequests
        } else {
            response = handle(route, request: request, account: account, now: now)
        }
        response.header("x-rate-limit-limit", String(status.limit))
        response.header("x-rate-limit-remaining", String(status.remaining))
        response.header("x-rate-limit-reset", String(status.reset))
        return response
    }

    /// `users/me` or `verify_credentials` asked with a person's own token (after "Sign in with
    /// X"): that person's user object, in the shapes the other user endpoints use.
    private func signedInPerson(
        _ signedIn: Result<(account: EmulatedXAccount, person: Int), XAuthenticator.Failure>, request: APIRequest, version: Version, now: Date
    ) -> APIResponse {
        let person: Int
        switch signedIn {
        case .success(let found): person = found.person
        case .failure(let failure): return version == .v1 ? failure.v1Response : XErrors.v2Unauthorized
        }
        if version == .v1 && configuration.v1AccessDenied {
            return XErrors.v1(status: 403, code: 453, message: Self.v1AccessDeniedMessage)
        }
        let user = dataset.user(index: person)
        var json = JSONWriter()
        switch version {
        case .v1:
            XJSON.v1User(user, into: &json)
        case .v2:
            let fields: XJSON.UserFields
            switch Self.fields(request, parameter: "user.fields", known: Self.knownUserFields, names: XJSON.UserFields.names) {
            case .success(let parsed): fields = parsed
            case .failure(let error): return error.response
            }
            json.beginObject()
            json.key("data")
            XJSON.v2User(user, fields: fields, into: &json)
            json.endObject()
        }
        return APIResponse(status: 200, json: json.bytes)
    }

    static let v1AccessDeniedMessage =
        "You currently have access to a subset of X API V2 endpoints and limited v1.1 endpoints (e.g. media post, oauth) only. If you need access to this endpoint, you may need a different access level. You can learn more here: https://developer.x.com/en/portal/product"

    private func handle(_ route: Route, request: APIRequest, account: EmulatedXAccount, now: Date) -> APIResponse {
        switch route {
        case .v1VerifyCredentials: v1VerifyCredentials(request, account: account)
        case .v1UsersShow: v1UsersShow(request)
        case .v1DirectMessageEvents: v1DirectMessageEvents(request, account: account, now: now)
        case .v2User(let id): v2User(request, id: id)
        case .v2DirectMessageEvents(let participant):
            v2DirectMessageEvents(request, participant: participant, account: account, now: now)
        case .v1Followers: v1Followers(request, account: account)
        case .v1Timeline: v1Timeline(request, account: account)
        case .v1Update: v1Update(request, account: account, now: now)
        case .v1DirectMessage: v1DirectMessage(request, account: account, now: now)
        case .v2Me: v2Me(request, account: account)
        case .v2Followers(let id): v2Followers(request, id: id)
        case .v2Tweets(let id): v2Tweets(request, id: id, account: account, now: now)
        case .v2CreateTweet: v2CreateTweet(request, account: account, now: now)
        case .v2DirectMessage(let participant): v2DirectMessage(request, participant: participant, account: account, now: now)
        }
    }

    // MARK: Shared by both versions

    /// An account as a user object, its follower count net of unfollows.
    func user(of account: EmulatedXAccount) -> EmulatedUser {
        EmulatedUser(
            id: account.id, username: account.screenName, name: account.screenName.replacingOccurrences(of: "_", with: " "),
            description: "The wfrun sandbox account @\(account.screenName): every follower here is generated.",
            location: "Zürich", verified: false,
            followersCount: dataset.followerCount(of: account) - state.unfollowed(account: account.index).count,
            followingCount: 12, tweetCount: EmulatorDataset.postsPerAccount + state.publishedPosts(account: account.index).count,
            listedCount: 3, createdAt: Date(timeIntervalSince1970: 1_709_251_200),
            protected: account.test && configuration.testAccountProtected)
    }

    /// Up to `count` followers from `start` (a position in the account's follower list),
    /// skipping people who unfollowed; `next` is the position after them, nil at the end.
    func followerPage(of account: EmulatedXAccount, from start: Int, count: Int) -> (indexes: [Int], next: Int?) {
        let range = dataset.followerIndexes(of: account)
        let unfollowed = state.unfollowed(account: account.index)
        var indexes: [Int] = []
        indexes.reserveCapacity(min(count, range.count))
        var position = max(0, start)
        while position < range.count && indexes.count < count {
            let index = range.lowerBound + position
            if !unfollowed.contains(index) { indexes.append(index) }
            position += 1
        }
        while position < range.count && unfollowed.contains(range.lowerBound + position) { position += 1 }
        return (indexes, position < range.count ? position : nil)
    }

    /// The positions of up to `count` followers before `end`, for v1.1's backward cursors.
    func followerPage(of account: EmulatedXAccount, before end: Int, count: Int) -> (indexes: [Int], start: Int) {
        let range = dataset.followerIndexes(of: account)
        let unfollowed = state.unfollowed(account: account.index)
        var indexes: [Int] = []
        var position = min(end, range.count)
        while position > 0 && indexes.count < count {
            position -= 1
            if !unfollowed.contains(range.lowerBound + position) { indexes.append(range.lowerBound + position) }
        }
        return (indexes.reversed(), position)
    }

    /// The account's posts, published ones included, newest first.
    func timeline(of account: EmulatedXAccount) -> [EmulatedPost] {
        let published = state.publishedPosts(account: account.index)
        let generated = dataset.posts(of: account)
        guard !published.isEmpty else { return generated }
        return (published + generated).sorted { $0.numericID > $1.numericID }
    }

    /// A new post of the account, or nil for a duplicate of one of its posts of the last 24 hours.
    func publish(text: String, account: EmulatedXAccount, now: Date) -> EmulatedPost? {
        state.publish(
            EmulatedPost(
                id: "", text: text, createdAt: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)),
                retweetCount: 0, replyCount: 0, likeCount: 0, quoteCount: 0, impressionCount: 0, urlLinkClicks: 0,
                userProfileClicks: 0),
            account: account.index)
    }

    /// The fields of a JSON object body (read by wfrun's one JSON reader), or nil.
    static func jsonObject(_ body: [UInt8]) -> [String: ExpressionValue]? {
        guard case .object(let fields)? = try? JSONReader.value(from: body[...]) else { return nil }
        return fields
    }

    /// X's length limit for a post.
    static let maximumPostLength = 280
}
