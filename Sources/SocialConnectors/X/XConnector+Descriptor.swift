import WorkflowModel

extension XConnector {
    /// The fields every follower record has, whichever API version fetched it.
    static let userFields = [
        "id", "username", "name", "verified", "description", "location", "created_at",
        "public_metrics.followers_count", "public_metrics.following_count", "public_metrics.tweet_count",
        "service", "service_folder",
    ]

    /// What the connector offers, checked by `validate`.
    public static let descriptor = ConnectorDescriptor(
        name: "x",
        label: "X (Twitter)",
        resources: [
            ResourceDescriptor(
                name: "followers", direction: .fetch,
                summary: "each service's followers (v1.1 followers/list, v2 /2/users/:id/followers)",
                parameters: [
                    ResourceParameter(
                        name: "pageSize", kind: .integer, range: 1...Int.max,
                        summary: "followers per request (v1.1 at most 200, v2 at most 1000; more is taken as the most)")
                ],
                fields: userFields),
            ResourceDescriptor(
                name: "posts", direction: .fetch,
                summary: "the posts each service published, with their metrics",
                parameters: [
                    ResourceParameter(name: "since", kind: .date, summary: "only posts published on or after this day"),
                    ResourceParameter(name: "pageSize", kind: .integer, range: 1...Int.max, summary: "posts per request"),
                ],
                fields: [
                    "id", "text", "created_at", "service",
                    "public_metrics.retweet_count", "public_metrics.like_count", "public_metrics.reply_count",
                    "public_metrics.quote_count", "public_metrics.impression_count",
                    "non_public_metrics.url_link_clicks",
                ]),
            ResourceDescriptor(
                name: "account", direction: .fetch,
                summary: "each service's own account (verify_credentials, /2/users/me)",
                fields: userFields),
            ResourceDescriptor(
                name: "post", direction: .publish,
                summary: "publishes a post (statuses/update, POST /2/tweets)",
                fields: nil, textLimit: .weighted(280)),
            ResourceDescriptor(
                name: "dm", direction: .publish,
                summary: "sends a direct message to each incoming record's person",
                fields: nil, textLimit: .characters(10_000)),
        ])
}
