/// The emulator's own read-only endpoints under `/_emulator/`, outside the API namespaces and
/// never faulted: what an end-to-end test running `wfrun emulate` as a process reads to check
/// what the network received.
///
/// - `GET /_emulator/messages[?sender=ID|SCREEN_NAME]`: `{"counts":{"RECIPIENT":N,…},"total":N}`,
///   direct messages per recipient (of one sender, or of all), recipients in id order.
/// - `GET /_emulator/publishing-requests`: the publishing requests received, in order, as
///   `[{"method","path","parameters":[[NAME,VALUE]…],"content_type","body"}…]`.
struct EmulatorInspection {
    let dataset: EmulatorDataset
    let state: EmulatorState

    func respond(to request: APIRequest) -> APIResponse {
        guard request.method == "GET" else { return Self.error(405, "only GET is served under /_emulator/") }
        switch Array(request.components.dropFirst()) {
        case ["messages"]: return messages(request)
        case ["publishing-requests"]: return publishingRequests()
        default: return Self.error(404, "no such emulator endpoint: \(request.rawPath)")
        }
    }

    private func messages(_ request: APIRequest) -> APIResponse {
        var counts: [String: Int] = [:]
        if let sender = request.queryValue("sender") {
            guard let account = dataset.xAccounts.first(where: { $0.id == sender || $0.screenName.lowercased() == sender.lowercased() })
            else { return Self.error(404, "no X account has the id or screen name '\(sender)'") }
            counts = state.messageCounts(sender: account.id)
        } else {
            for perSender in state.allMessageCounts.values {
                counts.merge(perSender, uniquingKeysWith: +)
            }
        }
        var json = JSONWriter(capacity: 64 + counts.count * 24)
        json.beginObject()
        json.key("counts")
        json.beginObject()
        for (recipient, count) in counts.sorted(by: { $0.key.count == $1.key.count ? $0.key < $1.key : $0.key.count < $1.key.count }) {
            json.field(recipient, count)
        }
        json.endObject()
        json.field("total", counts.values.reduce(0, +))
        json.endObject()
        return APIResponse(status: 200, json: json.bytes)
    }

    private func publishingRequests() -> APIResponse {
        let requests = state.publishingRequests
        var json = JSONWriter(capacity: 64 + requests.count * 200)
        json.beginArray()
        for request in requests {
            json.beginObject()
            json.field("method", request.method)
            json.field("path", request.path)
            json.key("parameters")
            json.beginArray()
            for parameter in request.parameters {
                json.beginArray()
                for part in parameter { json.value(part) }
                json.endArray()
            }
            json.endArray()
            json.key("content_type")
            json.value(request.contentType)
            json.field("body", request.body)
            json.endObject()
        }
        json.endArray()
        return APIResponse(status: 200, json: json.bytes)
    }

    private static func error(_ status: Int, _ message: String) -> APIResponse {
        var json = JSONWriter(capacity: 96)
        json.beginObject()
        json.field("error", message)
        json.endObject()
        return APIResponse(status: status, json: json.bytes)
    }
}
