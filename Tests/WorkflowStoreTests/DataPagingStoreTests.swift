import Foundation
import Testing
import WorkflowEngine
import WorkflowModel

/// A data table read a page at a time on both backends, as the console's Data page reads it:
/// pages in the order of `rows(of:batchSize:)`, every row exactly once, the last page says so
/// (no empty page after an exact multiple), a cursor survives its text, rows written between
/// two pages show on the later ones, and a cursor of another table is refused.
@Suite struct DataPagingStoreTests {
    static var backends: [Backend] { Backend.postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// Every page of `schema` at `limit` rows, each cursor taken through its text.
    static func pages(_ store: any WorkflowStore, _ schema: DataSchema, limit: Int) async throws -> [DataPage] {
        var pages: [DataPage] = []
        var cursor: DataCursor?
        repeat {
            let page = try await store.rows(of: schema, after: cursor, limit: limit)
            pages.append(page)
            cursor = try page.next.map { try DataCursor(parsing: $0.text, table: schema.name) }
            #expect(cursor == page.next)
        } while cursor != nil && pages.count < 100
        return pages
    }

    @Test(arguments: backends)
    func pagesOfATableWithACompositeKeyCoverEveryRowOnce(backend: Backend) async throws {
        try await withStore(backend) { store in
            // Keyed by (origin, external_id); rows inserted out of key order.
            let schema = TestData.people()
            try await store.prepare(schemas: [schema])
            let ids = [5, 3, 9, 1, 7, 2, 8, 4, 6, 10, 12, 11]
            var records = ids.map { TestData.person($0) }
            records[3]["origin"] = .string("Facebook")
            _ = try await store.upsert(records, into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1)
            let all = try await StoreBehaviour.allRows(store, schema)
            #expect(all.count == 12)

            let byFive = try await Self.pages(store, schema, limit: 5)
            #expect(byFive.map(\.rows.count) == [5, 5, 2])
            #expect(byFive.flatMap(\.rows) == all)
            #expect(byFive.map { $0.next == nil } == [false, false, true])

            let bySix = try await Self.pages(store, schema, limit: 6)
            #expect(bySix.map(\.rows.count) == [6, 6])
            #expect(bySix.flatMap(\.rows) == all)
            #expect(bySix[1].next == nil)

            let whole = try await store.rows(of: schema, after: nil, limit: Int.max)
            #expect(whole.rows == all && whole.next == nil && whole.examined == 12)
            #expect(try await store.rows(of: schema, after: nil, limit: 0) == .empty)

            // Each row's position goes on right after it.
            #expect(whole.positions.count == 12)
            #expect(byFive[0].positions.last == byFive[0].next)
            let fromFourth = try await store.rows(of: schema, after: whole.positions[3], limit: 3)
            #expect(fromFourth.rows == Array(all[4..<7]))
            #expect(fromFourth.positions == Array(whole.positions[4..<7]))

            // Rows written after a page was read come on the later pages, never twice.
            let first = try await store.rows(of: schema, after: nil, limit: 10)
            _ = try await store.upsert([TestData.person(13), TestData.person(5, friends: 99)], into: schema, key: TestData.key, checkpoint: nil, now: TestData.t2)
            let rest = try await store.rows(of: schema, after: first.next, limit: 10)
            #expect(rest.next == nil)
            #expect(rest.rows.map { $0["external_id"] } == [.string("id12"), .string("id11"), .string("id13")])
        }
    }

    @Test(arguments: backends)
    func emptyTablesAndForeignCursors(backend: Backend) async throws {
        try await withStore(backend) { store in
            let schema = TestData.people()
            let other = TestData.people()
            try await store.prepare(schemas: [schema, other])
            #expect(try await store.rows(of: schema, after: nil, limit: 10) == .empty)
            #expect(try await store.rows(of: schema, after: DataCursor(table: schema.name, rowID: 1_000), limit: 10) == .empty)
            let error = await storeError { _ = try await store.rows(of: schema, after: DataCursor(table: other.name, rowID: 1), limit: 10) }
            #expect(error?.description == "database error: the page cursor is a position in \(other.name), not in \(schema.name)")
        }
    }

    /// The `external_id`s of a page's rows.
    static func ids(_ page: DataPage) -> [String] {
        page.rows.map { $0["external_id"]?.text ?? "?" }
    }

    @Test(arguments: backends)
    func aConditionChoosesRowsWithinABoundedRead(backend: Backend) async throws {
        try await withStore(backend) { store in
            let schema = TestData.people()
            try await store.prepare(schemas: [schema])
            // Rows 1-12; the verified people (even ids) are rows 6 to 11.
            let order = [5, 3, 9, 1, 7, 2, 8, 4, 6, 10, 12, 11]
            _ = try await store.upsert(order.map { TestData.person($0) }, into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1)
            let all = try await store.rows(of: schema, after: nil, limit: 100)
            let verified = try WorkflowModel.Expression(parsing: "verified")
            let context = EvaluationContext(now: TestData.t1)

            let first = try await store.rows(of: schema, after: nil, limit: 4, where: verified, context: context, examining: 100)
            #expect(Self.ids(first) == ["id2", "id8", "id4", "id6"])
            #expect(first.examined == 9)
            #expect(first.next == all.positions[8])
            #expect(first.positions == Array(all.positions[5..<9]))
            let rest = try await store.rows(of: schema, after: first.next, limit: 4, where: verified, context: context, examining: 100)
            #expect(Self.ids(rest) == ["id10", "id12"])
            #expect(rest.next == nil && rest.examined == 3)

            // The read stops at the bound, matches or not, and says where.
            let bounded = try await store.rows(of: schema, after: nil, limit: 2, where: verified, context: context, examining: 5)
            #expect(bounded == DataPage(rows: [], positions: [], next: all.positions[4], examined: 5))
            let partly = try await store.rows(of: schema, after: nil, limit: 5, where: verified, context: context, examining: 7)
            #expect(Self.ids(partly) == ["id2", "id8"])
            #expect(partly.next == all.positions[6] && partly.examined == 7)

            // A full page that ends on the table's last row has no next; one before it does.
            let last = try await store.rows(of: schema, after: nil, limit: 1, where: try WorkflowModel.Expression(parsing: "external_id == 'id11'"), context: context, examining: 100)
            #expect(Self.ids(last) == ["id11"] && last.next == nil && last.examined == 12)
            let six = try await store.rows(of: schema, after: nil, limit: 6, where: verified, context: context, examining: 100)
            #expect(six.rows.count == 6 && six.next == all.positions[10])
            #expect(try await store.rows(of: schema, after: six.next, limit: 6, where: verified, context: context, examining: 100)
                == DataPage(rows: [], positions: [], next: nil, examined: 1))
            #expect(try await store.rows(of: schema, after: nil, limit: 0, where: verified, context: context, examining: 100) == .empty)

            // A condition that is not one is an error, not an empty page.
            await #expect(throws: EvaluationError.self) {
                _ = try await store.rows(of: schema, after: nil, limit: 5, where: try WorkflowModel.Expression(parsing: "username"), context: context, examining: 100)
            }
        }
    }
}
