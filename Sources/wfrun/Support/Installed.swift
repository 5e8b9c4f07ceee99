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

    /// The loader every command uses.
    static let loader = WorkflowLoader(schemas: .builtIn, connectors: connectors)
}
