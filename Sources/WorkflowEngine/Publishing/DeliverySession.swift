import Foundation
import Synchronization
import WorkflowModel

/// One activation's sending: takes recipients in the delivery log, sends, settles, and
/// reconciles what a crash or a lost answer left undecided.
final class DeliverySession: Sendable {
    /// The recipient of a post: the account's timeline.
    static let timeline = "timeline"

    let activity: PublishActivity
    let delivery: DeliveryRecord
    let store: any DeliveryStore
    let publisher: any Publisher
    let context: ActivityContext
    private let tally = Mutex(Tally())

    private struct Tally {
        var sent = 0
        var failed = 0
        var unknown = 0
        var firstFailure: String?
    }

    init(activity: PublishActivity, delivery: DeliveryRecord, store: any DeliveryStore, publisher: any Publisher, context: ActivityContext) {
        self.activity = activity
        self.delivery = delivery
        self.store = store
        self.publisher = publisher
        self.context = context
    }

    private var name: String { activity.definition.name }
    private var isPost: Bool { activity.action == .post }

    // MARK: Sending

    /// Sends `messages` (a batch's), `sendingChunk` at a time: each chunk committed `sending`,
    /// sent one by one, settled in one commit (the batch's checkpoint with its last chunk).
    /// A post's `link` goes with it (Facebook's link field; X adds it to the text).
    func send(_ messages: [OutgoingMessage], checkpoint: Checkpoint?, link: String? = nil, through publisher: (any Publisher)? = nil) async throws {
        let committed = checkpoint.map { CommittedCheckpoint(run: context.run, sink: name, checkpoint: $0) }
        var start = 0
        repeat {
            let end = min(start + PublishActivity.sendingChunk, messages.count)
            var chunk = Array(messages[start..<end])
            let last = end == messages.count
            if let cap = try await allowance(), cap.count < chunk.count {
                chunk = Array(chunk.prefix(cap.count))
                try await sendChunk(chunk, checkpoint: nil, link: link, through: publisher ?? self.publisher)
                // Said with the count and the oldest message as they are now that the cap is reached.
                throw try await allowance()?.pause ?? cap.pause
            }
            try await sendChunk(chunk, checkpoint: last ? committed : nil, link: link, through: publisher ?? self.publisher)
            start = end
        } while start < messages.count
    }

    /// How many more DMs `perDay` allows now, and the pause to throw past them; nil without a cap.
    private func allowance() async throws -> (count: Int, pause: RunPause)? {
        guard let perDay = activity.perDay, activity.action == .dm, !delivery.proof else { return nil }
        let now = context.clock.now()
        let (sent, oldest) = try await store.sentCount(service: delivery.service, action: delivery.action, since: now.addingTimeInterval(-86_400))
        let resume = (oldest ?? now).addingTimeInterval(86_400)
        return (
            max(0, perDay - sent),
            RunPause(reason: "publish '\(name)': service '\(delivery.service)' has sent \(sent) of its \(perDay) direct messages allowed per 24 h (perDay)", resumeAt: resume)
        )
    }

