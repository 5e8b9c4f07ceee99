import WorkflowEngine

extension XConnector: PublishingConnector {
    /// The publisher of the twitter service of this name, its secrets read now.
    /// - Throws: `ServiceSelectionError`, `ConnectorFailure` (a secret that cannot be read).
    public func publisher(service name: String, clock: any EngineClock) async throws -> any Publisher {
        XPublisher(reader: try reader(for: try service(named: name), clock: clock))
    }

    /// The twitter services marked `test="true"`, in the services file's order.
    public func testServices() -> [String] {
        services.services.filter { $0.type == .twitter && $0.test }.map(\.name)
    }
}
