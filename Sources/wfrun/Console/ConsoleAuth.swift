import Crypto
import Foundation
import Synchronization
import WorkflowEngine

/// The console's one credential: a token people sign in with (only its SHA-256 is stored) and a
/// key that signs their sessions. Sessions are cookies that carry their own expiry and a
/// signature, so any node serving the store accepts them; rotating the token (`wfrun console
/// token --rotate`) changes the key too, which ends every session.
final class ConsoleAuth: Sendable {
    /// How long a session lasts from sign-in.
    static let sessionSeconds = 12 * 3600
    /// How long a read credential is trusted before the store is asked again (a rotation by
    /// another process takes effect within this).
    static let cacheSeconds: Double = 1

    private let store: any ConsoleCredentialStore
    private let cached = Mutex<(credential: ConsoleCredential, key: SymmetricKey, readAt: Date)?>(nil)

    init(store: any ConsoleCredentialStore) {
        self.store = store
    }

    /// A new token: `wfc_` and 43 characters of base64url (32 random bytes).
    static func newToken() -> String { "wfc_" + Base64URL.encode(randomBytes(32)) }

    /// The SHA-256 of `token` in lowercase hexadecimal, as stored.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A new credential for `token`, with a new signing key.
    static func credential(for token: String, at instant: Date) -> ConsoleCredential {
        ConsoleCredential(tokenHash: hash(token), signingKey: Data(randomBytes(32)).base64EncodedString(), createdAt: instant)
    }

    /// Makes the store's credential if it has none (the first start) and returns its token, to
    /// be shown once; nil when one existed.
    func makeCredentialIfNone() async throws -> String? {
        let token = Self.newToken()
        return try await store.createConsoleCredential(Self.credential(for: token, at: Date())) ? token : nil
    }

    /// Replaces the credential and returns the new token.
    static func rotate(in store: any ConsoleCredentialStore) async throws -> String {
        let token = newToken()
        try await store.replaceConsoleCredential(credential(for: token, at: Date()))
        return token
    }

    /// Whether `token` is the console's token.
    func accepts(token: String) async -> Bool {
        guard token.utf8.count <= 256, let (credential, _) = try? await current() else { return false }
        return Self.constantTimeEqual(Self.hash(token), credential.tokenHash)
    }

    /// A new session: the cookie's value and the CSRF token its forms carry.
    func newSession() async throws -> (cookie: String, csrf: String) {
        let (_, key) = try await current()
        let expires = Int(Date().timeIntervalSince1970) + Self.sessionSeconds
        let nonce = Base64URL.encode(Self.randomBytes(18))
        let body = "v1.\(expires).\(nonce)"
        return ("\(body).\(Self.sign(body, key))", Self.sign("csrf.\(nonce)", key))
    }

    /// The session a cookie value stands for, if it is one this console signed and it has not
    /// expired: its CSRF token.
    func session(cookie: String?) async -> ConsoleSession? {
        guard let cookie, cookie.utf8.count <= 200 else { return nil }
        let parts = cookie.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "v1", let expires = Int(parts[1]), let (_, key) = try? await current() else { return nil }
        let body = parts[0...2].joined(separator: ".")
        guard Self.constantTimeEqual(Self.sign(body, key), String(parts[3])), expires > Int(Date().timeIntervalSince1970) else {
            return nil
        }
        return ConsoleSession(csrf: Self.sign("csrf.\(parts[2])", key))
    }

    /// The CSRF token of the sign-in form, bound to the random value of its pre-session cookie.
    func loginCSRF(nonce: String) async throws -> String {
        let (_, key) = try await current()
        return Self.sign("login.\(nonce)", key)
    }

    /// Whether `given` is the sign-in form's CSRF token for `nonce`.
    func acceptsLoginCSRF(_ given: String?, nonce: String?) async -> Bool {
        guard let given, let nonce, nonce.utf8.count <= 64, let expected = try? await loginCSRF(nonce: nonce) else { return false }
        return Self.constantTimeEqual(given, expected)
    }

    /// The credential (read at most once a second) and its key. Fails when the store has none.
    private func current() async throws -> (ConsoleCredential, SymmetricKey) {
        let now = Date()
        if let known = cached.withLock({ $0 }), now.timeIntervalSince(known.readAt) < Self.cacheSeconds, now >= known.readAt {
            return (known.credential, known.key)
        }
        guard let credential = try await store.consoleCredential() else { throw ConsoleAuthError.noCredential }
        guard let keyBytes = Data(base64Encoded: credential.signingKey), keyBytes.count >= 32 else { throw ConsoleAuthError.noCredential }
        let key = SymmetricKey(data: keyBytes)
        cached.withLock { $0 = (credential, key, now) }
        return (credential, key)
    }

    private static func sign(_ text: String, _ key: SymmetricKey) -> String {
        Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
    }

    /// Equal strings, in a time that does not depend on where they differ.
    static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8), b = Array(right.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

/// A signed-in session.
struct ConsoleSession: Sendable {
    /// The token its forms and API calls must carry.
    let csrf: String
}

enum ConsoleAuthError: Error, CustomStringConvertible {
    case noCredential

    var description: String { "the store has no console token yet: `wfrun serve` makes one at its first start" }
}

/// base64url without padding.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
