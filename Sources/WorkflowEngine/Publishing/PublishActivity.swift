import Foundation
import WorkflowModel

/// `publish`: a post once per activation, or a direct message to each incoming record's person,
/// through a publishing connector, every message through the delivery log (`DeliveryStore`):
/// committed `sending` before it goes out and settled after, reconciled against the network when
/// a run resumes, so that nothing is sent twice and nothing is lost without saying so.
///
/// With `--proof` every message goes to the services marked `test="true"` instead (a post is
/// published by each test account, a message is the first record's, sent to each test account),
/// and only once each test account is known to be protected.
public struct PublishActivity: ActivityBehavior {
    public static let kind = ActivityKind.publish
    public static let recordFlow: RecordFlow = [.consumesRecords, .commitsCheckpoints]

    /// Recipients taken for sending per commit: what a crash can leave `sending`, to reconcile.
    static let sendingChunk = 100
    /// Attempts of one message whose answer never came and that the network then did not have.
    static let maximumAttempts = 5
    /// How far before a message's `sending` instant a lookup reads, for clocks that disagree.
    static let clockMargin: TimeInterval = 600

    let definition: Activity
    let action: Action
    let connectorName: String
    let service: String
    let text: RecordExpression
    let link: RecordExpression?
    let recipient: RecordExpression?
    let perDay: Int?
    let trackLinks: Bool
    let textLimit: TextLimit?

    /// What the activity does.
    enum Action: String, Sendable {
        case post, dm
    }

    /// Reads the definition and checks that the connector can publish what it asks.
    public init(definition: Activity, setup: ActivitySetup) throws {
        self.definition = definition
        connectorName = definition["connector"] ?? ""
        guard let connector = setup.connectors[connectorName] else {
            throw ActivityError(definition: definition, "there is no connector '\(connectorName)'; run wfrun validate")
        }
        guard connector is any PublishingConnector else {
            throw ActivityError(definition: definition, "connector '\(connectorName)' cannot publish")
        }
        guard let action = Action(rawValue: definition["action"] ?? ""),
            let resource = connector.descriptor.resource(named: action.rawValue), resource.direction == .publish
        else {
            throw ActivityError(definition: definition, "connector '\(connectorName)' cannot \(definition["action"] ?? "publish"); run wfrun validate")
        }
        self.action = action
        textLimit = resource.textLimit
        service = definition["service"] ?? ""
        text = try RecordExpression("text", of: definition)
        link = try definition.attributes["link"].map { try RecordExpression($0, attribute: "link", part: nil, of: definition) }
        recipient = action == .dm
            ? try RecordExpression(
                definition.attributes["recipient"] ?? AttributeValue(defaultExpression: "external_id", at: definition.location), attribute: "recipient", part: nil,
                of: definition)
            : nil
        if let value = definition["perDay"] {
            guard let number = Int(value), WorkflowLimits.perDay.contains(number) else {
                throw ActivityError(definition: definition, "perDay=\"\(value)\" is not a whole number from 1 to 1,000,000; run wfrun validate")
            }
            perDay = number
        } else {
            perDay = nil
        }
        trackLinks = definition["trackLinks"] == "true"
    }

    public func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult {
        let connector = try connector(in: context)
        if context.dryRun {
            try await describe(input: input, context: context)
            return .next()
        }
        guard let store = context.store as? any DeliveryStore else {
            throw ActivityError(activity: definition.name, message: "this store cannot keep a delivery log", retryability: .permanent(reason: "the store"))
        }
        let base = try trackingBase(context: context)
        let sender = context.publishing.proof ? try await proofSender(connector, context: context) : nil
        let delivery = try await open(store, context: context)
        guard delivery.proof == context.publishing.proof else {
            // A resumed run goes on as it began: a proof never turns into the real wave.
            let why = delivery.proof
                ? "began as a proof, and a proof never turns into the real wave: start afresh with --restart"
                : "began as the real wave: finish it without --proof"
            throw ActivityError(
                activity: definition.name, message: "publish '\(definition.name)': run \(context.run) \(why); nothing was sent",
                retryability: .permanent(reason: "a proof and a real delivery never mix"))
        }
        let links = try base.map { _ in try linkStore(context: context, delivery: delivery) }
        let track: Tracking = { text in
            guard let text, let base, let links else { return text }
            return try await links.track(text, base: base)
        }
        let publisher = try await publisher(of: connector, service: service, context: context)
        let session = DeliverySession(
            activity: self, delivery: delivery, store: store, publisher: publisher, context: context)
        try await session.reconcileSending()
        if let sender {
            try await drainForProof(input, sender: sender, session: session, track: track, context: context)
        } else if action == .post {
            if let input { try await drain(input) }
            let (text, link) = try evaluatedMessage(on: [:], context: context)
            try await session.send(
                [OutgoingMessage(recipient: DeliverySession.timeline, text: try await track(text) ?? text)], checkpoint: nil,
                link: try await track(link))
        } else {
            try await session.resendFromLog()
            if let input { try await sendEach(input, session: session, track: track, context: context) }
        }
        try await store.finishDelivery(run: context.run, delivery: delivery.id, at: context.clock.now())
        await session.summarize()
        return .next()
    }

