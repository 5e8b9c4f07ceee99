import WorkflowModel

/// `fetch`: a source reading a connector's resource (`connector="file" resource="records"
/// path="contacts.csv"`). Every attribute other than `connector`, `resource` and `services` is
/// a resource parameter. The connector resumes after the run's committed checkpoint, if any.
public struct FetchActivity: ActivityBehavior {
    public static let kind = ActivityKind.fetch
    public static let recordFlow = RecordFlow.producesRecords

    private let definition: Activity
    private let connector: any Connector
    private let resource: String
    private let parameters: [String: String]

    /// Finds the connector; a connector this build does not have is an error here.
    public init(definition: Activity, setup: ActivitySetup) throws {
        self.definition = definition
        guard let name = definition["connector"] else { throw ActivityError(definition: definition, "connector is missing") }
        guard let connector = setup.connectors[name] else {
            let installed = setup.connectors.catalog.names
            let list = installed.isEmpty ? "no connector is installed" : "only \(installed.joined(separator: ", ")) \(installed.count == 1 ? "is" : "are") installed"
            throw ActivityError(definition: definition, "connector '\(name)' cannot run in this build: \(list)")
        }
        guard let resource = definition["resource"] else { throw ActivityError(definition: definition, "resource is missing") }
        self.connector = connector
        self.resource = resource
        var parameters: [String: String] = [:]
        for (name, value) in definition.attributes where !["connector", "resource", "services"].contains(name) {
            parameters[name] = value.text
        }
        self.parameters = parameters
    }

    /// Opens the resource (so that a missing file or a refused login fails here, where retries
    /// apply) and returns its stream, counted and with its errors attributed to this activity.
    public func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult {
        let request = FetchRequest(
            source: definition.name, resource: resource, parameters: parameters, services: definition["services"],
            workflowDirectory: context.workflowDirectory, batchSize: max(1, context.batchSize),
            resumeAfter: context.resumeAfter, clock: context.clock)
        let definition = definition
        let stream: any BatchSource
        do {
            stream = try await connector.open(request)
        } catch {
            throw ActivityError.wrapping(error, in: definition)
        }
        let counted = TransformedBatches(stream) { batch in
            context.meter.read(batch.records.count)
            context.meter.wrote(batch.records.count)
            return batch
        }
        return .next(AttributedBatches(counted, to: definition))
    }
}