    private func sendChunk(_ chunk: [OutgoingMessage], checkpoint: CommittedCheckpoint?, link: String?, through publisher: any Publisher) async throws {
        let taken = chunk.isEmpty ? [] : try await store.beginSending(
            run: context.run, delivery: delivery.id, chunk, at: context.clock.now(), resendUnknown: context.publishing.resendUnknown)
        let texts = Dictionary(chunk.map { ($0.recipient, $0.text) }, uniquingKeysWith: { first, _ in first })
        // Up to `inFlight` messages at once: the chunk is committed as a whole, so their order
        // does not matter. A failure stops taking new ones; those in flight finish and keep
        // their outcome; the failed one and those never started wait, pending.
        let failures = FirstFailure()
        var outcomes: [RecipientOutcome] = []
        outcomes.reserveCapacity(taken.count)
        var started = 0
        await withTaskGroup(of: RecipientOutcome.self) { group in
            var running = 0
            while true {
                while started < taken.count && running < Self.inFlight && failures.error == nil {
                    let message = OutgoingMessage(recipient: taken[started], text: texts[taken[started]] ?? "")
                    group.addTask {
                        do {
                            return try await self.deliver(message, link: link, through: publisher)
                        } catch {
                            failures.record(error)
                            return RecipientOutcome(recipient: message.recipient, state: .pending)
                        }
                    }
                    started += 1
                    running += 1
                }
                guard let outcome = await group.next() else { break }
                running -= 1
                outcomes.append(outcome)
            }
        }
        outcomes += taken[started...].map { RecipientOutcome(recipient: $0, state: .pending) }
        context.meter.wrote(outcomes.count { $0.state == .sent })
        if let failure = failures.error {
            try await settle(outcomes, checkpoint: nil)
            throw failure is RunPause ? failure : ActivityError.wrapping(failure, in: activity.definition)
        }
        try await settle(outcomes, checkpoint: checkpoint)
    }

    /// Messages of one chunk sent at once. The network's answer time is most of a message's
    /// cost; a few at once let each wake-up of the client handle several answers.
    static let inFlight = 4

    /// Sends one message and says what became of it, looking it up when the answer was lost.
    private func deliver(_ message: OutgoingMessage, link: String?, through publisher: any Publisher) async throws -> RecipientOutcome {
        var attempt = 1
        while true {
            let outcome = isPost
                ? try await publisher.post(text: message.text, link: link)
                : try await publisher.directMessage(text: message.text, to: message.recipient)
            switch outcome {
            case .sent(let id):
                return RecipientOutcome(recipient: message.recipient, state: .sent, remoteID: id)
            case .refused(let reason):
                return RecipientOutcome(recipient: message.recipient, state: .failed, error: reason)
            case .duplicate:
                let found = try await look(for: [message], since: context.clock.now().addingTimeInterval(-86_400), through: publisher)
                if let id = found.found[message.recipient] { return RecipientOutcome(recipient: message.recipient, state: .sent, remoteID: id) }
                return RecipientOutcome(
                    recipient: message.recipient, state: .failed,
                    error: "the network refused it as a duplicate of a recent post, which wfrun did not find among the account's posts")
            case .unknown(let reason):
                let found = try await look(for: [message], since: context.clock.now().addingTimeInterval(-PublishActivity.clockMargin), through: publisher)
                if let id = found.found[message.recipient] { return RecipientOutcome(recipient: message.recipient, state: .sent, remoteID: id) }
                guard found.complete else {
                    return RecipientOutcome(
                        recipient: message.recipient, state: .unknown,
                        error: "\(reason); the network could not tell whether it arrived (wfrun run --resend-unknown sends it again)")
                }
                guard attempt < PublishActivity.maximumAttempts else {
                    return RecipientOutcome(recipient: message.recipient, state: .failed, error: "\(reason), \(attempt) times")
                }
                attempt += 1
            }
        }
    }

    private func settle(_ outcomes: [RecipientOutcome], checkpoint: CommittedCheckpoint?) async throws {
        try await store.settle(run: context.run, delivery: delivery.id, outcomes, checkpoint: checkpoint, at: context.clock.now())
        tally.withLock { tally in
            for outcome in outcomes {
                switch outcome.state {
                case .sent: tally.sent += 1
                case .failed:
                    tally.failed += 1
                    if tally.firstFailure == nil { tally.firstFailure = "\(outcome.recipient): \(outcome.error ?? "")" }
                case .unknown: tally.unknown += 1
                case .pending, .sending: break
                }
            }
        }
    }

    // MARK: Recovery

