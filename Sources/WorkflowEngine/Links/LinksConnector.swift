import Foundation
import Synchronization
import WorkflowModel

/// The visits of tracked links, as records a workflow can read: one per published post and UTC
/// day with visits, from the store's link log (`wfrun serve`'s `/r/CODE`).
///
///     <fetch name="visits" connector="links" resource="visits" network="x" days="2"/>
///
/// `days` (default 2) reaches back from the run's day: 2 means yesterday, now complete, and
/// today so far, so a daily run finishes each day's count the morning after. Reading again is
/// harmless, so the batches carry no checkpoint.
public struct LinksConnector: Connector {
    /// What the connector offers, checked by `validate`.
    public static let descriptor = ConnectorDescriptor(
        name: "links",
        label: "Tracked links",
        resources: [
            ResourceDescriptor(
                name: "visits", direction: .fetch,
                summary: "visits of the tracked links of published posts, per post and UTC day (crawlers apart)",
                parameters: [
                    ResourceParameter(
                        name: "days", kind: .integer, range: 1...366,
                        summary: "how many days to read, ending today (default 2: yesterday and today)"),
                    ResourceParameter(
                        name: "network", kind: .string, allowedValues: ["x", "facebook"],
                        summary: "only the posts published on this network (default: all)"),
                ],
                fields: ["post_id", "network", "service", "day", "visits", "crawler_visits"])
        ])

    /// What the connector offers (the same as `LinksConnector.descriptor`).
    public var descriptor: ConnectorDescriptor { Self.descriptor }

    private let store: (any LinkStore)?

    /// A connector reading `store`'s links; nil (a store without links) fails at open.
    public init(store: (any LinkStore)?) {
        self.store = store
    }

    /// Reads the visits of the days asked for.
    public func open(_ request: FetchRequest) async throws -> any BatchSource {
        guard request.resource == "visits" else {
            throw LinksConnectorError("the links connector has no resource '\(request.resource)'; it reads resource=\"visits\"")
        }
        guard let store else { throw LinksConnectorError("this store keeps no tracked links") }
        let days = try request.parameters["days"].map { text in
            guard let days = Int(text), (1...366).contains(days) else {
                throw LinksConnectorError("days=\"\(text)\" must be a whole number of days from 1 to 366")
            }
            return days
        } ?? 2
        let network = request.parameters["network"]
        let today = request.clock.now()
        let first = today.addingTimeInterval(-Double(days - 1) * 86_400)
        let visits = try await store.postVisits(from: Self.day(first), through: Self.day(today))
        let records: [Record] = visits.filter { network == nil || $0.connector == network }.map { visit in
            [
                "post_id": .string(visit.postID), "network": .string(visit.connector), "service": .string(visit.service),
                "day": .string(visit.day), "visits": .int(visit.visits), "crawler_visits": .int(visit.crawlerVisits),
            ]
        }
        return RecordList(records, batchSize: request.batchSize)
    }

    /// The UTC day of an instant, `YYYY-MM-DD`.
    static func day(_ instant: Date) -> String {
        String(ISOTimestamp(instant).text.prefix(10))
    }
}

/// A list of records already read, handed out in batches.
final class RecordList: BatchSource {
    private let batches: Mutex<ArraySlice<[Record]>>

    init(_ records: [Record], batchSize: Int) {
        let size = max(1, batchSize)
        batches = Mutex(ArraySlice(stride(from: 0, to: records.count, by: size).map { Array(records[$0..<min($0 + size, records.count)]) }))
    }

    func next() async throws -> RecordBatch? {
        batches.withLock { $0.popFirst() }.map { RecordBatch(records: $0) }
    }
}

/// A links fetch that cannot be read.
public struct LinksConnectorError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
