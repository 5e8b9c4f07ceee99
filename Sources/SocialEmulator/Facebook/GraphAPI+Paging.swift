import SocialAuth

/// Cursor paging as the Graph API does it: `data`, then `paging` with `cursors.before/after`,
/// `previous` and `next` as full URLs (access token included). Now and then a page is empty but
/// still has a `next`, as on the real API, which filters items after choosing the page.
extension GraphAPI {
    /// Writes one page of a list of `total` items; `item` writes the item at a position.
    func paged(
        _ call: Call, list: String, total: Int, defaultLimit: Int, maximumLimit: Int = 100,
        item: (Int, inout JSONWriter) -> Void
    ) -> APIResponse {
        let request = call.request
        let limit = request.queryValue("limit").flatMap { Int($0) }.map { min(max($0, 1), maximumLimit) } ?? defaultLimit
        var start = 0
        var end = total
        var emptyServed = false
        if let after = request.queryValue("after") {
            guard let cursor = PagingToken.graphPosition(cursor: after, list: list) else { return invalidCursor(call) }
            start = cursor.position + 1
            emptyServed = cursor.emptyServed
        } else if let before = request.queryValue("before") {
            guard let cursor = PagingToken.graphPosition(cursor: before, list: list) else { return invalidCursor(call) }
            end = min(cursor.position, total)
            start = max(0, end - limit)
            emptyServed = true
        }
        var json = JSONWriter(capacity: 1_024 + limit * 160)
        json.beginObject()
        json.key("data")
        json.beginArray()
        if start > 0 && start < total && !emptyServed && servesEmptyPage(list: list, position: start) {
            json.endArray()
            let cursor = PagingToken.graphCursor(list: list, position: start - 1, emptyServed: true)
            writePaging(call, before: cursor, after: cursor, previous: true, next: true, into: &json)
            json.endObject()
            return APIResponse(status: 200, json: json.bytes)
        }
        let positions = start..<min(end, start + limit, total)
        for position in positions { item(position, &json) }
        json.endArray()
        if let first = positions.first, let last = positions.last {
            writePaging(
                call,
                before: PagingToken.graphCursor(list: list, position: first, emptyServed: false),
                after: PagingToken.graphCursor(list: list, position: last, emptyServed: false),
                previous: first > 0, next: last + 1 < total, into: &json)
        }
        json.endObject()
        return APIResponse(status: 200, json: json.bytes)
    }

    private func writePaging(_ call: Call, before: String, after: String, previous: Bool, next: Bool, into json: inout JSONWriter) {
        json.key("paging")
        json.beginObject()
        json.key("cursors")
        json.beginObject()
        json.field("before", before)
        json.field("after", after)
        json.endObject()
        if previous { json.field("previous", url(call, replacing: ["after", "before"], with: [("before", before)])) }
        if next { json.field("next", url(call, replacing: ["after", "before"], with: [("after", after)])) }
        json.endObject()
    }

    /// The URL of this request with some query parameters replaced, as `paging` links carry it.
    func url(_ call: Call, replacing names: Set<String>, with parameters: [OAuth1.Parameter]) -> String {
        let kept = call.request.query.filter { !names.contains($0.name) }
        return call.request.origin + call.request.rawPath + "?" + OAuth1.encodeForm(kept + parameters)
    }

    /// Whether the page starting at `position` comes back empty first (about one page in seven).
    private func servesEmptyPage(list: String, position: Int) -> Bool {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in list.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var random = SeededRandom(seed: configuration.seed, stream: .emptyPage, index: hash ^ UInt64(position))
        return random.below(7) == 0
    }

    private func invalidCursor(_ call: Call) -> APIResponse {
        GraphErrors.error(message: "(#100) The parameter cursor is not valid", code: 100, trace: call.trace)
    }
}
