import Foundation
import Testing
import WorkflowEngine

@testable import SocialConnectors

/// What the connectors' errors say about retrying: configuration, credentials, access and the
/// other 4xx are permanent (the engine's `<retry>` fails at once); rate limits, timeouts, 5xx and
/// an API that gave up after its own retries are transient.
@Suite struct ConnectorRetryabilityTests {
    @Test func statusesSayWhetherRetryingCanHelp() {
        #expect(ConnectorFailure.retryability(status: 401) == .permanent(reason: "the credentials were refused (HTTP 401)"))
        #expect(ConnectorFailure.retryability(status: 403)
            == .permanent(reason: "access was refused (HTTP 403: the app's permissions or the access tier)"))
        #expect(ConnectorFailure.retryability(status: 404) == .permanent(reason: "the request was refused (HTTP 404)"))
        #expect(ConnectorFailure.retryability(status: 400) == .permanent(reason: "the request was refused (HTTP 400)"))
        for status in [nil, 408, 420, 429, 500, 502, 503, 504] {
            #expect(ConnectorFailure.retryability(status: status) == .transient, "\(status.map(String.init) ?? "no status")")
        }
    }

    @Test func xErrorAnswersArePermanent() {
        let dialect = XDialect(serviceName: "acme", apiVersion: .v2, credentials: Fixtures.credentials)
        let request = APIRequest.get(URL(string: "https://api.x.com")!, path: "/2/users/42/followers", endpoint: "followers")
        func retryability(_ status: Int, _ body: String) -> Retryability? {
            let response = APIResponse(status: status, headers: [], body: Data(body.utf8))
            guard case .fail(let failure) = dialect.verdict(for: response, to: request, now: Fixtures.start) else { return nil }
            return failure.retryability
        }
        #expect(retryability(401, #"{"errors":[{"code":89,"message":"Invalid or expired token."}]}"#)
            == .permanent(reason: "the credentials were refused (HTTP 401)"))
        #expect(retryability(403, #"{"errors":[{"code":453,"message":"subset"}]}"#)
            == .permanent(reason: "access was refused (HTTP 403: the app's permissions or the access tier)"))
        #expect(retryability(404, "{}") == .permanent(reason: "the request was refused (HTTP 404)"))
    }

    @Test func facebookFailuresArePermanentByTheirCode() {
        let dialect = FacebookDialect(serviceName: "acmepage", operation: .posts, accessToken: "token", appSecret: nil)
        let request = APIRequest.get(URL(string: "https://graph.facebook.com/v24.0")!, path: "/1001/posts", endpoint: "posts")
        func retryability(_ status: Int, _ code: Int) -> Retryability? {
            let body = #"{"error":{"message":"m","type":"OAuthException","code":\#(code),"fbtrace_id":"x"}}"#
            let response = APIResponse(status: status, headers: [], body: Data(body.utf8))
            guard case .fail(let failure) = dialect.verdict(for: response, to: request, now: Fixtures.start) else { return nil }
            return failure.retryability
        }
        #expect(retryability(400, 190) == .permanent(reason: "the credentials were refused (Graph code 190: the page access token is no longer valid)"))
        #expect(retryability(200, 200) == .permanent(reason: "access was refused (Graph code 200: a permission is missing)"))
        #expect(retryability(400, 368) == .permanent(reason: "Facebook blocks this action for a while (Graph code 368)"))
        #expect(retryability(400, 803) == .permanent(reason: "the request was refused (HTTP 400, Graph code 803)"))
        #expect(retryability(500, 2) == nil, "code 2 is retried by the client, not a failure")
    }

    /// A secret that cannot be read fails the fetch for good, whatever the reason.
    @Test func unreadableSecretsArePermanent() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfrun-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let open = folder.appendingPathComponent("open.key").path
        try "ck-value\n".write(toFile: open, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: open)
        let cases: [(Secret, String)] = [
            (Secret(.file(open)), "secret file \(open) is readable by others (mode 644): run chmod 600 \(open)"),
            (Secret(.file(folder.path)), "cannot read secret file \(folder.path) (not a regular file)"),
            (Secret(.environment("WFRUN_TEST_UNSET_VARIABLE")), "environment variable WFRUN_TEST_UNSET_VARIABLE is not set: export it before running wfrun"),
        ]
        for (secret, said) in cases {
            var secrets = Fixtures.xService(baseURL: URL(string: "https://api.x.com")!).secrets
            secrets["consumerKey"] = secret
            let service = Service(name: "acme", type: .twitter, secrets: secrets)
            do {
                _ = try XDialect(service: service, environment: [:])
                Issue.record("\(secret) was read")
            } catch {
                #expect(error.message == "X service 'acme': cannot read its consumerKey (\(secret)): \(said)")
                #expect(error.retryability == .permanent(reason: "a configuration error (a secret of the service cannot be read)"))
            }
        }
        #expect(SecretError.fileEmpty("/k").retryability == .permanent(reason: ConnectorFailure.secretReason))
    }

    @Test func theClientsOwnVerdictsAreClassified() async throws {
        // Gave up after its own retries of a 5xx: the engine may try again later.
        try await ScriptedServer.with(Array(repeating: .json(503, "{}"), count: 2)) { server in
            let client = Fixtures.xClient(baseURL: server.baseURL, clock: ManualClock(start: Fixtures.start), limits: APILimits(maxAttempts: 2))
            do {
                _ = try await client.send(.get(server.baseURL, path: "/2/users/me", endpoint: "account"))
                Issue.record("a 503 succeeded")
            } catch let failure as ConnectorFailure {
                #expect(failure.retryability == .transient)
            }
        }
        // Nothing ever answered at the base URL: the client fails at once, and so does the engine.
        let closed = try ClosedPort()
        defer { closed.release() }
        let url = URL(string: "http://127.0.0.1:\(closed.port)")!
        let client = Fixtures.xClient(baseURL: url, clock: ManualClock(start: Fixtures.start))
        do {
            _ = try await client.send(.get(url, path: "/2/users/me", endpoint: "account"))
            Issue.record("a closed port answered")
        } catch let failure as ConnectorFailure {
            #expect(failure.retryability == .permanent(reason: "a configuration error (nothing answers at the service's baseURL)"))
        }
    }

    @Test func configurationErrorsArePermanent() {
        #expect(ServiceSelectionError.noServices(type: .twitter).retryability == .permanent(reason: "a configuration error (the services selection)"))
        #expect(XConnectorError.badParameter("p").retryability == .permanent(reason: "a defect of the workflow's definition"))
        #expect(FacebookConnectorError.unknownResource("r").retryability == .permanent(reason: "a defect of the workflow's definition"))
        #expect(HTTPTransportError(kind: .connectionReset, detail: "reset").retryability == .transient)
        #expect(HTTPTransportError(kind: .timeout, detail: "read timeout").retryability == .transient)
    }
}