    // MARK: Setup

    /// Rewrites a text's links to tracked ones (or leaves it as it is without `trackLinks`).
    typealias Tracking = @Sendable (String?) async throws -> String?

    /// With `trackLinks="true"`: the public address tracked links point to, checked before
    /// anything is sent.
    private func trackingBase(context: ActivityContext) throws -> URL? {
        guard trackLinks else { return nil }
        guard let base = context.publishing.publicURL else {
            throw ActivityError(
                activity: definition.name,
                message: "publish '\(definition.name)': trackLinks=\"true\" needs the public address of wfrun serve, where tracked links point: "
                    + "give --public-url URL (or set WFRUN_PUBLIC_URL); nothing was sent",
                retryability: .permanent(reason: "a configuration error"))
        }
        return base
    }

    private func linkStore(context: ActivityContext, delivery: DeliveryRecord) throws -> DeliveryLinks {
        guard let store = context.store as? any LinkStore else {
            throw ActivityError(activity: definition.name, message: "this store cannot keep tracked links", retryability: .permanent(reason: "the store"))
        }
        return DeliveryLinks(store: store, delivery: delivery.id)
    }

    private func connector(in context: ActivityContext) throws -> any PublishingConnector {
        guard let connector = context.connectors[connectorName] as? any PublishingConnector else {
            throw ActivityError(activity: definition.name, message: "connector '\(connectorName)' cannot publish", retryability: .permanent(reason: "a configuration error"))
        }
        return connector
    }

    private func publisher(of connector: any PublishingConnector, service: String, context: ActivityContext) async throws -> any Publisher {
        do {
            return try await connector.publisher(service: service, clock: context.clock)
        } catch {
            throw ActivityError.wrapping(error, in: definition)
        }
    }

    private func open(_ store: any DeliveryStore, context: ActivityContext) async throws -> DeliveryRecord {
        try await store.openDelivery(DeliveryRecord(
            run: context.run, activity: definition.name, action: action.rawValue, connector: connectorName, service: service,
            proof: context.publishing.proof, textTemplate: definition["text"] ?? "", createdAt: context.clock.now()))
    }

    // MARK: Texts

    /// The text and link of one message, evaluated on the record and checked against the
    /// network's limit (which counts a link published with a post: X adds it to the text).
    func evaluatedMessage(on record: Record, context: ActivityContext) throws -> (text: String, link: String?) {
        var message: String
        var url: String?
        do throws(RecordFailure) {
            message = try text.value(on: record, context.evaluation).text ?? ""
            if let link, let value = try link.value(on: record, context.evaluation).text, !value.isEmpty { url = value }
        } catch {
            throw ActivityError(error.error, in: definition, part: error.part, record: record)
        }
        guard !message.isEmpty || url != nil else { throw recordError("the text is empty", record: record) }
        let whole = [message, url].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        if let problem = textLimit?.problem(with: whole) { throw recordError(problem, record: record) }
        return (message, url)
    }

