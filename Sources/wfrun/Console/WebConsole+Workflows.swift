import Foundation
import Hummingbird
import WorkflowEngine
import WorkflowModel
import WorkflowXML

/// The Workflows page, one workflow's page, and their actions (start, stop, execute now).
extension WebConsole {
    /// Runs in a workflow's strip.
    static let stripLength = 20

    func registerPages(on router: Router<BasicRequestContext>) {
        router.get("workflows") { request, _ in await page(request) { session in try await workflowsPage(session) } }
        router.get("workflows/:name") { request, context in
            await page(request) { session in try await workflowPage(Self.pathPart(context, "name"), session: session) }
        }
        for verb in WorkflowVerb.allCases {
            router.post("workflows/:name/\(verb.rawValue)") { request, context in
                let name = Self.pathPart(context, "name")
                return await action(request) { _, _ in
                    let done = try await act(verb, on: name)
                    return Self.redirect("/workflows/\(URLPart.encode(name))?done=\(URLPart.encode(done))")
                }
            }
        }
        registerRunPages(on: router)
        registerDataPages(on: router)
        registerServicePages(on: router)
    }

    // MARK: Workflows

    func workflowsPage(_ session: ConsoleSession) async throws -> Response {
        let catalog = await sources.catalog()
        let report = try await ControlStatus.report(store: sources.store, catalog: catalog, only: nil, clock: sources.clock)
        var rows: [HTML] = []
        let strips = try await sources.store.latestRuns(perWorkflow: Self.stripLength, workflows: report.workflows.map(\.name))
        for workflow in report.workflows {
            let strip = strips[workflow.name] ?? []
            let label = catalog.entries[workflow.name]?.workflow.label
            rows.append(workflowRow(workflow, label: label, strip: strip, now: report.now, csrf: session.csrf))
        }
        let busy = report.workflows.contains { $0.state == "running" }
        let table: HTML = rows.isEmpty
            ? "<p class=\"empty\">No workflows in \(sources.folder) yet. Put a workflow file there: the server loads it within 5 seconds.</p>"
            : """
              <div class="card scroll"><table id="workflows"><thead><tr><th>Workflow</th><th>State</th><th>Schedule</th><th>Next fire</th>\
              <th>Last run</th><th>Last 20 runs</th><th>Actions</th></tr></thead><tbody>\(rows)</tbody></table></div>
              """
        let body: HTML = """
            <h1>Workflows</h1>
            <p class="sub">\(report.workflows.count) workflow\(report.workflows.count == 1 ? "" : "s") in \(sources.folder) · \
            \(report.nodes.count) server\(report.nodes.count == 1 ? "" : "s") alive · \(ConsoleFormat.instant(report.now))</p>
            \(table)
            """
        return Self.html(Layout.page(
            title: "Workflows", section: .workflows, csrf: session.csrf, body: body,
            mainAttributes: busy ? " data-refresh-seconds=\"5\"" : .empty))
    }

    private func workflowRow(_ workflow: ControlStatus.Workflow, label: String?, strip: [RunRecord], now: Date, csrf: String) -> HTML {
        let path = "/workflows/\(URLPart.encode(workflow.name))"
        var state = Layout.pill(workflow.state)
        if let until = workflow.pausedUntil { state = "\(state) <span class=\"sub\">until \(ConsoleFormat.instant(until))</span>" }
        let next: HTML = workflow.next.first.map { fire in
            "\(fire.local)<br><span class=\"sub\">\(fire.utc)</span>"
        } ?? "<span class=\"sub\">–</span>"
        let last: HTML = workflow.lastRun.map { run in
            let took = run.seconds.map { " in \(ConsoleFormat.duration($0))" } ?? ""
            return "<a href=\"/runs/\(run.id)\">\(Layout.pill(run.status))</a> <span class=\"sub\">\(ConsoleFormat.relative(run.startedAt, to: now))\(took)</span>"
        } ?? "<span class=\"sub\">never ran</span>"
        let squares = strip.reversed().map { run -> HTML in
            let safe = run.status.rawValue
            return "<a class=\"s-\(safe)\" href=\"/runs/\(run.id)\" title=\"run \(run.id): \(safe), \(ConsoleFormat.instant(run.startedAt))\"></a>"
        }
        let toggle = workflow.state == "stopped"
            ? Layout.actionButton("Start", to: "\(path)/start", csrf: csrf, id: "start-\(workflow.name)")
            : Layout.actionButton("Stop", to: "\(path)/stop", csrf: csrf, id: "stop-\(workflow.name)")
        return """
            <tr data-workflow="\(workflow.name)"><td><a href="\(path)"><strong>\(workflow.name)</strong></a>\
            \(label.map { "<br><span class=\"sub\">\($0)</span>" as HTML } ?? .empty)</td>\
            <td>\(state)</td><td>\(workflow.schedule ?? "triggered only")</td><td>\(next)</td><td>\(last)</td>\
            <td><div class="strip">\(squares)</div></td>\
            <td><div class="actions">\(toggle)\(Layout.actionButton("Execute now", to: "\(path)/trigger", csrf: csrf, primary: true, id: "trigger-\(workflow.name)"))</div></td></tr>
            """
    }

    // MARK: One workflow

