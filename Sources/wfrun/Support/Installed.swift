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
    ])

    /// Connectors that can run in this build (the X and Facebook ones declare their resources
    /// for `validate` but fetch nothing yet).
    static let runnableConnectors = ConnectorRegistry([FileConnector()])

    /// Every activity plug-in.
    static let activities = ActivityRegistry.standard

    /// The loader every command uses.
    static let loader = WorkflowLoader(schemas: .builtIn, connectors: connectors)
}
