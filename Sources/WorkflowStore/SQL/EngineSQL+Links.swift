/// The tables and statements of tracked links (migration 5): one row per delivery and URL with
/// its code, and one row per visit (its instant, UTC day and user-agent class; never an IP).
/// The daily counts join the delivery log (`delivery`, `delivery_recipient`, migration 4) to
/// find each post's id.
extension EngineSQL {
    private func q(_ identifier: String) -> String { dialect.quoted(identifier) }
    private func p(_ index: Int) -> String { dialect.parameter(index) }
    private func parameters(_ count: Int) -> String { (1...count).map(p).joined(separator: ", ") }

    /// Migration 5.
    var linkTables: [String] {
        let instant = dialect.instantType
        return [
            """
            CREATE TABLE IF NOT EXISTS \(q("tracked_link")) (\(q("code")) TEXT PRIMARY KEY, \(q("delivery")) BIGINT NOT NULL, \
            \(q("url")) TEXT NOT NULL, \(q("created_at")) \(instant) NOT NULL)
            """,
            // One code per delivery and URL: what makes tracking idempotent.
            """
            CREATE UNIQUE INDEX IF NOT EXISTS \(q("tracked_link_delivery_url_key")) ON \(q("tracked_link")) \
            (\(q("delivery")), \(q("url")))
            """,
            """
            CREATE TABLE IF NOT EXISTS \(q("link_visit")) (\(q("id")) \(dialect.surrogateKey), \
            \(q("code")) TEXT NOT NULL REFERENCES \(q("tracked_link")) (\(q("code"))), \(q("at")) \(instant) NOT NULL, \
            \(q("day")) TEXT NOT NULL, \(q("agent")) TEXT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS \(q("link_visit_day_idx")) ON \(q("link_visit")) (\(q("day")), \(q("code")))",
        ]
    }

    /// Inserts code (1), delivery (2), url (3), created_at (4) unless the delivery already has
    /// the URL (or, once in 10^21, the code is taken): nothing is inserted then.
    var insertTrackedLink: String {
        """
        INSERT INTO \(q("tracked_link")) (\(dialect.quotedList(["code", "delivery", "url", "created_at"]))) \
        VALUES (\(parameters(4))) ON CONFLICT DO NOTHING
        """
    }

    /// The code of delivery (1)'s url (2).
    var selectTrackedLinkCode: String {
        "SELECT \(q("code")) FROM \(q("tracked_link")) WHERE \(q("delivery")) = \(p(1)) AND \(q("url")) = \(p(2))"
    }

    /// The url and delivery of code (1).
    var selectTrackedLink: String {
        "SELECT \(q("url")), \(q("delivery")) FROM \(q("tracked_link")) WHERE \(q("code")) = \(p(1))"
    }

    /// Records a visit of code (1) at (2) on day (3) by agent class (4), if the code exists;
    /// returns the code when it was recorded.
    var insertVisit: String {
        """
        INSERT INTO \(q("link_visit")) (\(dialect.quotedList(["code", "at", "day", "agent"]))) \
        SELECT \(q("code")), \(p(2)), \(p(3)), \(p(4)) FROM \(q("tracked_link")) WHERE \(q("code")) = \(p(1)) \
        RETURNING \(q("code"))
        """
    }

    /// Per post and day from (1) through (2): the post id, connector, service, day, people's
    /// visits and crawlers' visits.
    var selectPostVisits: String {
        let people = LinkAgentSQL.people.map { "'\($0)'" }.joined(separator: ", ")
        return """
            SELECT r.\(q("remote_id")), d.\(q("connector")), d.\(q("service")), v.\(q("day")), \
            SUM(CASE WHEN v.\(q("agent")) IN (\(people)) THEN 1 ELSE 0 END), \
            SUM(CASE WHEN v.\(q("agent")) IN (\(people)) THEN 0 ELSE 1 END) \
            FROM \(q("link_visit")) v JOIN \(q("tracked_link")) l ON l.\(q("code")) = v.\(q("code")) \
            JOIN \(q("delivery")) d ON d.\(q("id")) = l.\(q("delivery")) \
            JOIN \(q("delivery_recipient")) r ON r.\(q("delivery")) = l.\(q("delivery")) AND r.\(q("recipient")) = 'timeline' \
            WHERE v.\(q("day")) >= \(p(1)) AND v.\(q("day")) <= \(p(2)) AND d.\(q("action")) = 'post' AND r.\(q("remote_id")) IS NOT NULL \
            GROUP BY r.\(q("remote_id")), d.\(q("connector")), d.\(q("service")), v.\(q("day")) \
            ORDER BY v.\(q("day")), r.\(q("remote_id"))
            """
    }
}
