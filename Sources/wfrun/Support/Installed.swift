import SocialConnectors
import WorkflowEngine
import WorkflowModel
import WorkflowXML

/// What this build of wfrun has installed: its connectors and the loader that checks against them.
enum Installed {
    /// Every connector compiled in. Adding one is adding its module and its descriptor here.
    static let connectors = ConnectorCatalog([
        XConnector.descriptor,
        FacebookConnector.descriptor,
        FileConnector.descriptor,
        LinksConnector.descriptor,
    ])

    /// Connectors that can run in this build (the X and Facebook ones declare their resources
    /// for `validate` but fetch nothing yet).
    static let runnableConnectors = ConnectorRegistry([FileConnector()])

    /// The connectors of a run: X and Facebook over `services` (when there are some), the file
    /// connector, and the tracked links of `store`; `rateLimits` is told of the API waits.
    static func connectors(
        services: SocialServices?, limits: APILimits, store: any WorkflowStore, rateLimits: (any RateLimitObserver)? = nil
    ) -> ConnectorRegistry {
        var connectors: [any Connector] = [FileConnector(), LinksConnector(store: store as? any LinkStore)]
        if let services { connectors += services.socialConnectors(limits: limits, rateLimits: rateLimits) }
        return ConnectorRegistry(connectors)
    }

    /// Every activity plug-in.
    static let activities = ActivityRegistry.standard

    /// The loader every command uses.
    static let loader = WorkflowLoader(schemas: .builtIn, connectors: connectors)
}