    /// The text of a direct message: its link, if any, is part of it (a DM has no link field).
    func evaluatedText(on record: Record, context: ActivityContext) throws -> String {
        let (text, link) = try evaluatedMessage(on: record, context: context)
        return [text, link].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The recipient of a record's message: its user id on the network.
    func recipientID(of record: Record, context: ActivityContext) throws -> String {
        guard let recipient else { return DeliverySession.timeline }
        let id: String?
        do throws(RecordFailure) {
            id = try recipient.value(on: record, context.evaluation).text
        } catch {
            throw ActivityError(error.error, in: definition, part: error.part, record: record)
        }
        guard let id, !id.isEmpty else {
            throw recordError("the record has no recipient (\(definition["recipient"] ?? "external_id") is empty)", record: record)
        }
        return id
    }

    /// A problem with one record's message: not retried (the same record gives the same text).
    private func recordError(_ problem: String, record: Record) -> ActivityError {
        let where_ = record.isEmpty ? "" : " (record \(RecordSummary.of(record)))"
        return ActivityError(
            activity: definition.name, message: "publish '\(definition.name)': \(problem)\(where_)", retryability: .permanent(reason: "the data"))
    }

    // MARK: Sending

    /// DMs: one message per record, batch by batch; a record whose text or recipient fails is a
    /// record error (the activity fails, or with `errorPolicy="ignore"` the record is dropped).
    private func sendEach(_ input: any BatchSource, session: DeliverySession, track: Tracking, context: ActivityContext) async throws {
        let errors = RecordErrorHandler(definition)
        while let batch = try await input.next() {
            context.meter.read(batch.records.count)
            var messages: [OutgoingMessage] = []
            var seen = Set<String>()
            messages.reserveCapacity(batch.records.count)
            for record in batch.records {
                do {
                    let recipient = try recipientID(of: record, context: context)
                    let text = try evaluatedText(on: record, context: context)
                    if seen.insert(recipient).inserted {
                        messages.append(OutgoingMessage(recipient: recipient, text: try await track(text) ?? text))
                    }
                } catch let error as ActivityError where errors.dropsRecords {
                    await errors.dropped(error.message, context: context)
                }
            }
            try await session.send(messages, checkpoint: batch.checkpoint)
        }
        await errors.finish(context: context)
    }

    /// The test service a proof goes to, checked protected; nil outside proofs.
    struct ProofTarget: Sendable {
        var service: String
        var account: PublishAccount
        var publisher: any Publisher
    }

    /// The test services of the connector, each checked protected before anything is sent.
    private func proofSender(_ connector: any PublishingConnector, context: ActivityContext) async throws -> [ProofTarget] {
        let names = connector.testServices()
        guard !names.isEmpty else {
            throw ActivityError(
                activity: definition.name,
                message: "publish '\(definition.name)': --proof needs a \(connectorName) service marked test=\"true\" in the services file; there is none",
                retryability: .permanent(reason: "a configuration error"))
        }
        var targets: [ProofTarget] = []
        for name in names {
            let publisher = try await publisher(of: connector, service: name, context: context)
            let account: PublishAccount
            do {
                account = try await publisher.account()
            } catch {
                throw ActivityError.wrapping(error, in: definition)
            }
            guard account.isProtected else {
                throw ActivityError(
                    activity: definition.name,
                    message: "publish '\(definition.name)': proof refused: the test account of service '\(name)' (@\(account.name)) is public, "
                        + "so a proof would be seen by anyone; protect the account (X: Settings, Privacy, Protect your posts) and run again",
                    retryability: .permanent(reason: "a configuration error"))
            }
            targets.append(ProofTarget(service: name, account: account, publisher: publisher))
        }
        return targets
    }

    /// A proof: a post is published by each test account; a DM (the first record's) goes to
    /// each test account. The other records are read and not sent.
    private func drainForProof(
        _ input: (any BatchSource)?, sender targets: [ProofTarget], session: DeliverySession, track: Tracking, context: ActivityContext
    ) async throws {
        var first: Record?
        if let input {
            while let batch = try await input.next() {
                context.meter.read(batch.records.count)
                if first == nil { first = batch.records.first }
            }
        }
        if action == .dm && first == nil {
            await context.log(.warning, "proof: no record arrived, so there is no message to show; nothing sent")
            return
        }
        let (text, link) = action == .post
            ? try evaluatedMessage(on: first ?? [:], context: context) : (try evaluatedText(on: first ?? [:], context: context), nil)
        for target in targets {
            let recipient = action == .post ? "proof:\(target.service)" : target.account.id
            let publisher = action == .post ? target.publisher : session.publisher
            try await session.send(
                [OutgoingMessage(recipient: recipient, text: try await track(text) ?? text)], checkpoint: nil, link: try await track(link),
                through: publisher)
        }
    }

    /// A dry run: says what would be sent, sends nothing and writes nothing.
    private func describe(input: (any BatchSource)?, context: ActivityContext) async throws {
        var count = 0
        var example: String?
        if action == .dm, let input {
            while let batch = try await input.next() {
                context.meter.read(batch.records.count)
                count += batch.records.count
                if example == nil, let record = batch.records.first { example = try evaluatedText(on: record, context: context) }
            }
        } else {
            if let input { try await drain(input) }
            count = 1
            example = try evaluatedText(on: [:], context: context)
        }
        let target = context.publishing.proof ? "as a proof to the test services" : "from service '\(service)'"
        let what = action == .post ? "publish a post" : "send \(count) direct message\(count == 1 ? "" : "s")"
        await context.log(.info, "would \(what) \(target)\(example.map { "; first: \($0)" } ?? "")")
    }
}

extension AttributeValue {
    /// The value of an attribute left out, as its schema default.
    init(defaultExpression text: String, at location: SourceLocation) {
        self.init(text: text, location: location, valueLocation: location, expression: try? Expression(parsing: text))
    }
}
