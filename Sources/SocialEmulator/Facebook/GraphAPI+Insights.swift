import Foundation

/// `GET /{page-id}/insights?metric=…&period=day[&since=…&until=…]`
extension GraphAPI {
    private static let metricTexts: [String: (title: String, description: String)] = [
        "page_follows": ("Daily Page Follows", "Daily: The number of Facebook followers of your Page."),
        "page_post_engagements": (
            "Daily Post Engagements",
            "Daily: The number of times people have engaged with your posts through reactions, comments, shares and more."
        ),
        "page_total_actions": (
            "Daily Total Action Count Per Page",
            "Daily: The number of clicks on your Page's contact info and call-to-action button."
        ),
        "page_media_view": ("Daily Media Views", "Daily: The number of times your content was played or displayed."),
    ]

    func insights(_ call: Call) -> APIResponse {
        let request = call.request
        let metrics = (request.queryValue("metric") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !metrics.isEmpty, metrics.allSatisfy({ EmulatorDataset.insightsMetrics.contains($0) }) else {
            return GraphErrors.invalidMetric(trace: call.trace)
        }
        let period = request.queryValue("period") ?? "day"
        guard period == "day" else {
            return GraphErrors.error(message: "(#100) The value must be a valid insights period", code: 100, trace: call.trace)
        }
        // Days end at midnight Pacific time; without since/until, the last two full days.
        let lastFull = EmulatorDataset.pacificMidnight(atOrBefore: call.now)
        let since = request.queryValue("since").flatMap(Double.init).map { Date(timeIntervalSince1970: $0) }
        let until = request.queryValue("until").flatMap(Double.init).map { Date(timeIntervalSince1970: $0) }
        let upper = min(until.map { EmulatorDataset.pacificMidnight(atOrBefore: $0) } ?? lastFull, lastFull)
        let lower = since ?? upper.addingTimeInterval(-2 * 86_400)
        var dayEnds: [Date] = []
        var end = upper
        while end > lower && dayEnds.count < 93 {
            dayEnds.insert(end, at: 0)
            end = EmulatorDataset.pacificMidnight(atOrBefore: end.addingTimeInterval(-3_600))
        }
        var json = JSONWriter(capacity: 2_048)
        json.beginObject()
        json.key("data")
        json.beginArray()
        for metric in metrics {
            json.beginObject()
            json.field("name", metric)
            json.field("period", period)
            json.key("values")
            json.beginArray()
            for value in dataset.insights(of: call.page, metric: metric, dayEnds: dayEnds) {
                json.beginObject()
                json.field("value", value.value)
                json.field("end_time", Timestamps.graph(value.endTime))
                json.endObject()
            }
            json.endArray()
            json.field("title", Self.metricTexts[metric]?.title ?? metric)
            json.field("description", Self.metricTexts[metric]?.description ?? "")
            json.field("id", "\(call.page.id)/insights/\(metric)/\(period)")
            json.endObject()
        }
        json.endArray()
        let span = max(upper.timeIntervalSince(lower), 86_400)
        let window = { (from: Date, to: Date) -> [(name: String, value: String)] in
            [("since", String(Int(from.timeIntervalSince1970))), ("until", String(Int(to.timeIntervalSince1970)))]
        }
        json.key("paging")
        json.beginObject()
        json.field("previous", url(call, replacing: ["since", "until"], with: window(lower.addingTimeInterval(-span), lower)))
        json.field("next", url(call, replacing: ["since", "until"], with: window(upper, upper.addingTimeInterval(span))))
        json.endObject()
        json.endObject()
        return APIResponse(status: 200, json: json.bytes)
    }
}
