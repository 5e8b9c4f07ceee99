import WorkflowModel

extension FacebookConnector {
    /// The Insights metrics the Graph API still serves.
    static let insightsMetrics = ["page_follows", "page_post_engagements", "page_total_actions", "page_media_view"]

    /// Insights metrics the Graph API has removed, with what to use instead: `validate` refuses
    /// them, and the connector's message for Facebook's code 100 names them.
    static let removedInsightsMetrics = [
        "page_fans": "use page_follows",
        "page_engaged_users": "use page_post_engagements or page_total_actions",
        "page_impressions": "use page_media_view",
    ]

    /// What the connector offers (the same as `FacebookConnector.descriptor`).
    public var descriptor: ConnectorDescriptor { Self.descriptor }

    /// What the connector offers, checked by `validate`.
    public static let descriptor = ConnectorDescriptor(
        name: "facebook",
        label: "Facebook pages",
        resources: [
            ResourceDescriptor(
                name: "page", direction: .fetch,
                summary: "each page's details",
                fields: ["id", "name", "category", "link", "followers_count", "fan_count", "service"]),
            ResourceDescriptor(
                name: "posts", direction: .fetch,
                summary: "each page's posts with shares, reactions and comments",
                parameters: [
                    ResourceParameter(name: "since", kind: .date, summary: "only posts published on or after this day"),
                    ResourceParameter(
                        name: "pageSize", kind: .integer, range: 1...FacebookResource.maxPageSize,
                        summary: "posts per request (default 25, at most 100)"),
                ],
                fields: [
                    "id", "message", "created_time", "permalink_url", "service", "page_id",
                    "shares.count", "reactions.summary.total_count", "comments.summary.total_count",
                ]),
            ResourceDescriptor(
                name: "fans", direction: .fetch,
                summary: "people who commented on or reacted to the page's recent posts (the Graph API has no list of fans)",
                parameters: [
                    ResourceParameter(
                        name: "posts", kind: .integer, range: FacebookResource.fanPostsRange,
                        summary: "how many recent posts to scan (default 25, at most 1000)")
                ],
                fields: ["id", "name", "interaction", "post_id", "service", "service_folder", "page_id"]),
            ResourceDescriptor(
                name: "insights", direction: .fetch,
                summary: "page Insights metrics, one record per metric and day",
                parameters: [
                    ResourceParameter(
                        name: "metrics", kind: .list, required: true, allowedValues: insightsMetrics,
                        removedValues: removedInsightsMetrics,
                        summary: "space-separated Insights metrics"),
                    ResourceParameter(
                        name: "period", kind: .string, allowedValues: ["day", "week", "days_28"],
                        summary: "aggregation period (default day)"),
                ],
                fields: ["page_id", "metric", "period", "end_time", "value", "service"]),
            ResourceDescriptor(
                name: "post", direction: .publish,
                summary: "publishes a post on the page (message and link)",
                fields: nil, textLimit: .characters(63_206)),
        ],
        refused: [
            "dm": "the Messenger platform lets a page message only people who wrote to it first, "
                + "so wfrun cannot send messages to a page's fans; publish a post instead"
        ])
}
