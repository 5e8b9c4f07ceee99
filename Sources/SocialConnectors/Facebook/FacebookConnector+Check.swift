import Foundation
import WorkflowEngine

extension FacebookConnector {
    /// Checks one service for `wfrun services check`: can the Graph API be reached, is the page
    /// token accepted, which page it reaches (its name is the `account`). Never waits long: a
    /// request limit is reported, not waited out. `nameMatches` stays nil: a Facebook service's
    /// name need not be its page's.
    public func check(_ service: Service, clock: any EngineClock = SystemClock()) async -> ServiceCheck {
        var result = ServiceCheck(service: service.name, type: .facebook, reachable: false)
        let quick = FacebookConnector(
            services: services, transport: transport,
            limits: APILimits(
                requestTimeout: limits.requestTimeout, maxAttempts: min(limits.maxAttempts, 3), backoffBase: limits.backoffBase,
                backoffCap: limits.backoffCap, maxWait: 0),
            environment: environment, jitter: jitter, logger: logger, rateLimits: rateLimits)
        let page: PageAccess
        do {
            page = try quick.pageAccess(for: service, operation: .check, clock: clock)
        } catch {
            result.credentialsValid = false
            result.problem = error.message
            return result
        }
        do {
            let found = try await page.client.decode(GraphPage.self, from: FacebookRequests.page(page, fields: "id,name"))
            result.reachable = true
            result.credentialsValid = true
            result.account = found.name ?? found.id
            if let expected = service.pageId, found.id != expected {
                result.problem = "the page access token of service '\(service.name)' reaches page \(found.id), not pageId \(expected): generate a token for page \(expected), or correct pageId"
            }
        } catch let failure as ConnectorFailure {
            result.reachable = failure.status != nil
            if failure.code == 190 || (failure.code == 100 && failure.message.contains("appsecret_proof")) {
                result.credentialsValid = false
            }
            result.problem = failure.message
        } catch let pause as RunPause {
            result.reachable = true
            result.problem = pause.reason
        } catch {
            result.problem = "\(service.displayName): \(error)"
        }
        return result
    }
}
