import Foundation
import SocialAuth

/// The Graph API subset: access checks (page token, `appsecret_proof`), routing to nodes and
/// edges, page-level rate limits and `X-App-Usage`. The nodes and edges are in the extensions.
struct GraphAPI: Sendable {
    let configuration: EmulatorConfiguration
    let dataset: EmulatorDataset
    let state: EmulatorState

    /// The requests per window announced (as usage) when no limit is configured; never enforced.
    static let generousLimit = RateLimit(requests: 100_000, window: 3_600)

    /// What a path names once its page is known.
    enum Node {
        case page(EmulatedPage)
        case post(EmulatedPagePost)
    }

    /// The request being served, with what every part of the answer needs.
    struct Call {
        let request: APIRequest
        let version: String
        let page: EmulatedPage
        let now: Date
        let trace: String
    }

    func respond(to request: APIRequest, version: String) -> APIResponse {
        let trace = traceID()
        let path = request.components.dropFirst()
        var response: APIResponse
        var usage = 0
        if path.isEmpty || path.count > 2 {
            response = GraphErrors.unknownPath(path.count > 2 ? path.dropFirst(2) : path, trace: trace)
        } else {
            switch authorize(request, trace: trace) {
            case .failure(let error):
                response = error.response
            case .success(let page):
                let call = Call(request: request, version: version, page: page, now: configuration.now(), trace: trace)
                (response, usage) = serve(call, object: path[path.startIndex], edge: path.count == 2 ? path.last : nil)
            }
        }
        response.header("X-App-Usage", #"{"call_count":\#(usage),"total_cputime":\#(usage / 2),"total_time":\#(usage / 2)}"#)
        response.header("facebook-api-version", version)
        return response
    }

    private func serve(_ call: Call, object: String, edge: String?) -> (APIResponse, Int) {
        guard let node = node(object, page: call.page) else {
            return (GraphErrors.unsupported(method: call.request.method, id: object, trace: call.trace), 0)
        }
        let endpoint: String
        let handler: () -> APIResponse
        switch (node, call.request.method, edge) {
        case (.page, "GET", nil):
            (endpoint, handler) = ("page", { pageObject(call) })
        case (.page, "GET", "posts"?), (.page, "GET", "feed"?), (.page, "GET", "published_posts"?):
            (endpoint, handler) = ("posts", { posts(call) })
        case (.page, "GET", "insights"?):
            (endpoint, handler) = ("insights", { insights(call) })
        case (.page, "POST", "feed"?):
            (endpoint, handler) = ("feed", { publish(call) })
        case (.post(let post), "GET", nil):
            (endpoint, handler) = ("post", { postObject(call, post: post) })
        case (.post(let post), "GET", "comments"?):
            (endpoint, handler) = ("comments", { comments(call, post: post) })
        case (.post(let post), "GET", "reactions"?):
            (endpoint, handler) = ("reactions", { reactions(call, post: post) })
        case (_, "GET", let edge?):
            return (GraphErrors.unknownPath([edge], trace: call.trace), 0)
        default:
            return (GraphErrors.unsupported(method: call.request.method, id: object, trace: call.trace), 0)
        }
        let limit = configuration.rateLimit ?? Self.generousLimit
        let status = state.admit(
            key: "fb:\(call.page.index):\(endpoint)", limit: limit, enforced: configuration.rateLimit != nil, now: call.now)
        guard status.admitted else {
            return (GraphErrors.error(message: "(#32) Page request limit reached", code: 32, trace: call.trace), status.usedPercent)
        }
        return (handler(), status.usedPercent)
    }

    /// The page whose token the request carries, or the Graph error refusing it.
    private func authorize(_ request: APIRequest, trace: String) -> Result<EmulatedPage, APIResponseError> {
        guard let token = request.parameter("access_token"), !token.isEmpty else {
            return .failure(APIResponseError(GraphErrors.error(
                message: "An access token is required to request this resource.", code: 104, trace: trace)))
        }
        guard let page = dataset.facebookPages.first(where: { $0.accessToken == token }) else {
            return .failure(APIResponseError(GraphErrors.error(message: "Invalid OAuth access token.", code: 190, subcode: 467, trace: trace)))
        }
        if let expired = state.expiry(page: page.index) {
            let message = "Error validating access token: Session has expired on \(Self.sessionDate(expired)). The current time is \(Self.sessionDate(configuration.now()))."
            return .failure(APIResponseError(GraphErrors.error(message: message, code: 190, subcode: 463, trace: trace)))
        }
        if let proof = request.parameter("appsecret_proof") {
            guard proof == AppSecretProof.proof(accessToken: token, appSecret: page.appSecret) else {
                return .failure(APIResponseError(GraphErrors.error(
                    message: "Invalid appsecret_proof provided in the API argument", type: "GraphMethodException", code: 100, trace: trace)))
            }
        } else if configuration.requireAppSecretProof {
            return .failure(APIResponseError(GraphErrors.error(
                message: "API calls from the server require an appsecret_proof argument", type: "GraphMethodException", code: 100,
                trace: trace)))
        }
        return .success(page)
    }

    /// The page (its id or `me`) or one of its posts (`{page-id}_{post-id}`).
    private func node(_ id: String, page: EmulatedPage) -> Node? {
        if id == page.id || id == "me" { return .page(page) }
        guard id.hasPrefix(page.id + "_") else { return nil }
        return allPosts(of: page).first { $0.id == id }.map { .post($0) }
    }

    /// The page's posts, newest first: those published through the API, then the generated ones.
    func allPosts(of page: EmulatedPage) -> [EmulatedPagePost] {
        state.publishedPosts(page: page.index).reversed() + dataset.posts(of: page)
    }

    /// `Thursday, 26-Nov-26 10:00:00 PST`, as the expired-session message writes dates.
    private static func sessionDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "America/Los_Angeles") ?? TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEEE, dd-MMM-yy HH:mm:ss zzz"
        return formatter.string(from: date)
    }

    /// The 500 of a transient failure (a `503` fault), with its `X-App-Usage` header.
    func transientError() -> APIResponse {
        var response = GraphErrors.error(
            status: 500, message: "An unexpected error has occurred. Please retry your request later.", code: 2,
            transient: true, trace: traceID())
        response.header("X-App-Usage", #"{"call_count":0,"total_cputime":0,"total_time":0}"#)
        return response
    }

    /// A trace id like the ones Facebook returns, drawn from the seed and the request count.
    func traceID() -> String {
        var random = SeededRandom(seed: configuration.seed, stream: .fbtrace, index: UInt64(state.requestCount))
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        return String((0..<23).map { _ in alphabet[random.below(alphabet.count)] })
    }
}
