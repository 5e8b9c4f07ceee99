import WorkflowEngine
import WorkflowModel

/// The batches of one X fetch: the selected services one after the other, one batch per API
/// page, each carrying the checkpoint of the page after it. An actor because `next()` awaits the
/// network while holding the position; there is one consumer, so it is never contended.
actor XBatchSource: BatchSource {
    private let source: String
    private let resource: XResource
    private let readers: [XServiceReader]
    private var index = 0
    private var position: XCursor.Position
    private var sequence: Int64
    private var accountID: String?

    /// A source reading `readers` in order, the first from `position`.
    init(source: String, resource: XResource, readers: [XServiceReader], position: XCursor.Position, sequence: Int64) {
        self.source = source
        self.resource = resource
        self.readers = readers
        self.position = position
        self.sequence = sequence
    }

    func next() async throws -> RecordBatch? {
        while index < readers.count {
            if case .done = position {
                index += 1
                position = .start
                accountID = nil
                continue
            }
            let reader = readers[index]
            let token: String? = if case .page(let token) = position { token } else { nil }
            let page: XServiceReader.Page
            switch resource {
            case .account:
                page = XServiceReader.Page(records: [try await reader.account().record], next: nil)
            case .followers(let pageSize):
                page = try await reader.followers(of: try await account(of: reader), pageSize: pageSize, token: token)
            case .posts(let pageSize, let since):
                page = try await reader.posts(of: try await account(of: reader), pageSize: pageSize, token: token, since: since)
            }
            position = page.next.map { .page($0) } ?? .done
            sequence += 1
            let cursor = XCursor(service: reader.service.name, position: position)
            return RecordBatch(records: page.records, checkpoint: Checkpoint(source: source, sequence: sequence, cursor: cursor.encoded))
        }
        return nil
    }

    /// The current service's account id, asked once per service.
    private func account(of reader: XServiceReader) async throws -> String {
        if let accountID { return accountID }
        let id = try await reader.account().id
        accountID = id
        return id
    }
}
