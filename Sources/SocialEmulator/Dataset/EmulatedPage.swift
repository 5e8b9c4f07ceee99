import Foundation

/// One of the emulator's Facebook pages, with the token and app secret that reach it.
/// The values are fixed public sandbox values, not secrets.
public struct EmulatedPage: Sendable, Hashable {
    /// The page id (numeric).
    public var id: String
    /// The page name.
    public var name: String
    /// The page category.
    public var category: String
    /// The page's facebook.com address.
    public var link: String
    /// People following the page.
    public var followersCount: Int
    /// People who like the page.
    public var fanCount: Int
    /// The service name in the sandbox services file (`wfrunpage`, `wfrunpage2`, …).
    public var serviceName: String
    /// The page access token.
    public var accessToken: String
    /// The app secret of `appsecret_proof`, shared by all pages.
    public var appSecret: String
    /// The visitor folder its fans go to.
    public var visitorFolder: String
    /// Its position among the pages (0 is `wfrunpage`).
    public var index: Int
    /// The id of the page's app, whose login dialog signs people in (`client_id`); its secret is
    /// `appSecret`. A public sandbox value.
    public var appID: String

    /// Creates a page; `appID` defaults to the sandbox app id of its index.
    public init(
        id: String, name: String, category: String, link: String, followersCount: Int, fanCount: Int,
        serviceName: String, accessToken: String, appSecret: String, visitorFolder: String, index: Int, appID: String? = nil
    ) {
        self.id = id
        self.name = name
        self.category = category
        self.link = link
        self.followersCount = followersCount
        self.fanCount = fanCount
        self.serviceName = serviceName
        self.accessToken = accessToken
        self.appSecret = appSecret
        self.visitorFolder = visitorFolder
        self.index = index
        self.appID = appID ?? Self.sandboxAppID(index: index)
    }

    /// The sandbox app id of the page with this index: `880100200300001`, `880100200300002`, …
    public static func sandboxAppID(index: Int) -> String {
        String(880_100_200_300_001 + UInt64(max(index, 0)))
    }

    /// The app secret shared by the sandbox pages.
    public static let sandboxAppSecret = "sandbox-app-secret-wfrun"
}

/// Someone who comments on or reacts to a page's posts.
public struct EmulatedPerson: Sendable, Hashable {
    /// The app-scoped id (numeric).
    public var id: String
    /// The name.
    public var name: String
    /// The email address Facebook Login gives when the person shares it (`@example.com`).
    public var email: String

    /// Creates a person; `email` defaults to one made from the id.
    public init(id: String, name: String, email: String? = nil) {
        self.id = id
        self.name = name
        self.email = email ?? "person.\(id)@example.com"
    }
}

/// A post of a page, newest first in `EmulatorDataset.posts(of:)`.
public struct EmulatedPagePost: Sendable, Hashable {
    /// `{page-id}_{post-id}`.
    public var id: String
    /// The page it belongs to (its index).
    public var pageIndex: Int
    /// Its position among the page's generated posts (0 is the newest); published posts have none.
    public var index: Int?
    /// The text, nil for a post without one (a shared photo).
    public var message: String?
    /// When it was posted.
    public var createdTime: Date
    /// Its facebook.com address.
    public var permalinkURL: String
    /// Shares, nil when nobody shared it (the API leaves `shares` out).
    public var shares: Int?
    /// Reactions in total.
    public var reactionCount: Int
    /// Comments in total.
    public var commentCount: Int

    /// Creates a post.
    public init(
        id: String, pageIndex: Int, index: Int?, message: String?, createdTime: Date, permalinkURL: String,
        shares: Int?, reactionCount: Int, commentCount: Int
    ) {
        self.id = id
        self.pageIndex = pageIndex
        self.index = index
        self.message = message
        self.createdTime = createdTime
        self.permalinkURL = permalinkURL
        self.shares = shares
        self.reactionCount = reactionCount
        self.commentCount = commentCount
    }
}

/// A comment on a page post.
public struct EmulatedComment: Sendable, Hashable {
    /// `{post-id}_{comment-id}`.
    public var id: String
    /// Who wrote it; nil when the person's privacy settings hide it (the API leaves `from` out).
    public var from: EmulatedPerson?
    /// The text.
    public var message: String
    /// When it was written.
    public var createdTime: Date

    /// Creates a comment.
    public init(id: String, from: EmulatedPerson?, message: String, createdTime: Date) {
        self.id = id
        self.from = from
        self.message = message
        self.createdTime = createdTime
    }
}

/// A reaction to a page post: one per person and post.
public struct EmulatedReaction: Sendable, Hashable {
    /// Who reacted.
    public var person: EmulatedPerson
    /// `LIKE`, `LOVE`, `CARE`, `HAHA`, `WOW`, `SAD` or `ANGRY`.
    public var type: String

    /// Creates a reaction.
    public init(person: EmulatedPerson, type: String) {
        self.person = person
        self.type = type
    }
}
