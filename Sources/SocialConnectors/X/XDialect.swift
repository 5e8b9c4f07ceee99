import Foundation
import SocialAuth

/// How X is spoken for one service: every attempt signed afresh with OAuth 1.0a (new nonce and
/// timestamp from the run's clock), rate limits read from `x-rate-limit-*`, errors of both API
/// versions mapped to messages that say what to do.
struct XDialect: APIDialect {
    /// The service's name.
    let serviceName: String
    /// The API version, to suggest the other one when an access tier lacks an endpoint.
    let apiVersion: XAPIVersion
    private let credentials: OAuth1Credentials
    private let nonce: @Sendable () -> String

    /// A dialect signing with these credentials; `nonce` is replaceable for tests.
    init(serviceName: String, apiVersion: XAPIVersion, credentials: OAuth1Credentials, nonce: @escaping @Sendable () -> String = OAuth1.makeNonce) {
        self.serviceName = serviceName
        self.apiVersion = apiVersion
        self.credentials = credentials
        self.nonce = nonce
    }

    /// A dialect for a service, its secrets read now.
    /// - Throws: `ConnectorFailure` naming the secret that cannot be read.
    init(service: Service, environment: [String: String]) throws(ConnectorFailure) {
        func secret(_ role: String) throws(ConnectorFailure) -> String {
            do {
                return try service.secret(role, environment: environment)
            } catch {
                throw ConnectorFailure(
                    service: service.name,
                    message: "\(service.displayName): cannot read its \(role) (\(service.secrets[role]?.description ?? "not declared")): \(error)",
                    retryability: .permanent(reason: ConnectorFailure.secretReason))
            }
        }
        self.init(
            serviceName: service.name, apiVersion: service.apiVersion,
            credentials: OAuth1Credentials(
                consumerKey: try secret("consumerKey"), consumerSecret: try secret("consumerSecret"),
                token: try secret("accessToken"), tokenSecret: try secret("accessTokenSecret")))
    }

    var serviceDescription: String { "X service '\(serviceName)'" }

    var rateLimitName: String { "X rate limit" }

    /// The secret values, to scrub from anything the server echoes.
    var secretValues: [String] {
        [credentials.consumerKey, credentials.consumerSecret, credentials.token, credentials.tokenSecret]
    }

    func authorize(_ request: APIRequest, attempt: Int, now: Date) throws -> AuthorizedRequest {
        guard let header = OAuth1.authorizationHeader(
            method: request.method, url: request.url, bodyParameters: request.form ?? [], credentials: credentials,
            nonce: nonce(), timestamp: Int(now.timeIntervalSince1970))
        else {
            throw ConnectorFailure(
                service: serviceName, message: "\(serviceDescription): cannot sign a request to \(Redaction.url(request.url)); check its baseURL",
                retryability: .permanent(reason: ConnectorFailure.baseURLReason))
        }
        return AuthorizedRequest(url: request.url, headers: [("Authorization", header)])
    }

    func verdict(for response: APIResponse, now: Date) -> APIVerdict {
        judge(response, request: nil, now: now)
    }

    func verdict(for response: APIResponse, to request: APIRequest, now: Date) -> APIVerdict {
        judge(response, request: request, now: now)
    }

    private func judge(_ response: APIResponse, request: APIRequest?, now: Date) -> APIVerdict {
        let status = response.status
        if (200..<300).contains(status) { return .success(pauseBeforeNext: 0) }
        if status == 429 || status == 420 {
            let reset = RateLimitWindow(xHeadersOf: response)?.reset
            return .waitUntil(reset.flatMap { $0 > now ? $0 : nil } ?? now.addingTimeInterval(60), reason: rateLimitName)
        }
        if status >= 500 {
            return .retry(reason: "HTTP \(status)\(request.map { " from \(Redaction.url($0.url))" } ?? "")")
        }
        var failure = XErrorMapping.failure(
            status: status, body: response.body, service: serviceName, endpoint: request?.endpoint ?? "this request",
            apiVersion: apiVersion, secrets: secretValues)
        if let request, !request.retriesAmbiguousFailures {
            failure.sendOutcome = XErrorMapping.sendOutcome(status: status, body: response.body, secrets: secretValues)
        }
        return .fail(failure)
    }
}
