import Foundation
import SocialAuth

/// One request of a sign-in flow and what is shared by both networks' clients: no retry (a
/// request token, verifier or code is single-use, and a person is waiting), network failures
/// named without the URL's query, secrets cut out of everything a server says.
struct SignInExchange: Sendable {
    /// The service whose app signs the person in.
    let service: Service
    /// The connection pool.
    let transport: HTTPTransport
    /// Seconds for the whole request.
    let timeout: Double

    /// Sends one request and reads the whole answer.
    /// - Parameters:
    ///   - step: what the request is for, as messages name it (`the request token`).
    func send(
        _ method: String, _ url: URL, headers: [(name: String, value: String)] = [], form: [OAuth1.Parameter]? = nil, step: String
    ) async throws(SignInError) -> APIResponse {
        var all: [(name: String, value: String)] = [("Accept", "application/json"), ("User-Agent", "wfrun")]
        if form != nil { all.append(("Content-Type", "application/x-www-form-urlencoded")) }
        do {
            return try await transport.execute(
                method: method, url: url, headers: all + headers, body: form.map { Data(OAuth1.encodeForm($0).utf8) }, timeout: timeout)
        } catch {
            throw SignInError(
                "\(service.displayName): \(step) got no answer from \(Redaction.origin(url)) (\(error)); check the service's baseURL and the network, then try again")
        }
    }

    /// The secret of `role`, or the error saying it is missing.
    func secret(_ role: String, environment: [String: String]) throws(SignInError) -> String {
        do {
            return try service.secret(role, environment: environment)
        } catch {
            throw SignInError("\(service.displayName) cannot sign people in: \(error)")
        }
    }

    /// A form-encoded answer (`oauth_token=…&…`) as a dictionary (the first value of each name).
    static func form(_ body: Data) -> [String: String]? {
        guard body.count <= 16_384, let text = String(data: body, encoding: .utf8), let pairs = OAuth1.decodeForm(text) else { return nil }
        var fields: [String: String] = [:]
        for pair in pairs where fields[pair.name] == nil { fields[pair.name] = pair.value }
        return fields
    }

    /// A server's own words, cut to 300 characters, secrets removed, and any URL with a query
    /// cut at its `?`.
    static func quote(_ text: String, hiding secrets: [String]) -> String {
        let scrubbed = Redaction.text(String(text.prefix(300)), hiding: secrets)
        return scrubbed.split(separator: " ", omittingEmptySubsequences: false).map { word in
            guard word.contains("://"), let mark = word.firstIndex(of: "?") else { return String(word) }
            return String(word[..<mark])
        }.joined(separator: " ")
    }
}
