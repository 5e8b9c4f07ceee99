import Foundation

/// A person's profile as a sign-in returns it. Only fields the network gave are non-nil.
public struct SignedInProfile: Sendable, Equatable {
    /// The person's id on the network (X user id, Facebook app-scoped id).
    public var id: String
    /// The X screen name; nil on Facebook.
    public var username: String?
    /// The display name.
    public var name: String?
    /// X's `followers_count`; nil on Facebook.
    public var followers: Int?
    /// X's verified flag; nil on Facebook.
    public var verified: Bool?
    /// The email address, on Facebook only and only when the person granted it; nil on X.
    public var email: String?

    /// Creates a profile.
    public init(
        id: String, username: String? = nil, name: String? = nil, followers: Int? = nil, verified: Bool? = nil, email: String? = nil
    ) {
        self.id = id
        self.username = username
        self.name = name
        self.followers = followers
        self.verified = verified
        self.email = email
    }
}

/// The person's own X credentials after `oauth/access_token`. Never stored or logged: they are
/// used once, to read the profile, and dropped.
public struct XUserCredentials: Sendable {
    /// The person's X user id.
    public var userID: String
    /// The person's screen name.
    public var screenName: String
    /// The person's access token.
    public var token: String
    /// The person's access token secret.
    public var tokenSecret: String

    /// Creates credentials.
    public init(userID: String, screenName: String, token: String, tokenSecret: String) {
        self.userID = userID
        self.screenName = screenName
        self.token = token
        self.tokenSecret = tokenSecret
    }
}

/// Why a sign-in step failed, in words a person can act on. It never contains a token, secret,
/// verifier or code, nor a URL with a query string.
public struct SignInError: Error, Sendable, CustomStringConvertible {
    /// The message.
    public var description: String
    /// The HTTP status the network answered, when it answered.
    public var status: Int?
    /// The network's error code (X `errors[].code`, Graph `error.code`), when it gave one.
    public var code: Int?

    /// Creates an error.
    public init(_ description: String, status: Int? = nil, code: Int? = nil) {
        self.description = description
        self.status = status
        self.code = code
    }
}
