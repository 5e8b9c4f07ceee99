import Foundation
import Hummingbird
import SocialConnectors

/// The Services page: what the services file declares (each secret by where it comes from, never
/// its value) and a Check button that calls each service once.
extension WebConsole {
    func registerServicePages(on router: Router<BasicRequestContext>) {
        router.get("services") { request, _ in await page(request) { session in servicesPage(session, checks: nil) } }
        router.post("services/check") { request, _ in
            await action(request) { session, _ in servicesPage(session, checks: await checkServices()) }
        }
    }

    /// Each service's check, or nil when the server has no services.
    func checkServices() async -> [ServiceCheck]? {
        guard let services = sources.services else { return nil }
        return await ServicesCheckCommand.check(services.directory.services, of: services, requestTimeout: sources.requestTimeout)
    }

    func servicesPage(_ session: ConsoleSession, checks: [ServiceCheck]?) -> Response {
        guard let services = sources.services else {
            let body: HTML = """
                <h1>Services</h1>
                <p class="empty">This server has no services file: pass <code>--services FILE</code>, set <code>WFRUN_SERVICES</code>, \
                or put services.xml in \(sources.folder) (or try <code>--sandbox</code>).</p>
                """
            return Self.html(Layout.page(title: "Services", section: .services, csrf: session.csrf, body: body))
        }
        let byName = Dictionary((checks ?? []).map { ($0.service, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = ServicesListCommand.listing(services).map { service -> HTML in
            let check: HTML = byName[service.name].map { check in
                let line = ServicesCheckCommand.line(check).split(separator: ":", maxSplits: 1).last.map(String.init) ?? ""
                return "\(Layout.pill(check.isHealthy ? "succeeded" : "failed")) <span class=\"sub\">\(line.trimmingCharacters(in: .whitespacesAndNewlines))</span>"
            } ?? "<span class=\"sub\">–</span>"
            var traits: [String] = []
            if service.syncSubscriptions { traits.append("subscriptions synchronized") }
            if service.test { traits.append("test account") }
            if let folder = service.visitorFolder { traits.append("visitor folder “\(folder)”") }
            if let page = service.pageId { traits.append("page \(page)") }
            return """
                <tr data-service="\(service.name)"><td><strong>\(service.name)</strong><br><span class="sub">\(service.label)</span></td>\
                <td>\(service.type)\(service.apiVersion.map { " v\($0)" } ?? "")</td><td class="mono">\(service.baseURL)</td>\
                <td>\(traits.joined(separator: ", "))</td><td class="mono">\(service.secrets.joined(separator: "\n"))</td><td>\(check)</td></tr>
                """
        }
        let body: HTML = """
            <h1>Services</h1>
            <p class="sub">\(services.directory.services.count) service\(services.directory.services.count == 1 ? "" : "s") in \(services.origin). \
            Secrets are shown by where they come from, never by value.</p>
            <div class="actions">\(Layout.actionButton("Check every service", to: "/services/check", csrf: session.csrf, primary: true, id: "check"))</div>
            <div class="card scroll"><table id="services"><thead><tr><th>Service</th><th>Type</th><th>Base URL</th><th></th>\
            <th>Secrets from</th><th>Check</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
        return Self.html(Layout.page(title: "Services", section: .services, csrf: session.csrf, body: body))
    }
}
