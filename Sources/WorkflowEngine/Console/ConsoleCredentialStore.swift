import Foundation

/// Where the console's credential is kept: the hash of its token and the key that signs its
/// sessions, one of each per store, so that every node serving the store accepts the same token
/// and the same sessions. The token itself is never stored.
public protocol ConsoleCredentialStore: Sendable {
    /// The credential, if one was made.
    func consoleCredential() async throws -> ConsoleCredential?
    /// Stores `credential` unless the store already has one; true when it was stored (the first
    /// start), false when another was there (it is kept).
    func createConsoleCredential(_ credential: ConsoleCredential) async throws -> Bool
    /// Replaces the credential (a rotation): the old token and every session signed with the old
    /// key stop working.
    func replaceConsoleCredential(_ credential: ConsoleCredential) async throws
}

/// The console's credential as stored.
public struct ConsoleCredential: Sendable, Hashable {
    /// The token's SHA-256, in lowercase hexadecimal.
    public var tokenHash: String
    /// The key that signs session cookies and CSRF tokens, in base64 (32 random bytes).
    public var signingKey: String
    /// When it was made.
    public var createdAt: Date

    /// Creates a credential.
    public init(tokenHash: String, signingKey: String, createdAt: Date) {
        self.tokenHash = tokenHash
        self.signingKey = signingKey
        self.createdAt = createdAt
    }
}
