import Foundation
import Hummingbird
import NIOCore
import Synchronization
import WorkflowEngine
import WorkflowModel

/// The Data pages: the tables, one table's rows (a filter expression as `wfrun show --where`,
/// paged) and its CSV download.
extension WebConsole {
    /// Rows per page.
    static let rowsPerPage = 50
    /// The most rows one page request reads looking for rows that match a filter; past it, the
    /// page says how far it got and links on, so that a rare match never makes a slow page.
    static let scanBudget = 5_000

    func registerDataPages(on router: Router<BasicRequestContext>) {
        router.get("data") { request, _ in await page(request) { session in try await tablesPage(session) } }
        router.get("data/:table") { request, context in
            await page(request) { session in
                let query = try DataQuery(request, table: Self.pathPart(context, "table"))
                return try await tablePage(query, session: session)
            }
        }
        router.get("data/:table/export.csv") { request, context in
            await page(request) { _ in csvExport(try DataQuery(request, table: Self.pathPart(context, "table"))) }
        }
    }

    func tablesPage(_ session: ConsoleSession) async throws -> Response {
        var rows: [HTML] = []
        for name in DataSchemaLibrary.builtIn.names {
            guard let schema = DataSchemaLibrary.builtIn[name] else { continue }
            let count = try await counts.count(of: schema, in: sources.store)
            rows.append("""
                <tr><td><a href="/data/\(URLPart.encode(name))"><strong>\(name)</strong></a></td><td>\(schema.label ?? "")</td>\
                <td class="num">\(ConsoleFormat.count(count))</td><td class="sub">\(schema.columns.map(\.name).joined(separator: ", "))</td></tr>
                """)
        }
        let body: HTML = """
            <h1>Data</h1>
            <p class="sub">Row counts are at most \(Int(TableCounts.lifetime)) seconds old.</p>
            <div class="card scroll"><table id="tables"><thead><tr><th>Table</th><th>Label</th><th class="num">Rows</th><th>Columns</th></tr></thead>\
            <tbody>\(rows)</tbody></table></div>
            """
        return Self.html(Layout.page(title: "Data", section: .data, csrf: session.csrf, body: body))
    }

    func tablePage(_ query: DataQuery, session: ConsoleSession) async throws -> Response {
        let page = try await query.page(sources.store, limit: Self.rowsPerPage)
        let header = query.schema.columns.map { "<th>\($0.name)</th>" as HTML }
        let rows = page.rows.map { record -> HTML in
            let cells = query.schema.columns.map { column -> HTML in
                "<td>\(record[column.name].map(RowWriter.cell) ?? "")</td>"
            }
            return "<tr>\(cells)</tr>"
        }
        let name = query.schema.name
        var pager: [HTML] = []
        let shown = "\(ConsoleFormat.count(page.rows.count)) row\(page.rows.count == 1 ? "" : "s")"
        pager.append("<span>\(shown)\(query.expression == nil ? "" : " matching, among \(ConsoleFormat.count(page.scanned)) read")</span>")
        if query.after != nil { pager.append("<a href=\"/data/\(URLPart.encode(name))\(query.queryString(after: nil))\">First page</a>") }
        if let next = page.next {
            pager.append("<a id=\"next-page\" href=\"/data/\(URLPart.encode(name))\(query.queryString(after: next))\">\(page.rows.count < Self.rowsPerPage ? "Keep looking →" : "Next →")</a>")
        }
        let body: HTML = """
            <h1>\(name) <span class="sub">\(query.schema.label ?? "")</span></h1>
            <form class="filters" method="get" action="/data/\(URLPart.encode(name))">
            <label>Filter (an expression, as <code>wfrun show --where</code>)<input class="wide mono" type="text" name="where" value="\(query.condition ?? "")" placeholder="verified and friends > 1000"></label>
            <button type="submit">Filter</button> <a class="button" href="/data/\(URLPart.encode(name))">Clear</a>
            <a class="button" id="csv" href="/data/\(URLPart.encode(name))/export.csv\(URLPart.query([("where", query.condition)]))">Download CSV</a>
            </form>
            <div class="card scroll"><table id="rows"><thead><tr>\(header)</tr></thead><tbody>\(rows)</tbody></table>\
            \(rows.isEmpty ? "<p class=\"empty\">No rows\(query.expression == nil ? "" : " match").</p>" as HTML : .empty)</div>
            <div class="pager">\(pager)</div>
            """
        return Self.html(Layout.page(title: name, section: .data, csrf: session.csrf, body: body))
    }

