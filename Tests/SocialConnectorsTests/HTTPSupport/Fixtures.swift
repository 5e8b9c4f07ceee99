import Foundation
import SocialAuth
import WorkflowEngine

@testable import SocialConnectors

/// Values shared by the HTTP and X tests.
enum Fixtures {
    /// 2026-01-01T00:00:00Z: where every ManualClock starts.
    static let start = Date(timeIntervalSince1970: 1_767_225_600)

    /// Credentials whose values must never appear in a message.
    static let credentials = OAuth1Credentials(
        consumerKey: "ck-SECRET-consumer-key-1111", consumerSecret: "cs-SECRET-consumer-secret-2222",
        token: "at-SECRET-access-token-3333", tokenSecret: "ts-SECRET-token-secret-4444")

    /// Every secret value of the fixtures.
    static let secretValues = [credentials.consumerKey, credentials.consumerSecret, credentials.token, credentials.tokenSecret]

    /// An X service named `acme` at `baseURL`, its secrets inline.
    static func xService(
        _ name: String = "acme", baseURL: URL, version: XAPIVersion = .v2, credentials: OAuth1Credentials = credentials,
        folder: String? = "Visitors", sync: Bool = true
    ) -> Service {
        Service(
            name: name, label: "\(name) on X", type: .twitter, apiVersion: version, baseURL: baseURL, visitorFolder: folder,
            syncSubscriptions: sync,
            secrets: [
                "consumerKey": Secret(.value(credentials.consumerKey)), "consumerSecret": Secret(.value(credentials.consumerSecret)),
                "accessToken": Secret(.value(credentials.token)), "accessTokenSecret": Secret(.value(credentials.tokenSecret)),
            ])
    }

    /// A client of X service `acme` at `baseURL`.
    static func xClient(
        baseURL: URL, version: XAPIVersion = .v2, clock: ManualClock, limits: APILimits = APILimits(), seed: UInt64 = 7
    ) -> APIClient {
        APIClient(
            dialect: XDialect(serviceName: "acme", apiVersion: version, credentials: credentials), transport: transport,
            clock: clock, limits: limits, jitter: SeededJitter(seed: seed))
    }

    /// One transport for every test of the process (never shut down, like `HTTPTransport.shared`).
    static let transport = HTTPTransport(connectTimeout: 2, readTimeout: 10)

    /// The `x-rate-limit-*` headers announcing `remaining` requests until `reset`.
    static func rateHeaders(remaining: Int, reset: Date, limit: Int = 15) -> [(String, String)] {
        [
            ("x-rate-limit-limit", String(limit)), ("x-rate-limit-remaining", String(remaining)),
            ("x-rate-limit-reset", String(Int(reset.timeIntervalSince1970))),
        ]
    }

    /// What an error thrown by `body` says, or nil if nothing was thrown.
    static func message(of body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch {
            return "\(error)"
        }
    }
}