    func workflowPage(_ name: String, session: ConsoleSession) async throws -> Response {
        let catalog = await sources.catalog()
        let report = try await ControlStatus.report(store: sources.store, catalog: catalog, only: name, clock: sources.clock)
        guard let workflow = report.workflows.first else {
            throw ConsoleProblem(.notFound, "There is no workflow named ‘\(name)’ in \(sources.folder) or in the store.")
        }
        let entry = catalog.entries[name]
        let runs = try await sources.store.runs(workflow: name, limit: Self.stripLength)
        var lastActivities: [ActivityRunRecord] = []
        if let last = runs.first { lastActivities = try await sources.store.activityRuns(run: last.id) }
        let path = "/workflows/\(URLPart.encode(name))"
        let toggle = workflow.state == "stopped"
            ? Layout.actionButton("Start", to: "\(path)/start", csrf: session.csrf, id: "start")
            : Layout.actionButton("Stop", to: "\(path)/stop", csrf: session.csrf, id: "stop")
        let next = workflow.next.map { "<li>\($0.local) <span class=\"sub\">(\($0.utc))</span></li>" as HTML }
        var states: [String: String] = [:]
        for activity in lastActivities { states[activity.activity] = activity.status.rawValue }
        let graph: HTML = entry.map { entry in
            "<div class=\"card graph\" id=\"graph\">\(graphMarkup(entry.workflow, states: states))</div>"
        } ?? "<p class=\"empty\">The file is not served now, so there is no graph.</p>"
        let recent: HTML = runs.isEmpty ? "<p class=\"empty\">No runs yet.</p>" : runsTable(runs, now: report.now)
        let source = sourceSection(file: entry?.file ?? workflow.file)
        let body: HTML = """
            <h1>\(name)</h1>
            \(entry?.workflow.label.map { "<p class=\"sub\">\($0)</p>" as HTML } ?? .empty)
            <div class="card"><dl class="facts">
            <dt>State</dt><dd>\(Layout.pill(workflow.state, id: "state")) <span class="sub">\(workflow.startedOrStopped)</span></dd>
            <dt>Schedule</dt><dd>\(workflow.schedule ?? "none: runs only when executed")</dd>
            <dt>Next fires</dt><dd>\(next.isEmpty ? "–" : "<ul>\(next)</ul>" as HTML)</dd>
            <dt>File</dt><dd class="mono">\(workflow.file ?? "–")</dd>
            </dl>
            <div class="actions">\(toggle)\(Layout.actionButton("Execute now", to: "\(path)/trigger", csrf: session.csrf, primary: true, id: "trigger"))\
            <a class="button" href="/runs?workflow=\(URLPart.encode(name))">All runs</a></div></div>
            <h2>Activity graph\(runs.first.map { " · last run \($0.id)" } ?? "")</h2>
            \(graph)
            <h2>Recent runs</h2>
            \(recent)
            <h2>Source</h2>
            \(source)
            """
        return Self.html(Layout.page(title: name, section: .workflows, csrf: session.csrf, body: body))
    }

    /// The activity graph as SVG (laid out by wfrun, every text escaped by `GraphSVG`), each
    /// activity coloured by its state in the last run.
    private func graphMarkup(_ workflow: Workflow, states: [String: String]) -> HTML {
        HTML.trusted(GraphSVG.render(workflow, states: states))
    }

    /// The file with line numbers, its diagnostics listed and their lines marked.
    private func sourceSection(file: String?) -> HTML {
        guard let file else { return "<p class=\"empty\">No file.</p>" }
        let outcome = Installed.loader.load(path: file)
        guard let source = outcome.source.map({ String(decoding: $0.bytes, as: UTF8.self) }) else { return "<p class=\"empty\">\(file) cannot be read.</p>" }
        let flagged = Set(outcome.diagnostics.map(\.location.line))
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line -> HTML in
            "<span class=\"line\(flagged.contains(index + 1) ? HTML(" flagged") : .empty)\">\(line)</span>"
        }
        let diagnostics = outcome.diagnostics.map { diagnostic -> HTML in
            """
            <tr><td>\(Layout.pill(diagnostic.severity == .error ? "failed" : "waiting"))</td><td class="mono">\(diagnostic.code.rawValue)</td>\
            <td class="num">\(diagnostic.location.line):\(diagnostic.location.column)</td><td>\(diagnostic.message)</td></tr>
            """
        }
        let list: HTML = diagnostics.isEmpty
            ? "<p class=\"sub\">No diagnostics: the file is valid.</p>"
            : "<div class=\"card\"><table id=\"diagnostics\"><thead><tr><th></th><th>Code</th><th class=\"num\">Line:col</th><th>Message</th></tr></thead><tbody>\(diagnostics)</tbody></table></div>"
        return "\(list)<div class=\"card scroll\"><pre class=\"source\">\(HTML.join(lines))</pre></div>"
    }

    // MARK: Actions

    enum WorkflowVerb: String, CaseIterable, Sendable {
        case start, stop, trigger
    }

    /// Does `verb` on the workflow and says what was done.
    func act(_ verb: WorkflowVerb, on name: String) async throws -> String {
        let catalog = await sources.catalog()
        guard catalog.entries[name] != nil else {
            throw ConsoleProblem(.notFound, "There is no workflow named ‘\(name)’ in \(sources.folder); nothing was changed.")
        }
        let store = sources.store
        switch verb {
        case .start, .stop:
            let now = sources.clock.shifted(try await store.databaseNow())
            try await store.setState(verb == .start ? .started : .stopped, of: [name], by: Self.who, at: now)
            return verb == .start ? "started" : "stopped"
        case .trigger:
            let fire = try await store.queueTrigger(workflow: name, parameters: [:], by: Self.who)
            return "queued (fire \(fire.id))"
        }
    }

    /// Who acts through the console, for the record.
    static let who = "console"
}
