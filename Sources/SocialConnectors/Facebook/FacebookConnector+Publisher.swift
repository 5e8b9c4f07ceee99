import WorkflowEngine

extension FacebookConnector: PublishingConnector {
    /// The publisher of the facebook service of this name, its page token read now.
    /// - Throws: `ServiceSelectionError`, `ConnectorFailure` (a secret that cannot be read).
    public func publisher(service name: String, clock: any EngineClock) async throws -> any Publisher {
        guard let service = try services.select(name, type: .facebook).first else {
            throw ServiceSelectionError.unknown(name: name, type: .facebook, known: services.services.filter { $0.type == .facebook }.map(\.name))
        }
        return FacebookPublisher(page: try pageAccess(for: service, operation: .publish, clock: clock))
    }

    /// The facebook services marked `test="true"`, in the services file's order.
    public func testServices() -> [String] {
        services.services.filter { $0.type == .facebook && $0.test }.map(\.name)
    }
}
