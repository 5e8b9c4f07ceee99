import AsyncHTTPClient
import Foundation
import NIOCore
import SocialAuth
import SocialEmulator
import Synchronization

/// A clock the tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_795_500_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: Double) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// The closure an `EmulatorConfiguration` takes.
    var function: @Sendable () -> Date { { self.now } }
}

/// One response, read whole.
struct TestResponse {
    let status: Int
    let headers: [String: String]
    let body: String

    /// The body as a JSON object (nil when it is not one).
    var object: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
    /// The body as a JSON array.
    var array: [[String: Any]]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [[String: Any]] }
    /// Whether the body parses as JSON at all.
    var isJSON: Bool { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) != nil }

    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Real HTTP requests to an emulator over loopback: X requests signed with OAuth 1.0a, Graph
/// requests with a page token and its appsecret_proof.
struct EmulatorClient {
    let emulator: SocialEmulator
    var clock: TestClock?
    var timeout: TimeAmount = .seconds(10)

    init(_ emulator: SocialEmulator, clock: TestClock? = nil) {
        self.emulator = emulator
        self.clock = clock
    }

    /// Starts an emulator on an ephemeral port, runs `body`, and shuts the emulator down.
    static func with<T>(
        _ configuration: EmulatorConfiguration = EmulatorConfiguration(), clock: TestClock? = nil,
        _ body: (EmulatorClient) async throws -> T
    ) async throws -> T {
        var configuration = configuration
        if let clock { configuration.now = clock.function }
        let emulator = try await SocialEmulator.start(configuration)
        do {
            let result = try await body(EmulatorClient(emulator, clock: clock))
            try await emulator.shutdown()
            return result
        } catch {
            try await emulator.shutdown()
            throw error
        }
    }

    var demo: EmulatedXAccount { emulator.dataset.xAccounts[0] }
    var news: EmulatedXAccount { emulator.dataset.xAccounts[1] }
    var page: EmulatedPage { emulator.dataset.facebookPages[0] }

    /// A signed X request. `path` includes the query (already encoded); `form` is sent as an
    /// `application/x-www-form-urlencoded` body (and signed), `json` as a JSON body (not signed).
    /// `signingURL` and `signedForm` sign something else than what is sent (a forgery).
    func x(
        _ path: String, as account: EmulatedXAccount? = nil, credentials: OAuth1Credentials? = nil, timestampOffset: Double = 0,
        signingURL: URL? = nil
    ) async throws -> TestResponse {
        try await x("GET", path, as: account, credentials: credentials, timestampOffset: timestampOffset, signingURL: signingURL)
    }

    /// A signed X request with another method than GET.
    func x(
        _ method: String, _ path: String, as account: EmulatedXAccount? = nil, form: [OAuth1.Parameter]? = nil,
        json: String? = nil, credentials: OAuth1Credentials? = nil, timestampOffset: Double = 0,
        signingURL: URL? = nil, signedForm: [OAuth1.Parameter]? = nil
    ) async throws -> TestResponse {
        let url = URL(string: emulator.xBaseURL.absoluteString + path)!
        let signer = credentials ?? (account ?? demo).credentials
        let timestamp = Int((clock?.now ?? Date()).timeIntervalSince1970 + timestampOffset)
        let header = OAuth1.authorizationHeader(
            method: method, url: signingURL ?? url, bodyParameters: signedForm ?? form ?? [], credentials: signer, nonce: OAuth1.makeNonce(),
            timestamp: timestamp)!
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .init(rawValue: method)
        request.headers.add(name: "Authorization", value: header)
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: OAuth1.encodeForm(form)))
        } else if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        return try await send(request)
    }

    /// A Graph request with `page`'s token and proof unless told otherwise.
    func graph(_ path: String, query: [OAuth1.Parameter] = [], token: String? = nil, proof: String?? = nil) async throws -> TestResponse {
        try await graph("GET", path, query: query, token: token, proof: proof)
    }

    /// A Graph request with another method than GET.
    func graph(
        _ method: String, _ path: String, query: [OAuth1.Parameter] = [], token: String? = nil,
        proof: String?? = nil, form: [OAuth1.Parameter]? = nil
    ) async throws -> TestResponse {
        let accessToken = token ?? page.accessToken
        var parameters = query + [("access_token", accessToken)]
        switch proof {
        case .none: parameters.append(("appsecret_proof", AppSecretProof.proof(accessToken: accessToken, appSecret: page.appSecret)))
        case .some(.some(let value)): parameters.append(("appsecret_proof", value))
        case .some(.none): break
        }
        return try await get(emulator.facebookBaseURL.absoluteString + path + "?" + OAuth1.encodeForm(parameters), method: method, form: form)
    }

    /// A plain request to a full URL (a Graph `paging.next`).
    func get(_ url: String, method: String = "GET", form: [OAuth1.Parameter]? = nil) async throws -> TestResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: OAuth1.encodeForm(form)))
        }
        return try await send(request)
    }

    private func send(_ request: HTTPClientRequest) async throws -> TestResponse {
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 64 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return TestResponse(status: Int(response.status.code), headers: headers, body: String(buffer: body))
    }
}
