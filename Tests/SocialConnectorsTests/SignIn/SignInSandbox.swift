import Foundation
import SocialAuth
import SocialEmulator
import Testing

@testable import SocialConnectors

/// An emulator on loopback (on the real clock: sign-in clients sign with the time of day) and
/// what a browser does between the sign-in steps: open the authorize page, post its form, read
/// the redirect's `Location` without following it.
struct SignInSandbox {
    let emulator: SocialEmulator

    var demo: EmulatedXAccount { emulator.dataset.xAccounts[0] }
    var page: EmulatedPage { emulator.dataset.facebookPages[0] }

    /// Starts an emulator, runs `body`, shuts it down.
    static func with<T>(
        _ configuration: EmulatorConfiguration = EmulatorConfiguration(seed: 5, followers: 60), _ body: (SignInSandbox) async throws -> T
    ) async throws -> T {
        let emulator = try await SocialEmulator.start(configuration)
        do {
            let result = try await body(SignInSandbox(emulator: emulator))
            try await emulator.shutdown()
            return result
        } catch {
            try? await emulator.shutdown()
            throw error
        }
    }

    /// The X service of `account` at the emulator, with the account's app.
    func xService(_ account: EmulatedXAccount, version: XAPIVersion, consumerSecret: String? = nil) -> Service {
        var credentials = account.credentials
        if let consumerSecret { credentials.consumerSecret = consumerSecret }
        return Fixtures.xService(account.screenName, baseURL: emulator.xBaseURL, version: version, credentials: credentials)
    }

    /// The Facebook service of the first page at the emulator, with its app.
    func facebookService(appID: String? = nil, appSecret: String? = nil) -> Service {
        Service(
            name: page.serviceName, label: page.name, type: .facebook, baseURL: emulator.facebookBaseURL, pageId: page.id,
            appId: appID ?? page.appID,
            secrets: ["pageAccessToken": Secret(.value(page.accessToken)), "appSecret": Secret(.value(appSecret ?? page.appSecret))])
    }

    /// A browser's request: no redirect followed, a form body when `form` is given.
    func browse(_ url: URL, method: String = "GET", form: [OAuth1.Parameter]? = nil) async throws -> (status: Int, location: String?, body: String) {
        let response = try await Fixtures.transport.execute(
            method: method, url: url, headers: form == nil ? [] : [("Content-Type", "application/x-www-form-urlencoded")],
            body: form.map { Data(OAuth1.encodeForm($0).utf8) }, timeout: 10)
        return (response.status, response.header("Location"), String(decoding: response.body, as: UTF8.self))
    }

    /// The `value`s of a page's `<option>`s, in order.
    static func optionValues(_ html: String) -> [String] {
        html.components(separatedBy: "<option value=\"").dropFirst().compactMap { $0.split(separator: "\"", maxSplits: 1).first.map(String.init) }
    }

    /// The decoded query parameters of a `Location`.
    static func query(_ location: String?) -> [String: String] {
        guard let location, let mark = location.firstIndex(of: "?"), let pairs = OAuth1.decodeForm(location[location.index(after: mark)...])
        else { return [:] }
        var fields: [String: String] = [:]
        for pair in pairs { fields[pair.name] = pair.value }
        return fields
    }
}
