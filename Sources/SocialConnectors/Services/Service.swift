import Foundation

/// The social network a service belongs to; `type="…"` in the services file.
public enum ServiceType: String, Sendable, Hashable, Codable, CaseIterable {
    /// An X (Twitter) account, read by `XConnector`.
    case twitter
    /// A Facebook page, read by `FacebookConnector`.
    case facebook

    /// The network's name as messages show it: `X`, `Facebook`.
    public var displayName: String {
        switch self {
        case .twitter: "X"
        case .facebook: "Facebook"
        }
    }

    /// The API root used when a service does not set `baseURL`.
    public var defaultBaseURL: URL {
        switch self {
        case .twitter: URL(string: "https://api.x.com")!
        case .facebook: URL(string: "https://graph.facebook.com/v24.0")!
        }
    }
}

/// Which X API a twitter service talks to; `apiVersion="…"` in the services file.
public enum XAPIVersion: String, Sendable, Hashable, Codable {
    /// v1.1, what the original product used (elevated access).
    case v1_1 = "1.1"
    /// v2, today's API (the default).
    case v2 = "2"
}

/// One social account (an X account or a Facebook page) with its credentials, as the services
/// file declares it. Secrets are references (an environment variable, a file), read only when a
/// request is signed.
public struct Service: Sendable {
    /// The internal name; for X it must equal the account's screen name.
    public var name: String
    /// What people call it (`ACME on X`).
    public var label: String
    /// The network.
    public var type: ServiceType
    /// The X API version (ignored for Facebook).
    public var apiVersion: XAPIVersion
    /// The API root: `https://api.x.com`, `https://graph.facebook.com/v24.0`, or an emulator's.
    public var baseURL: URL
    /// The folder visitors found through this service go to.
    public var visitorFolder: String?
    /// Whether `services="synchronized"` selects it.
    public var syncSubscriptions: Bool
    /// A protected test account: proofs are sent only to test services.
    public var test: Bool
    /// The Facebook page id (facebook services only).
    public var pageId: String?
    /// The id of the Facebook app that signs people in with Facebook Login (facebook services
    /// only; its secret is the `appSecret` secret).
    public var appId: String?
    /// The credentials by role: `consumerKey`, `consumerSecret`, `accessToken`,
    /// `accessTokenSecret` (X); `pageAccessToken`, `appSecret` (Facebook).
    public var secrets: [String: Secret]
    /// Where the service is declared, for messages (nil when built in code).
    public var location: String?

    /// Creates a service; `baseURL` defaults to the network's public API root.
    public init(
        name: String, label: String? = nil, type: ServiceType, apiVersion: XAPIVersion = .v2, baseURL: URL? = nil,
        visitorFolder: String? = nil, syncSubscriptions: Bool = false, test: Bool = false, pageId: String? = nil,
        appId: String? = nil, secrets: [String: Secret] = [:], location: String? = nil
    ) {
        self.name = name
        self.label = label ?? name
        self.type = type
        self.apiVersion = apiVersion
        self.baseURL = baseURL ?? type.defaultBaseURL
        self.visitorFolder = visitorFolder
        self.syncSubscriptions = syncSubscriptions
        self.test = test
        self.pageId = pageId
        self.appId = appId
        self.secrets = secrets
        self.location = location
    }

    /// `X service 'acme'`, `Facebook service 'acmepage'`: how messages name it.
    public var displayName: String { "\(type.displayName) service '\(name)'" }

    /// The secret of this role, read now.
    /// - Throws: `SecretError` when it is not declared or cannot be read.
    public func secret(_ role: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(SecretError) -> String {
        guard let secret = secrets[role] else { throw .notDeclared(role: role, service: name) }
        return try secret.reveal(environment: environment)
    }
}

/// The secret roles of each service type, in the order the services file lists them.
public enum SecretRole {
    /// X's OAuth 1.0a keys; all four are required.
    public static let twitter = ["consumerKey", "consumerSecret", "accessToken", "accessTokenSecret"]
    /// Facebook's page token (required) and app secret (optional: enables `appsecret_proof`).
    public static let facebook = ["pageAccessToken", "appSecret"]
    /// The roles a service of this type must declare.
    public static func required(for type: ServiceType) -> [String] {
        switch type {
        case .twitter: twitter
        case .facebook: ["pageAccessToken"]
        }
    }
    /// The roles a service of this type may declare.
    public static func allowed(for type: ServiceType) -> [String] {
        switch type {
        case .twitter: twitter
        case .facebook: facebook
        }
    }
}
