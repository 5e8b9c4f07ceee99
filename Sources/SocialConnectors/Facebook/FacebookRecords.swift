import WorkflowEngine
import WorkflowModel

/// How Graph API objects become wfrun records (the fields the descriptor declares).
enum FacebookRecords {
    /// The `page` record: id, name, category, link, followers_count, fan_count, service.
    static func page(_ page: GraphPage, service: String) -> Record {
        [
            "id": .string(page.id),
            "name": text(page.name),
            "category": text(page.category),
            "link": text(page.link),
            "followers_count": page.followers_count.map(ExpressionValue.int) ?? .null,
            "fan_count": page.fan_count.map(ExpressionValue.int) ?? .null,
            "service": .string(service),
        ]
    }

    /// A `posts` record. `shares` is left out when Facebook leaves it out (nobody shared), so
    /// that `coalesce(shares.count, 0)` reads 0; `reactions`/`comments` keep the
    /// `summary.total_count` nesting of the API.
    static func post(_ post: GraphPost, service: String, pageID: String) -> Record {
        var record: Record = [
            "id": .string(post.id),
            "message": text(post.message),
            "created_time": post.created_time.map(time) ?? .null,
            "permalink_url": text(post.permalink_url),
            "service": .string(service),
            "page_id": .string(pageID),
        ]
        if let count = post.shares {
            record["shares"] = .object(["count": .int(count)])
        }
        if let reactions = post.reactions { record["reactions"] = summary(reactions) }
        if let comments = post.comments { record["comments"] = summary(comments) }
        return record
    }

    /// A `fans` record: one person who commented on or reacted to a post of the page.
    /// `interaction` is `comment` or `reaction:TYPE` (`reaction:LIKE`, `reaction:LOVE`, …).
    static func fan(
        id: String, name: String?, interaction: String, postID: String, service: String, visitorFolder: String?, pageID: String
    ) -> Record {
        [
            "id": .string(id),
            "name": text(name),
            "interaction": .string(interaction),
            "post_id": .string(postID),
            "service": .string(service),
            "service_folder": text(visitorFolder),
            "page_id": .string(pageID),
        ]
    }

    /// The `interaction` of a reaction of this type.
    static func reactionInteraction(_ type: String?) -> String {
        "reaction:" + (type.flatMap { $0.isEmpty ? nil : $0.uppercased() } ?? "LIKE")
    }

    /// The `insights` records of one metric: one per value (per day, week, …).
    static func insights(_ metric: GraphInsight, service: String, pageID: String, period: String) -> [Record] {
        (metric.values ?? []).map { value in
            [
                "page_id": .string(pageID),
                "metric": .string(metric.name),
                "period": .string(metric.period ?? period),
                "end_time": value.end_time.map(time) ?? .null,
                "value": value.value ?? .null,
                "service": .string(service),
            ]
        }
    }

    private static func summary(_ count: GraphSummaryCount) -> ExpressionValue {
        .object(["summary": .object(["total_count": count.total_count.map(ExpressionValue.int) ?? .null])])
    }

    private static func text(_ value: String?) -> ExpressionValue {
        value.map(ExpressionValue.string) ?? .null
    }

    /// A Graph time (`2026-11-26T08:00:00+0000`) in wfrun's canonical form (`…Z`, UTC). Graph
    /// always writes an offset; one without is read as UTC, Graph's zone. Text that is not a
    /// timestamp is kept as it is rather than lost.
    private static func time(_ value: String) -> ExpressionValue {
        .string(ISOTimestamp(parsing: value, zoneless: .utc)?.text ?? value)
    }
}
