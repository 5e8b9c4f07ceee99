/// What `wfrun services check` finds out about one service: can its API be reached, are its
/// credentials accepted, which account they belong to.
public struct ServiceCheck: Sendable, Codable, Hashable {
    /// The service's name.
    public var service: String
    /// Its network.
    public var type: ServiceType
    /// Whether the API answered at all.
    public var reachable: Bool
    /// Whether the credentials were accepted (nil when the API could not be reached).
    public var credentialsValid: Bool?
    /// The account the credentials belong to: the X screen name, the Facebook page name.
    public var account: String?
    /// Whether the service's name equals the account's name (X requires it; nil when unknown).
    public var nameMatches: Bool?
    /// What is wrong and what to do, if anything; never a secret.
    public var problem: String?

    /// Creates a check result.
    public init(
        service: String, type: ServiceType, reachable: Bool, credentialsValid: Bool? = nil, account: String? = nil,
        nameMatches: Bool? = nil, problem: String? = nil
    ) {
        self.service = service
        self.type = type
        self.reachable = reachable
        self.credentialsValid = credentialsValid
        self.account = account
        self.nameMatches = nameMatches
        self.problem = problem
    }
}