    /// Every matching row as CSV, streamed (memory stays flat whatever the table's size).
    func csvExport(_ query: DataQuery) -> Response {
        let store = sources.store
        let body = ResponseBody { writer in
            let columns = query.schema.columns.map(\.name)
            var chunk = columns.map(RowWriter.csvField).joined(separator: ",") + "\r\n"
            let rows = store.rows(of: query.schema, batchSize: 1000)
            while let batch = try await rows.next() {
                for record in batch.records where try query.matches(record) {
                    chunk += columns.map { RowWriter.csvField(record[$0].map(RowWriter.cell) ?? "") }.joined(separator: ",") + "\r\n"
                }
                if chunk.utf8.count > 64 * 1024 {
                    try await writer.write(ByteBuffer(string: chunk))
                    chunk = ""
                }
            }
            try await writer.write(ByteBuffer(string: chunk))
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"\(query.schema.name).csv\"",
            ],
            body: body)
    }
}

/// A table, a filter and a position: what the Data page and the API show.
struct DataQuery: Sendable {
    let schema: DataSchema
    let condition: String?
    let expression: WorkflowModel.Expression?
    /// Where the page starts (the page's cursor), nil for the first page.
    let after: String?

    init(_ request: Request, table: String) throws {
        guard let schema = DataSchemaLibrary.builtIn[table] else {
            throw ConsoleProblem(.notFound, "There is no table ‘\(table)’. Tables: \(DataSchemaLibrary.builtIn.names.joined(separator: ", ")).")
        }
        self.schema = schema
        condition = WebConsole.query(request, "where")
        if let condition {
            do throws(ExpressionError) {
                expression = try WorkflowModel.Expression(parsing: condition)
            } catch {
                throw ConsoleProblem(.badRequest, "The filter “\(condition)”: \(error.message) (at character \(error.offset + 1)).")
            }
        } else {
            expression = nil
        }
        after = WebConsole.query(request, "after")
    }

    func matches(_ record: Record) throws -> Bool {
        guard let expression else { return true }
        do {
            return try ExpressionEvaluator().evaluateCondition(expression, record: record, context: EvaluationContext(now: Date()))
        } catch {
            throw ConsoleProblem(.badRequest, "The filter “\(condition ?? "")”: \(error)")
        }
    }

    func queryString(after: String?) -> String {
        URLPart.query([("where", condition), ("after", after)])
    }

    struct Page: Sendable {
        var rows: [Record]
        /// The position of the next page, if the table goes on.
        var next: String?
        /// How many rows this page read.
        var scanned: Int
    }

    /// Up to `limit` matching rows from the page's position, reading at most
    /// `WebConsole.scanBudget` rows when there is a filter.
    func page(_ store: any WorkflowStore, limit: Int) async throws -> Page {
        var cursor: DataCursor?
        if let after {
            do {
                cursor = try DataCursor(parsing: after, table: schema.name)
            } catch {
                throw ConsoleProblem(.badRequest, "‘after’ is not a position of \(schema.name): \(error)")
            }
        }
        let page: DataPage
        if let expression {
            do {
                page = try await store.rows(
                    of: schema, after: cursor, limit: limit, where: expression, context: EvaluationContext(now: Date()),
                    examining: WebConsole.scanBudget)
            } catch let error as EvaluationError {
                throw ConsoleProblem(.badRequest, "The filter “\(condition ?? "")”: \(error)")
            }
        } else {
            page = try await store.rows(of: schema, after: cursor, limit: limit)
        }
        return Page(rows: page.rows, next: page.next?.text, scanned: page.examined)
    }
}

/// The row counts of the data tables, each kept for `lifetime` seconds: counting a table of a
/// million rows costs SQLite about 8 ms, too much to repeat for every visit of the Data page.
final class TableCounts: Sendable {
    static let lifetime: Double = 10

    private let known = Mutex<[String: (count: Int, at: ContinuousClock.Instant)]>([:])

    func count(of schema: DataSchema, in store: any WorkflowStore) async throws -> Int {
        let now = ContinuousClock.now
        if let kept = known.withLock({ $0[schema.name] }), now - kept.at < .seconds(Self.lifetime) { return kept.count }
        let count = try await store.count(of: schema)
        known.withLock { $0[schema.name] = (count, now) }
        return count
    }
}
