import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import WorkflowEngine
import WorkflowModel

/// The Runs page (filtered, paged), one run's page, and its live events.
extension WebConsole {
    /// Runs per page.
    static let runsPerPage = 50
    /// How long one live stream of a run's events lasts (the browser reconnects after).
    static let liveSeconds: Double = 30 * 60
    /// The log lines a run's page shows (the API gives them all).
    static let pageLogLines = 5000
    /// How often a live stream looks for news.
    static let livePoll: Duration = .milliseconds(400)

    func registerRunPages(on router: Router<BasicRequestContext>) {
        router.get("runs") { request, _ in
            await page(request) { session in try await runsPage(try RunFilter(request), session: session) }
        }
        router.get("runs/:id") { request, context in
            await page(request) { session in try await runPage(try Self.runID(context), session: session) }
        }
        router.get("runs/:id/events") { request, context in
            guard await session(of: request) != nil else { return Self.plain(.forbidden, "Sign in first.\n") }
            guard let id = try? Self.runID(context) else { return Self.plain(.notFound, "No such run.\n") }
            let resumed = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap { Int64($0) }
            let after = (resumed ?? Self.query(request, "after").flatMap { Int64($0) }).map { max(0, $0) }
            return liveEvents(run: id, after: after)
        }
    }

    static func runID(_ context: BasicRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), text.count <= 19, let id = Int64(text), id > 0 else {
            throw ConsoleProblem(.notFound, "There is no such run.")
        }
        return id
    }

    // MARK: Runs

    func runsPage(_ filter: RunFilter, session: ConsoleSession) async throws -> Response {
        let (runs, total) = try await filter.fetch(sources.store)
        let now = sources.clock.shifted(Date())
        let workflows = Set(await sources.catalog().entries.keys).union(runs.map(\.workflow)).sorted()
        let workflowOptions = ([""] + workflows).map { name -> HTML in
            "<option value=\"\(name)\"\(name == (filter.workflow ?? "") ? HTML(" selected") : .empty)>\(name.isEmpty ? "all workflows" : name)</option>"
        }
        let statusOptions = ([""] + RunStatus.allCases.map(\.rawValue)).map { status -> HTML in
            "<option value=\"\(status)\"\(filter.statuses.map(\.rawValue).contains(status) ? HTML(" selected") : .empty)>\(status.isEmpty ? "any status" : status)</option>"
        }
        var pager: [HTML] = ["<span>\(ConsoleFormat.count(total)) run\(total == 1 ? "" : "s")\(filter.isFiltered ? " match" : "")</span>"]
        if filter.beforeID != nil { pager.append("<a href=\"/runs\(filter.query(before: nil))\">Newest</a>") }
        if runs.count == Self.runsPerPage, let last = runs.last {
            pager.append("<a href=\"/runs\(filter.query(before: last.id))\" id=\"older\">Older →</a>")
        }
        let body: HTML = """
            <h1>Runs</h1>
            <form class="filters" method="get" action="/runs">
            <label>Workflow<select name="workflow">\(workflowOptions)</select></label>
            <label>Status<select name="status">\(statusOptions)</select></label>
            <label>Started from<input type="date" name="from" value="\(filter.fromText)"></label>
            <label>to (inclusive)<input type="date" name="to" value="\(filter.toText)"></label>
            <button type="submit">Filter</button> <a class="button" href="/runs">Clear</a>
            </form>
            \(runs.isEmpty ? "<p class=\"empty\">No runs match.</p>" : runsTable(runs, now: now))
            <div class="pager">\(pager)</div>
            """
        return Self.html(Layout.page(title: "Runs", section: .runs, csrf: session.csrf, body: body))
    }

    /// Runs as a table: id, workflow, status, start, duration, error.
    func runsTable(_ runs: [RunRecord], now: Date) -> HTML {
        let rows = runs.map { run -> HTML in
            let duration = run.endedAt.map { ConsoleFormat.duration($0.timeIntervalSince(run.startedAt)) } ?? "–"
            return """
                <tr><td class="num"><a href="/runs/\(run.id)">\(run.id)</a></td><td><a href="/workflows/\(URLPart.encode(run.workflow))">\(run.workflow)</a></td>\
                <td>\(Layout.pill(run.status.rawValue))</td><td>\(ConsoleFormat.instant(run.startedAt))<br><span class="sub">\(ConsoleFormat.relative(run.startedAt, to: now))</span></td>\
                <td class="num">\(duration)</td><td>\(run.error.map { String($0.prefix(160)) } ?? "")</td></tr>
                """
        }
        return """
            <div class="card scroll"><table id="runs"><thead><tr><th class="num">Run</th><th>Workflow</th><th>Status</th><th>Started</th>\
            <th class="num">Duration</th><th>Error</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
    }

    // MARK: One run

    func runPage(_ id: Int64, session: ConsoleSession) async throws -> Response {
        let store = sources.store
        guard let run = try await store.run(id: id) else { throw ConsoleProblem(.notFound, "There is no run \(id).") }
        let activities = try await store.activityRuns(run: id)
        let logPage = try await store.logs(run: id, after: nil, limit: Self.pageLogLines)
        let logs = logPage.entries
        let checkpoints = try await store.checkpoints(run: id)
        let deliveries = try await DeliveryReport.of(run: id, in: store)
        let live = run.status == .running
        let duration = run.endedAt.map { ConsoleFormat.duration($0.timeIntervalSince(run.startedAt)) } ?? "–"
        let parameters = run.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let activityRows = activities.map { activity -> HTML in
            """
            <tr data-activity="\(activity.activity)"><td><strong>\(activity.activity)</strong></td><td class="sub">\(activity.kind)</td>\
            <td data-field="status">\(Layout.pill(activity.status.rawValue))</td><td class="num" data-field="attempts">\(activity.attempts)</td>\
            <td class="num" data-field="recordsIn">\(activity.recordsIn)</td><td class="num" data-field="recordsOut">\(activity.recordsOut)</td>\
            <td>\(ConsoleFormat.instant(activity.startedAt))</td><td class="num">\(activity.endedAt.map { ConsoleFormat.duration($0.timeIntervalSince(activity.startedAt)) } ?? "–")</td>\
            <td>\(activity.error ?? "")</td></tr>
            """
        }
        let logLines = logs.map(Self.logLine)
        let deliveryRows = deliveries.map { delivery -> HTML in
            let counts = delivery.counts.sorted { $0.key < $1.key }.map { "\(Layout.pill($0.key)) \($0.value)" as HTML }
            return """
                <tr><td class="num">\(delivery.id)</td><td>\(delivery.activity)</td><td>\(delivery.action)\(delivery.proof ? " (proof)" : "")</td>\
                <td>\(delivery.service)</td><td>\(HTML.join(counts, separator: " "))</td><td>\(delivery.finished ? "finished" : "open")</td></tr>
                """
        }
        let failures = deliveries.flatMap { delivery in delivery.failures.map { (delivery.id, $0) } }.map { id, failure -> HTML in
            "<tr><td class=\"num\">\(id)</td><td class=\"mono\">\(failure.recipient)</td><td>\(Layout.pill(failure.state))</td><td class=\"num\">\(failure.attempts)</td><td>\(failure.error ?? "")</td></tr>"
        }
        let checkpointRows = checkpoints.map { checkpoint -> HTML in
            """
            <tr><td>\(checkpoint.sink)</td><td>\(checkpoint.checkpoint.source)</td><td class="num">\(checkpoint.checkpoint.sequence)</td>\
            <td class="mono">\(checkpoint.checkpoint.cursor)</td></tr>
            """
        }
        let body: HTML = """
            <h1>Run \(run.id) <span class="sub">of</span> <a href="/workflows/\(URLPart.encode(run.workflow))">\(run.workflow)</a></h1>
            <div class="card"><dl class="facts">
            <dt>Status</dt><dd>\(Layout.pill(run.status.rawValue, id: "run-status")) \(live ? "<span class=\"sub\" id=\"live-note\">live: this page follows the run</span>" as HTML : .empty)</dd>
            <dt>Started</dt><dd>\(ConsoleFormat.instant(run.startedAt))</dd>
            <dt>Ended</dt><dd>\(ConsoleFormat.instant(run.endedAt)) <span class="sub">\(run.endedAt == nil ? "" : "took \(duration)")</span></dd>
            <dt>File</dt><dd class="mono">\(run.file)</dd>
            \(parameters.isEmpty ? .empty : "<dt>Parameters</dt><dd class=\"mono\">\(parameters)</dd>" as HTML)
            \(run.owner.map { "<dt>\(run.status == .running ? "Held by" : "Last held by")</dt><dd class=\"mono\">\(String(describing: $0))</dd>" as HTML } ?? .empty)
            \(run.resumeAt.map { "<dt>Resumes at</dt><dd>\(ConsoleFormat.instant($0))</dd>" as HTML } ?? .empty)
            </dl>\(run.error.map { "<div class=\"error-box\" id=\"run-error\">\($0)</div>" as HTML } ?? .empty)</div>
            <h2>Activities</h2>
            <div class="card scroll"><table id="activities"><thead><tr><th>Activity</th><th>Kind</th><th>Status</th><th class="num">Attempts</th>\
            <th class="num">In</th><th class="num">Out</th><th>Started</th><th class="num">Took</th><th>Error</th></tr></thead><tbody>\(activityRows)</tbody></table></div>
            \(deliveryRows.isEmpty ? .empty : """
                <h2>Deliveries</h2><div class="card scroll"><table id="deliveries"><thead><tr><th class="num">Delivery</th><th>Activity</th><th>Action</th>\
                <th>Service</th><th>Recipients</th><th></th></tr></thead><tbody>\(deliveryRows)</tbody></table></div>
                \(failures.isEmpty ? .empty : "<div class=\"card scroll\"><table><thead><tr><th class=\"num\">Delivery</th><th>Recipient</th><th>State</th><th class=\"num\">Attempts</th><th>Reason</th></tr></thead><tbody>\(failures)</tbody></table></div>" as HTML)
                """ as HTML)
            \(checkpointRows.isEmpty ? .empty : "<h2>Checkpoints</h2><div class=\"card scroll\"><table id=\"checkpoints\"><thead><tr><th>Sink</th><th>Source</th><th class=\"num\">Batch</th><th>Position</th></tr></thead><tbody>\(checkpointRows)</tbody></table></div>" as HTML)
            <h2>Log</h2>
            <div class="card"><ol class="log" id="log">\(logLines)</ol>\(logs.isEmpty && !live ? "<p class=\"empty\">Nothing was logged.</p>" as HTML : .empty)</div>
            """
        let attributes: HTML = live ? " data-live-run=\"\(run.id)\" data-log-after=\"\(logPage.last ?? 0)\"" : .empty
        return Self.html(Layout.page(title: "Run \(run.id)", section: .runs, csrf: session.csrf, body: body, mainAttributes: attributes))
    }

    static func logLine(_ entry: RunLogEntry) -> HTML {
        """
        <li class="l-\(entry.level.rawValue)"><span class="t">\(ConsoleFormat.instant(entry.at))</span>\
        \(entry.activity.map { "<span class=\"a\">[\($0)]</span>" as HTML } ?? .empty)\(entry.message)</li>
        """
    }

    // MARK: Live

    /// Server-sent events while the run goes on: `log` for each new log line (after the line
    /// whose position is `after`; the browser's reconnection sends the last one it saw as
    /// `Last-Event-ID`), `activity` for each activity whose state changed, and `end` with the run's final
    /// status, after which the stream ends. A stream lasts at most `liveSeconds`, and ends when
    /// the server stops.
    func liveEvents(run id: Int64, after: Int64?) -> Response {
        let store = sources.store
        let body = ResponseBody { writer in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var sent = after
            var known: [String: ActivityRunRecord] = [:]
            let deadline = ContinuousClock.now + .seconds(Self.liveSeconds)
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            let stopping = stopping
            while ContinuousClock.now < deadline, !stopping.isRaised {
                guard let run = try await store.run(id: id) else { break }
                let logs = try await store.logs(run: id, after: sent, limit: 1000)
                var chunk = ""
                for entry in logs.entries {
                    let event = LiveLog(at: ConsoleFormat.instant(entry.at), level: entry.level.rawValue, activity: entry.activity, message: entry.message)
                    chunk += "id: \(entry.sequence ?? 0)\nevent: log\ndata: \(String(decoding: try encoder.encode(event), as: UTF8.self))\n\n"
                }
                sent = logs.last ?? sent
                for activity in try await store.activityRuns(run: id) where known[activity.activity] != activity {
                    known[activity.activity] = activity
                    let event = LiveActivity(
                        activity: activity.activity, status: activity.status.rawValue, attempts: activity.attempts,
                        recordsIn: activity.recordsIn, recordsOut: activity.recordsOut)
                    chunk += "event: activity\ndata: \(String(decoding: try encoder.encode(event), as: UTF8.self))\n\n"
                }
                if run.status != .running, logs.entries.count < 1000 {
                    chunk += "event: end\ndata: {\"status\":\"\(run.status.rawValue)\"}\n\n"
                    try await writer.write(ByteBuffer(string: chunk))
                    break
                }
                try await writer.write(ByteBuffer(string: chunk.isEmpty ? ": waiting\n\n" : chunk))
                try await Task.sleep(for: Self.livePoll)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"], body: body)
    }

    struct LiveLog: Encodable {
        let at: String
        let level: String
        let activity: String?
        let message: String
    }

    struct LiveActivity: Encodable {
        let activity: String
        let status: String
        let attempts: Int
        let recordsIn: Int
        let recordsOut: Int
    }
}

/// The Runs page's filters, read from its query string (and the API's).
struct RunFilter: Sendable {
    var workflow: String?
    var statuses: [RunStatus] = []
    /// The first day (UTC) and the last day, inclusive.
    var from: Date?
    var through: Date?
    var beforeID: Int64?
    var limit = WebConsole.runsPerPage

    init(workflow: String? = nil) {
        self.workflow = workflow
    }

    init(_ request: Request) throws {
        workflow = WebConsole.query(request, "workflow")
        if let status = WebConsole.query(request, "status") {
            statuses = try status.split(separator: ",").map { text in
                guard let status = RunStatus(rawValue: String(text)) else {
                    throw ConsoleProblem(.badRequest, "‘\(text)’ is not a run status: \(RunStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                return status
            }
        }
        from = try WebConsole.query(request, "from").map { try Self.day($0, "from") }
        through = try WebConsole.query(request, "to").map { try Self.day($0, "to") }
        if let before = WebConsole.query(request, "before") {
            guard let id = Int64(before), id > 0 else { throw ConsoleProblem(.badRequest, "‘before’ takes a run id.") }
            beforeID = id
        }
        if let limit = WebConsole.query(request, "limit") {
            guard let count = Int(limit), (1...500).contains(count) else { throw ConsoleProblem(.badRequest, "‘limit’ takes 1 to 500.") }
            self.limit = count
        }
    }

    private static func day(_ text: String, _ name: String) throws -> Date {
        guard text.count == 10, let date = ISOTimestamp(parsing: text + "T00:00:00Z", zoneless: .refused)?.date else {
            throw ConsoleProblem(.badRequest, "‘\(name)’ takes a day, YYYY-MM-DD.")
        }
        return date
    }

    var isFiltered: Bool { workflow != nil || !statuses.isEmpty || from != nil || through != nil }
    var fromText: String { from.map { String(ISOTimestamp($0).text.prefix(10)) } ?? "" }
    var toText: String { through.map { String(ISOTimestamp($0).text.prefix(10)) } ?? "" }

    /// The page's query string with another `before`.
    func query(before: Int64?) -> String {
        URLPart.query([
            ("workflow", workflow), ("status", statuses.map(\.rawValue).joined(separator: ",")),
            ("from", fromText), ("to", toText), ("before", before.map { "\($0)" }),
        ])
    }

    /// One page of runs, newest first, and how many match in all.
    func fetch(_ store: any WorkflowStore) async throws -> (runs: [RunRecord], total: Int) {
        let query = RunQuery(
            workflow: workflow, statuses: statuses, startedFrom: from, startedBefore: through.map { $0.addingTimeInterval(86400) },
            beforeID: beforeID, limit: limit)
        return (try await store.runs(matching: query), try await store.countRuns(matching: query))
    }
}
