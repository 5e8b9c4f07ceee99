import Foundation
import SocialAuth

/// The Graph API calls of the connector (Docs/social-apis.md), before authorization. The
/// `endpoint` of each is its rate-limit family and what wait messages name.
enum FacebookRequests {
    /// The fields of the `page` resource.
    static let pageFields = "id,name,category,link,followers_count,fan_count"
    /// The fields of the `posts` resource: counts as summaries, no reaction or comment objects.
    static let postFields = "id,message,created_time,permalink_url,shares,reactions.summary(total_count).limit(0),comments.summary(true).limit(0)"

    /// `GET /{page-id}?fields=…`.
    static func page(_ page: PageAccess, fields: String = pageFields) -> APIRequest {
        .get(page.baseURL, path: "/\(page.pageID)", query: [("fields", fields)], endpoint: "page")
    }

    /// `GET /{page-id}/posts?fields=…&limit=N[&after=C]`.
    static func posts(_ page: PageAccess, fields: String = postFields, limit: Int, after: String?) -> APIRequest {
        var query: [(name: String, value: String)] = [("fields", fields), ("limit", String(limit))]
        if let after { query.append(("after", after)) }
        return .get(page.baseURL, path: "/\(page.pageID)/posts", query: query, endpoint: "posts")
    }

    /// `POST /{page-id}/feed`, form `message=…[&link=…]`: a send, never retried after a failure
    /// that may have let it through.
    static func feedPost(_ page: PageAccess, message: String, link: String?) -> APIRequest {
        var form: [OAuth1.Parameter] = [("message", message)]
        if let link, !link.isEmpty { form.append(("link", link)) }
        return APIRequest(
            method: "POST", url: APIRequest.makeURL(page.baseURL, path: "/\(page.pageID)/feed"), form: form, endpoint: "feed",
            retriesAmbiguousFailures: false)
    }

    /// `GET /{post-id}/comments?fields=id,from{id,name}&limit=100[&after=C]`.
    static func comments(_ page: PageAccess, postID: String, after: String?) -> APIRequest {
        var query: [(name: String, value: String)] = [("fields", "id,from{id,name}"), ("limit", String(FacebookResource.fanPageSize))]
        if let after { query.append(("after", after)) }
        return .get(page.baseURL, path: "/\(postID)/comments", query: query, endpoint: "comments")
    }

    /// `GET /{post-id}/reactions?fields=id,name,type&limit=100[&after=C]`.
    static func reactions(_ page: PageAccess, postID: String, after: String?) -> APIRequest {
        var query: [(name: String, value: String)] = [("fields", "id,name,type"), ("limit", String(FacebookResource.fanPageSize))]
        if let after { query.append(("after", after)) }
        return .get(page.baseURL, path: "/\(postID)/reactions", query: query, endpoint: "reactions")
    }

    /// `GET /{page-id}/insights?metric=a,b&period=P`.
    static func insights(_ page: PageAccess, metrics: [String], period: String) -> APIRequest {
        .get(
            page.baseURL, path: "/\(page.pageID)/insights", query: [("metric", metrics.joined(separator: ",")), ("period", period)],
            endpoint: "insights")
    }
}
