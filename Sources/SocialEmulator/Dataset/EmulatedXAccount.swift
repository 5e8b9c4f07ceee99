import SocialAuth

/// One of the emulator's own X accounts: the accounts `wfrun run --sandbox` connects to.
/// Credentials are fixed public sandbox values, not secrets.
public struct EmulatedXAccount: Sendable, Hashable {
    /// The screen name (`wfrun_demo`).
    public var screenName: String
    /// The account's numeric id.
    public var id: String
    /// The OAuth 1.0a credentials that sign its requests.
    public var credentials: OAuth1Credentials
    /// The service label of the sandbox services file.
    public var label: String
    /// The visitor folder its followers go to.
    public var visitorFolder: String
    /// Whether the sandbox syncs its followers.
    public var syncSubscriptions: Bool
    /// Whether it is a test account.
    public var test: Bool
    /// Its position among the X accounts: account k has the followers with global indexes
    /// `k·N/2 ..< k·N/2 + N`, so neighbouring accounts share half of their followers.
    public var index: Int

    /// Creates an account.
    public init(
        screenName: String, id: String, credentials: OAuth1Credentials, label: String, visitorFolder: String,
        syncSubscriptions: Bool, test: Bool, index: Int
    ) {
        self.screenName = screenName
        self.id = id
        self.credentials = credentials
        self.label = label
        self.visitorFolder = visitorFolder
        self.syncSubscriptions = syncSubscriptions
        self.test = test
        self.index = index
    }

    /// The consumer key and secret of the sandbox app, shared by its accounts.
    public static let sandboxConsumerKey = "sandbox-consumer-key-wfrun"
    /// The consumer secret of the sandbox app.
    public static let sandboxConsumerSecret = "sandbox-consumer-secret-wfrun"

    /// The three sandbox accounts, in index order.
    public static let sandbox: [EmulatedXAccount] = [
        make(index: 0, screenName: "wfrun_demo", label: "wfrun demo on X", folder: "Visitors", sync: true, test: false),
        make(index: 1, screenName: "wfrun_news", label: "wfrun news on X", folder: "News followers", sync: true, test: false),
        make(index: 2, screenName: "wfrun_proofs", label: "wfrun proofs on X (test account)", folder: "Visitors", sync: false, test: true),
    ]

    private static func make(index: Int, screenName: String, label: String, folder: String, sync: Bool, test: Bool) -> EmulatedXAccount {
        let id = String(1_720_000_000_000_000_001 + index)
        let credentials = OAuth1Credentials(
            consumerKey: sandboxConsumerKey, consumerSecret: sandboxConsumerSecret,
            token: "\(id)-sandbox-access-token-\(screenName)", tokenSecret: "sandbox-access-token-secret-\(screenName)")
        return EmulatedXAccount(
            screenName: screenName, id: id, credentials: credentials, label: label, visitorFolder: folder,
            syncSubscriptions: sync, test: test, index: index)
    }
}
