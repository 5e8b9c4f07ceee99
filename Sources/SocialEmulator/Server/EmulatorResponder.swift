import Foundation
import Hummingbird

/// Routes each request to the X or Graph API and applies the fault plan to API requests.
struct EmulatorResponder: HTTPResponder {
    typealias Context = EmulatorRequestContext

    let configuration: EmulatorConfiguration
    let state: EmulatorState
    let shutdown: ShutdownSignal
    let x: XAPI
    let graph: GraphAPI
    let inspection: EmulatorInspection
    let xSignIn: XOAuthPages
    let facebookLogin: FacebookLoginPages

    init(configuration: EmulatorConfiguration, dataset: EmulatorDataset, state: EmulatorState, shutdown: ShutdownSignal) {
        self.configuration = configuration
        self.state = state
        self.shutdown = shutdown
        x = XAPI(configuration: configuration, dataset: dataset, state: state)
        graph = GraphAPI(configuration: configuration, dataset: dataset, state: state)
        inspection = EmulatorInspection(dataset: dataset, state: state)
        xSignIn = XOAuthPages(configuration: configuration, dataset: dataset, state: state)
        facebookLogin = FacebookLoginPages(configuration: configuration, dataset: dataset, state: state, graph: graph)
    }

    /// The API a path belongs to.
    enum Family {
        case xV1, xV2
        case graph(version: String)
        case none
    }

    static func family(of components: [String]) -> Family {
        guard let first = components.first else { return .none }
        if first == "1.1" { return .xV1 }
        if first == "2" { return .xV2 }
        if isGraphVersion(first) { return .graph(version: first) }
        return .none
    }

    /// `v24.0`, `v19.0`: `v`, digits, a dot, digits.
    static func isGraphVersion(_ text: String) -> Bool {
        let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        return text.hasPrefix("v") && parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        state.countRequest()
        let apiRequest = try await APIRequest.read(request)
        if apiRequest.components.first == "_emulator" { return inspection.respond(to: apiRequest).response }
        // Sign-in pages and token endpoints: they publish nothing, and draw no fault.
        if let signIn = signIn(apiRequest) { return signIn.response }
        let family = Self.family(of: apiRequest.components)
        if case .none = family {
            return XErrors.v1(status: 404, code: 34, message: "Sorry, that page does not exist").response
        }
        // Every POST the emulator serves publishes something (a post, a direct message).
        let isSend = apiRequest.method == "POST"
        if isSend { state.received(PublishingRequest(apiRequest)) }
        let fault = configuration.faults.fault(forRequest: state.nextAPISequence(), seed: configuration.seed)
        switch fault {
        case .serviceUnavailable:
            return overCapacity(family).response
        case .reset:
            await context.resetConnection()
            throw ConnectionResetByFault()
        case .timeout:
            await shutdown.sleep(seconds: configuration.timeoutFaultDelay)
        case .badJSON, .slowSend, nil:
            break
        }
        var response = serve(apiRequest, family: family)
        if fault == .slowSend && isSend && response.status < 300 {
            // Recorded already: a client that gives up or dies now never learns it was sent.
            state.holdingSend(true)
            await shutdown.sleep(seconds: configuration.slowSendDelay)
            state.holdingSend(false)
        }
        if fault == .badJSON {
            response.body = Array(response.body.prefix(response.body.count / 2))
        } else if fault == nil || fault == .slowSend, let page = response.followerPage {
            state.delivered(page)
        }
        return response.response
    }

    /// The answer of X's OAuth endpoints (`/oauth/…`) or Facebook Login's (`/vNN/dialog/oauth`,
    /// `/vNN/oauth/access_token`, `/vNN/me` with a person's token), nil for any other path.
    private func signIn(_ request: APIRequest) -> APIResponse? {
        guard let first = request.components.first else { return nil }
        if first == "oauth" { return xSignIn.respond(to: request) }
        if Self.isGraphVersion(first) { return facebookLogin.respond(to: request) }
        return nil
    }

    private func serve(_ request: APIRequest, family: Family) -> APIResponse {
        switch family {
        case .xV1: x.respond(to: request, version: .v1)
        case .xV2: x.respond(to: request, version: .v2)
        case .graph(let version): graph.respond(to: request, version: version)
        case .none: XErrors.v1(status: 404, code: 34, message: "Sorry, that page does not exist")
        }
    }

    /// The 5xx of an overloaded service, in each API's shape.
    private func overCapacity(_ family: Family) -> APIResponse {
        switch family {
        case .xV2:
            XErrors.v2Problem(status: 503, title: "Service Unavailable", detail: "Service Unavailable", type: "about:blank")
        case .graph:
            graph.transientError()
        default:
            XErrors.v1(status: 503, code: 130, message: "Over capacity")
        }
    }
}
