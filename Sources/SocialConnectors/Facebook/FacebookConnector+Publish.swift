import Foundation
import WorkflowEngine

extension FacebookConnector {
    /// Publishes a post on a service's page (`POST /{page-id}/feed`, form `message=…[&link=…]`).
    /// The page token needs `pages_manage_posts`.
    /// - Returns: the new post's id, `{page-id}_{post-id}`.
    /// - Throws: `ConnectorFailure`, `ServiceSelectionError`, `RunPause`.
    public func publish(message: String, link: String? = nil, service name: String, clock: any EngineClock = SystemClock()) async throws -> String {
        guard let service = try services.select(name, type: .facebook).first else {
            throw ServiceSelectionError.unknown(name: name, type: .facebook, known: services.services.filter { $0.type == .facebook }.map(\.name))
        }
        let page = try pageAccess(for: service, operation: .publish, clock: clock)
        return try await page.client.decode(GraphCreated.self, from: FacebookRequests.feedPost(page, message: message, link: link)).id
    }
}
