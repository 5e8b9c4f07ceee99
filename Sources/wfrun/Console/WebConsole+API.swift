import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import WorkflowEngine
import WorkflowModel

/// The JSON API under `/api/v1`: what the pages show, as the command line's `--json` gives it
/// (status, history, show, services), and the actions as POSTs. A caller signs in with a
/// session cookie (and then sends the session's CSRF token in `X-CSRF-Token` with a POST) or
/// with the console token as `Authorization: Bearer TOKEN`. Described at `/api/v1/openapi.json`.
extension WebConsole {
    func registerAPI(on router: Router<BasicRequestContext>) {
        let api = router.group("api/v1")
        api.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        api.get("workflows") { request, _ in
            await read(request) {
                let report = try await ControlStatus.report(store: sources.store, catalog: await sources.catalog(), only: nil, clock: sources.clock)
                return Self.json(ControlStatus.json(report, nodesOnly: false))
            }
        }
        api.get("workflows/:name") { request, context in
            await read(request) {
                let name = Self.pathPart(context, "name")
                let report = try await ControlStatus.report(store: sources.store, catalog: await sources.catalog(), only: name, clock: sources.clock)
                guard !report.workflows.isEmpty else { throw ConsoleProblem(.notFound, "There is no workflow named ‘\(name)’.") }
                return Self.json(ControlStatus.json(report, nodesOnly: false))
            }
        }
        for verb in WorkflowVerb.allCases {
            api.post("workflows/:name/\(verb.rawValue)") { request, context in
                await write(request) {
                    let name = Self.pathPart(context, "name")
                    let done = try await act(verb, on: name)
                    return Self.json(try JSONText.encode(["workflow": name, "done": done]))
                }
            }
        }
        api.get("runs") { request, _ in
            await read(request) {
                let filter = try RunFilter(request)
                let (runs, total) = try await filter.fetch(sources.store)
                var response = Self.json(HistoryCommand.encode(runs))
                response.headers[HTTPField.Name("X-Total-Count")!] = "\(total)"
                if runs.count == filter.limit, let last = runs.last {
                    response.headers[HTTPField.Name("Link")!] = "</api/v1/runs\(filter.query(before: last.id))>; rel=\"next\""
                }
                return response
            }
        }
        api.get("runs/:id") { request, context in
            await read(request) {
                let id = try Self.runID(context)
                guard let run = try await sources.store.run(id: id) else { throw ConsoleProblem(.notFound, "There is no run \(id).") }
                let detail = HistoryCommand.Detail(
                    run: run, activities: try await sources.store.activityRuns(run: id),
                    deliveries: try await DeliveryReport.of(run: id, in: sources.store), log: try await sources.store.logs(run: id))
                return Self.json(HistoryCommand.encode(detail))
            }
        }
        api.get("tables") { request, _ in
            await read(request) {
                var tables: [TableListing] = []
                for name in DataSchemaLibrary.builtIn.names {
                    guard let schema = DataSchemaLibrary.builtIn[name] else { continue }
                    tables.append(TableListing(name: name, label: schema.label, rows: try await counts.count(of: schema, in: sources.store), columns: schema.columns.map(\.name)))
                }
                return Self.json(try JSONText.encode(tables))
            }
        }
        api.get("data/:table") { request, context in
            await read(request) {
                let query = try DataQuery(request, table: Self.pathPart(context, "table"))
                var limit = WebConsole.rowsPerPage
                if let text = WebConsole.query(request, "limit") {
                    guard let count = Int(text), (1...1000).contains(count) else { throw ConsoleProblem(.badRequest, "‘limit’ takes 1 to 1000.") }
                    limit = count
                }
                let page = try await query.page(sources.store, limit: limit)
                let objects = page.rows.map { record -> String in
                    var object: [String: ExpressionValue] = [:]
                    for column in query.schema.columns { object[column.name] = record[column.name] ?? .null }
                    return ExpressionValue.object(object).json
                }
                var response = Self.json(objects.isEmpty ? "[]" : "[\n " + objects.joined(separator: ",\n ") + "\n]")
                if let next = page.next {
                    response.headers[HTTPField.Name("Link")!] = "</api/v1/data/\(URLPart.encode(query.schema.name))\(query.queryString(after: next))>; rel=\"next\""
                }
                return response
            }
        }
        api.get("services") { request, _ in
            await read(request) {
                guard let services = sources.services else { return Self.json("[]") }
                return Self.json(try JSONText.encode(ServicesListCommand.listing(services)))
            }
        }
        api.post("services/check") { request, _ in
            await write(request) { Self.json(try JSONText.encode(await checkServices() ?? [])) }
        }
    }

    struct TableListing: Encodable {
        var name: String
        var label: String?
        var rows: Int
        var columns: [String]
    }

    // MARK: Gates

    /// Who calls: a session (with its CSRF token) or the token as a bearer; nil when neither.
    private func caller(_ request: Request) async -> (session: ConsoleSession?, bearer: Bool)? {
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer "), await sources.auth.accepts(token: String(authorization.dropFirst(7))) else { return nil }
            return (nil, true)
        }
        guard let session = await session(of: request) else { return nil }
        return (session, false)
    }

    /// A GET of the API: 401 without a caller.
    func read(_ request: Request, _ body: @Sendable () async throws -> Response) async -> Response {
        guard await caller(request) != nil else { return Self.unauthorized() }
        return await Self.answering(body)
    }

    /// A POST of the API: 401 without a caller; with a session, 403 without its CSRF token in
    /// `X-CSRF-Token` or from another origin.
    func write(_ request: Request, _ body: @Sendable () async throws -> Response) async -> Response {
        guard let caller = await caller(request) else { return Self.unauthorized() }
        if let session = caller.session {
            guard Self.sameOrigin(request), let given = request.headers[HTTPField.Name("X-CSRF-Token")!],
                ConsoleAuth.constantTimeEqual(given, session.csrf)
            else {
                return Self.jsonError(.forbidden, "the X-CSRF-Token header is missing or wrong (a session's POST needs it)")
            }
        }
        return await Self.answering(body)
    }

    private static func answering(_ body: @Sendable () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let problem as ConsoleProblem {
            return jsonError(problem.status, problem.message)
        } catch {
            return jsonError(.internalServerError, "\(error)")
        }
    }

    static func unauthorized() -> Response {
        var response = jsonError(.unauthorized, "sign in: a console session cookie, or Authorization: Bearer with the console token")
        response.headers[.wwwAuthenticate] = "Bearer realm=\"wfrun\""
        return response
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func jsonError(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json((try? JSONText.encode(["error": message])) ?? "{}", status: status)
    }
}
