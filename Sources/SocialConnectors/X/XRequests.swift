import Foundation
import SocialAuth

/// The X calls wfrun makes, for each API version (Docs/social-apis.md). Endpoints name the
/// rate-limit families: `account`, `followers`, `posts`, `post`, `directMessage`.
struct XRequests {
    /// The API root (`https://api.x.com`).
    let baseURL: URL
    /// The API version.
    let version: XAPIVersion

    /// v2's user fields: every field of the follower record.
    static let userFields = "created_at,description,location,verified,public_metrics"
    /// v2's tweet fields.
    static let tweetFields = "created_at,public_metrics,non_public_metrics"

    /// The largest and default page of followers: 200 (v1.1), 1000 (v2).
    var followersPageLimit: Int { version == .v1_1 ? 200 : 1000 }
    /// The largest and default page of posts: 200 (v1.1), 100 (v2).
    var postsPageLimit: Int { version == .v1_1 ? 200 : 100 }

    /// The service's own account.
    func account() -> APIRequest {
        switch version {
        case .v1_1: .get(baseURL, path: "/1.1/account/verify_credentials.json", query: [("skip_status", "true")], endpoint: "account")
        case .v2: .get(baseURL, path: "/2/users/me", query: [("user.fields", Self.userFields)], endpoint: "account")
        }
    }

    /// A page of the account's followers; `token` nil for the first.
    func followers(of accountID: String, pageSize: Int, token: String?) -> APIRequest {
        switch version {
        case .v1_1:
            .get(
                baseURL, path: "/1.1/followers/list.json",
                query: [
                    ("user_id", accountID), ("count", String(pageSize)), ("cursor", token ?? "-1"), ("skip_status", "true"),
                    ("include_user_entities", "false"),
                ],
                endpoint: "followers")
        case .v2:
            .get(
                baseURL, path: "/2/users/\(OAuth1.percentEncode(accountID))/followers",
                query: [("max_results", String(pageSize)), ("user.fields", Self.userFields)] + (token.map { [("pagination_token", $0)] } ?? []),
                endpoint: "followers")
        }
    }

    /// A page of the account's posts, newest first; `token` (v1.1 `max_id`, v2 pagination
    /// token) nil for the first.
    func posts(of accountID: String, pageSize: Int, token: String?) -> APIRequest {
        switch version {
        case .v1_1:
            .get(
                baseURL, path: "/1.1/statuses/user_timeline.json",
                query: [("user_id", accountID), ("count", String(pageSize)), ("trim_user", "true")] + (token.map { [("max_id", $0)] } ?? []),
                endpoint: "posts")
        case .v2:
            .get(
                baseURL, path: "/2/users/\(OAuth1.percentEncode(accountID))/tweets",
                query: [("max_results", String(pageSize)), ("tweet.fields", Self.tweetFields)] + (token.map { [("pagination_token", $0)] } ?? []),
                endpoint: "posts")
        }
    }

    /// The account with its `protected` flag, for proofs.
    func publishingAccount() -> APIRequest {
        switch version {
        case .v1_1: .get(baseURL, path: "/1.1/account/verify_credentials.json", query: [("skip_status", "true")], endpoint: "account")
        case .v2: .get(baseURL, path: "/2/users/me", query: [("user.fields", "protected")], endpoint: "account")
        }
    }

    /// A page of the account's own posts, newest first, to find what it published: v1.1
    /// `max_id` is one less than the oldest id seen, v2's token is `meta.next_token`. v1.1 cuts
    /// a text past 140 characters unless `tweet_mode=extended` asks for `full_text`.
    func sentPosts(of accountID: String, token: String?) -> APIRequest {
        switch version {
        case .v1_1:
            .get(
                baseURL, path: "/1.1/statuses/user_timeline.json",
                query: [("user_id", accountID), ("count", "200"), ("trim_user", "true"), ("tweet_mode", "extended")]
                    + (token.map { [("max_id", $0)] } ?? []),
                endpoint: "posts")
        case .v2:
            .get(
                baseURL, path: "/2/users/\(OAuth1.percentEncode(accountID))/tweets",
                query: [("max_results", "100"), ("tweet.fields", "created_at,entities")] + (token.map { [("pagination_token", $0)] } ?? []),
                endpoint: "posts")
        }
    }

    /// v1.1: a page of the account's direct message events (sent and received, newest first).
    func directMessageEvents(cursor: String?) -> APIRequest {
        .get(
            baseURL, path: "/1.1/direct_messages/events/list.json", query: [("count", "50")] + (cursor.map { [("cursor", $0)] } ?? []),
            endpoint: "directMessageEvents")
    }

    /// v2: a page of the events of the account's conversation with one person, newest first.
    func directMessageEvents(with participantID: String, token: String?) -> APIRequest {
        .get(
            baseURL, path: "/2/dm_conversations/with/\(OAuth1.percentEncode(participantID))/dm_events",
            query: [("dm_event.fields", "id,text,created_at,sender_id"), ("max_results", "100")] + (token.map { [("pagination_token", $0)] } ?? []),
            endpoint: "directMessageEvents")
    }

    /// Publishes a post.
    func post(text: String) -> APIRequest {
        switch version {
        case .v1_1:
            APIRequest(
                method: "POST", url: APIRequest.makeURL(baseURL, path: "/1.1/statuses/update.json"), form: [("status", text)], endpoint: "post",
                retriesAmbiguousFailures: false)
        case .v2:
            APIRequest(
                method: "POST", url: APIRequest.makeURL(baseURL, path: "/2/tweets"), json: Self.json(["text": text]), endpoint: "post",
                retriesAmbiguousFailures: false)
        }
    }

    /// Sends a direct message.
    func directMessage(text: String, recipientID: String) -> APIRequest {
        switch version {
        case .v1_1:
            let event: [String: Any] = [
                "event": [
                    "type": "message_create",
                    "message_create": ["target": ["recipient_id": recipientID], "message_data": ["text": text]],
                ]
            ]
            return APIRequest(
                method: "POST", url: APIRequest.makeURL(baseURL, path: "/1.1/direct_messages/events/new.json"),
                json: try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys]), endpoint: "directMessage",
                retriesAmbiguousFailures: false)
        case .v2:
            return APIRequest(
                method: "POST", url: APIRequest.makeURL(baseURL, path: "/2/dm_conversations/with/\(OAuth1.percentEncode(recipientID))/messages"),
                json: Self.json(["text": text]), endpoint: "directMessage", retriesAmbiguousFailures: false)
        }
    }

    private static func json(_ object: [String: String]) -> Data {
        (try? JSONEncoder().encode(object)) ?? Data()
    }
}