    /// Recipients a crash left `sending`: looked up on the network and settled `sent` (found),
    /// `pending` (the listing is complete and it is not there) or `unknown`.
    func reconcileSending() async throws {
        while true {
            let rows = try await store.recipients(delivery: delivery.id, state: .sending, limit: PublishActivity.sendingChunk)
            guard !rows.isEmpty else { return }
            let since = (rows.compactMap(\.sendingAt).min() ?? delivery.createdAt).addingTimeInterval(-PublishActivity.clockMargin)
            let found = try await look(for: rows.map { OutgoingMessage(recipient: $0.recipient, text: $0.text) }, since: since, through: publisher(for: rows[0]))
            let outcomes = rows.map { row in
                if let id = found.found[row.recipient] { return RecipientOutcome(recipient: row.recipient, state: .sent, remoteID: id) }
                if found.complete { return RecipientOutcome(recipient: row.recipient, state: .pending) }
                return RecipientOutcome(
                    recipient: row.recipient, state: .unknown,
                    error: "the run stopped while sending it and the network could not tell whether it arrived (wfrun run --resend-unknown sends it again)")
            }
            let decided = outcomes.count { $0.state != .unknown }
            try await settle(outcomes, checkpoint: nil)
            await context.log(
                .info,
                "reconciled \(rows.count) message\(rows.count == 1 ? "" : "s") left sending by an interrupted run: "
                    + "\(outcomes.count { $0.state == .sent }) sent, \(outcomes.count { $0.state == .pending }) not sent (to send), "
                    + "\(rows.count - decided) unknown")
        }
    }

    /// A proof post is read back from the test account that published it; anything else from
    /// the service's own account.
    private func publisher(for row: RecipientRecord) -> any Publisher { publisher }

    /// Recipients the log holds as `pending` (and `unknown` with `--resend-unknown`): sent first,
    /// from the texts logged, since the records that made them may lie before the checkpoint.
    func resendFromLog() async throws {
        var states: [RecipientState] = [.pending]
        if context.publishing.resendUnknown { states.append(.unknown) }
        for state in states {
            var after = Set<String>()
            while true {
                let rows = try await store.recipients(delivery: delivery.id, state: state, limit: PublishActivity.sendingChunk)
                    .filter { !after.contains($0.recipient) }
                guard !rows.isEmpty else { break }
                after.formUnion(rows.map(\.recipient))
                try await send(rows.map { OutgoingMessage(recipient: $0.recipient, text: $0.text) }, checkpoint: nil)
            }
        }
    }

    private func look(for messages: [OutgoingMessage], since: Date, through publisher: any Publisher) async throws -> SentLookup {
        do {
            if isPost {
                let byText = try await publisher.findPosts(texts: Set(messages.map(\.text)), since: since)
                var found: [String: String] = [:]
                for message in messages { if let id = byText.found[message.text] { found[message.recipient] = id } }
                return SentLookup(found: found, complete: byText.complete)
            }
            return try await publisher.findDirectMessages(
                Dictionary(messages.map { ($0.recipient, $0.text) }, uniquingKeysWith: { first, _ in first }), since: since)
        } catch let pause as RunPause {
            throw pause
        } catch {
            throw ActivityError.wrapping(error, in: activity.definition)
        }
    }

    /// One line for the run's log: what the activation sent.
    func summarize() async {
        let tally = tally.withLock { $0 }
        var line = "\(delivery.proof ? "proof " : "")\(isPost ? "post" : "direct messages") from '\(delivery.service)': \(tally.sent) sent"
        if tally.failed > 0 { line += ", \(tally.failed) failed (first: \(tally.firstFailure ?? ""))" }
        if tally.unknown > 0 { line += ", \(tally.unknown) unknown (wfrun run --resend-unknown sends them again)" }
        await context.log(tally.failed > 0 || tally.unknown > 0 ? .warning : .info, line)
    }
}

/// The first error of a chunk's concurrent sends.
private final class FirstFailure: Sendable {
    private let first = Mutex<(any Error)?>(nil)

    /// Keeps `error` unless one came before.
    func record(_ error: any Error) {
        first.withLock { if $0 == nil { $0 = error } }
    }

    var error: (any Error)? { first.withLock { $0 } }
}
