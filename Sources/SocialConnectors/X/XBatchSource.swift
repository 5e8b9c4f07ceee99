import WorkflowEngine
import WorkflowModel

/// The batches of one X fetch: the selected services one after the other, one batch per API
/// page, each carrying the checkpoint of the page after it. An actor because `next()` awaits the
/// network while holding the position; there is one consumer, so it is never contended.
///
/// Pages are read one ahead: when a batch is handed out, the page after it is already being
/// fetched and decoded, while the consumer works on the batch. A checkpoint still says "continue
/// after this page", so a page read ahead and never handed out is simply read again on resume.
/// The read-ahead starts from the second batch on (a consumer that takes one batch and stops —
/// `account`, a probe — costs no extra request), holds at most one page, is cancelled with the
/// source or its consumer, and its failure is thrown by the `next()` that would have returned
/// its page: in order, as if it had been read then. A `RunPause` (a wait longer than the run
/// allows) is not kept: that `next()` asks again, so the pause is judged when the page is needed.
actor XBatchSource: BatchSource {
    private let source: String
    private let resource: XResource
    private let readers: [XServiceReader]
    private var index = 0
    private var position: XCursor.Position
    private var sequence: Int64
    private var accountID: String?
    private var handedOut = 0
    private var readAhead: ReadAhead?

    /// The page being read ahead: the one at `token` of the current service.
    private struct ReadAhead {
        let token: String
        let task: Task<XServiceReader.Page, any Error>
    }

    /// A source reading `readers` in order, the first from `position`.
    init(source: String, resource: XResource, readers: [XServiceReader], position: XCursor.Position, sequence: Int64) {
        self.source = source
        self.resource = resource
        self.readers = readers
        self.position = position
        self.sequence = sequence
    }

    deinit {
        readAhead?.task.cancel()
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
            if case .account = resource {
                page = XServiceReader.Page(records: [try await reader.account().record], next: nil)
            } else {
                let accountID = try await account(of: reader)
                page = try await self.page(token, of: reader, accountID: accountID)
                if let next = page.next, handedOut > 0 {
                    readAhead = ReadAhead(token: next, task: Self.start(resource, reader: reader, accountID: accountID, token: next))
                }
            }
            position = page.next.map { .page($0) } ?? .done
            sequence += 1
            handedOut += 1
            let cursor = XCursor(service: reader.service.name, position: position)
            return RecordBatch(records: page.records, checkpoint: Checkpoint(source: source, sequence: sequence, cursor: cursor.encoded))
        }
        return nil
    }

    /// The page at `token`: the one read ahead when it is that one, else read now.
    private func page(_ token: String?, of reader: XServiceReader, accountID: String) async throws -> XServiceReader.Page {
        if let ahead = readAhead {
            readAhead = nil
            if ahead.token == token {
                do {
                    return try await withTaskCancellationHandler { try await ahead.task.value } onCancel: { ahead.task.cancel() }
                } catch is RunPause {
                    // A pause is not a failure but a wait too long for the run: judged again now
                    // that the page is asked for, as it was before pages were read ahead.
                }
            } else {
                ahead.task.cancel()
            }
        }
        return try await Self.read(resource, reader: reader, accountID: accountID, token: token)
    }

    /// Starts reading a page in a task of its own: unstructured because it outlives the `next()`
    /// that starts it; it holds the reader, not the source, so dropping the source cancels it.
    private static func start(
        _ resource: XResource, reader: XServiceReader, accountID: String, token: String
    ) -> Task<XServiceReader.Page, any Error> {
        Task { try await read(resource, reader: reader, accountID: accountID, token: token) }
    }

    /// One page of followers or posts.
    private static func read(_ resource: XResource, reader: XServiceReader, accountID: String, token: String?) async throws -> XServiceReader.Page {
        switch resource {
        case .followers(let pageSize):
            try await reader.followers(of: accountID, pageSize: pageSize, token: token)
        case .posts(let pageSize, let since):
            try await reader.posts(of: accountID, pageSize: pageSize, token: token, since: since)
        case .account:
            XServiceReader.Page(records: [try await reader.account().record], next: nil)
        }
    }

    /// The current service's account id, asked once per service.
    private func account(of reader: XServiceReader) async throws -> String {
        if let accountID { return accountID }
        let id = try await reader.account().id
        accountID = id
        return id
    }
}
