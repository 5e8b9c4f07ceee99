import Foundation
import Testing
import WorkflowModel

@testable import SocialConnectors

/// Graph API bodies decoded and turned into records exactly as the descriptor declares them.
@Suite struct FacebookRecordsTests {
    static func decode<T: JSONResponse>(_ type: T.Type, _ json: String) throws -> T {
        try T(json: JSONNode(body: Data(json.utf8)))
    }

    @Test func pageRecord() throws {
        let page = try Self.decode(
            GraphPage.self,
            #"{"id":"1001","name":"ACME Café","category":"Restaurant","link":"https://www.facebook.com/1001","followers_count":5321,"fan_count":5000}"#)
        #expect(
            FacebookRecords.page(page, service: "acmepage") == [
                "id": .string("1001"), "name": .string("ACME Café"), "category": .string("Restaurant"),
                "link": .string("https://www.facebook.com/1001"), "followers_count": .int(5321), "fan_count": .int(5000),
                "service": .string("acmepage"),
            ])
    }

    @Test func pageRecordToleratesMissingFields() throws {
        let page = try Self.decode(GraphPage.self, #"{"id":"1001"}"#)
        let record = FacebookRecords.page(page, service: "acmepage")
        #expect(record["name"] == .null && record["followers_count"] == .null && record["id"] == .string("1001"))
    }

    @Test func postRecordKeepsTheAPIsNestingAndNormalisesTime() throws {
        let post = try Self.decode(
            GraphPost.self,
            #"{"id":"1001_77","message":"Hello","created_time":"2026-11-26T08:00:00+0000","permalink_url":"https://www.facebook.com/1001/posts/77","shares":{"count":4},"reactions":{"data":[],"summary":{"total_count":12}},"comments":{"data":[],"summary":{"order":"ranked","total_count":3,"can_comment":true}}}"#
        )
        #expect(
            FacebookRecords.post(post, service: "acmepage", pageID: "1001") == [
                "id": .string("1001_77"), "message": .string("Hello"), "created_time": .string("2026-11-26T08:00:00Z"),
                "permalink_url": .string("https://www.facebook.com/1001/posts/77"), "service": .string("acmepage"),
                "page_id": .string("1001"), "shares": .object(["count": .int(4)]),
                "reactions": .object(["summary": .object(["total_count": .int(12)])]),
                "comments": .object(["summary": .object(["total_count": .int(3)])]),
            ])
    }

    @Test func aPostNobodySharedHasNoShares() throws {
        let post = try Self.decode(GraphPost.self, #"{"id":"1001_78","created_time":"2026-11-26T08:00:00-0130"}"#)
        let record = FacebookRecords.post(post, service: "acmepage", pageID: "1001")
        #expect(record["shares"] == nil)
        #expect(record["message"] == .null)
        #expect(record["created_time"] == .string("2026-11-26T09:30:00Z"))
    }

    @Test func insightsRowsOnePerMetricValue() throws {
        let list = try Self.decode(
            GraphList<GraphInsight>.self,
            #"{"data":[{"name":"page_follows","period":"day","values":[{"value":41,"end_time":"2026-11-25T08:00:00+0000"},{"value":44,"end_time":"2026-11-26T08:00:00+0000"}],"title":"t","description":"d","id":"1001/insights/page_follows/day"},{"name":"page_media_view","period":"day","values":[{"value":2.5,"end_time":"2026-11-26T08:00:00+0000"}]}],"paging":{"previous":"p","next":"n"}}"#
        )
        let rows = list.data.flatMap { FacebookRecords.insights($0, service: "acmepage", pageID: "1001", period: "day") }
        func row(_ metric: String, _ end: String, _ value: ExpressionValue) -> [String: ExpressionValue] {
            [
                "page_id": .string("1001"), "metric": .string(metric), "period": .string("day"), "end_time": .string(end), "value": value,
                "service": .string("acmepage"),
            ]
        }
        #expect(
            rows == [
                row("page_follows", "2026-11-25T08:00:00Z", .int(41)), row("page_follows", "2026-11-26T08:00:00Z", .int(44)),
                row("page_media_view", "2026-11-26T08:00:00Z", .number(2.5)),
            ])
    }

    @Test func fanRecordAndReactionInteraction() {
        #expect(FacebookRecords.reactionInteraction("LOVE") == "reaction:LOVE")
        #expect(FacebookRecords.reactionInteraction("haha") == "reaction:HAHA")
        #expect(FacebookRecords.reactionInteraction(nil) == "reaction:LIKE")
        #expect(
            FacebookRecords.fan(
                id: "42", name: "Ada", interaction: "comment", postID: "1001_77", service: "acmepage", visitorFolder: "Fans", pageID: "1001")
                == [
                    "id": .string("42"), "name": .string("Ada"), "interaction": .string("comment"), "post_id": .string("1001_77"),
                    "service": .string("acmepage"), "service_folder": .string("Fans"), "page_id": .string("1001"),
                ])
    }

    @Test func commentsWithoutFromAndReactionsDecode() throws {
        let comments = try Self.decode(GraphList<GraphComment>.self, #"{"data":[{"id":"77_1","from":{"id":"42","name":"Ada"}},{"id":"77_2"}]}"#)
        #expect(comments.data.map(\.from?.id) == ["42", nil])
        #expect(comments.nextAfter == nil)
        let reactions = try Self.decode(GraphList<GraphReaction>.self, #"{"data":[{"id":"43","name":"Bo","type":"WOW"}]}"#)
        #expect(reactions.data.first?.type == "WOW")
    }

    @Test func pagingGoesOnExactlyWhileNextIsPresent() throws {
        let emptyWithNext = try Self.decode(
            GraphList<GraphPost>.self, #"{"data":[],"paging":{"cursors":{"before":"QQ","after":"QQ"},"next":"https://graph.facebook.com/v24.0/1/posts?access_token=T&after=QQ"}}"#)
        #expect(emptyWithNext.data.isEmpty && emptyWithNext.nextAfter == "QQ", "an empty page with a next is not the end")
        let last = try Self.decode(GraphList<GraphPost>.self, #"{"data":[{"id":"1_2"}],"paging":{"cursors":{"before":"AA","after":"BB"}}}"#)
        #expect(last.nextAfter == nil, "no next: the last page, whatever the cursors say")
        let onlyNext = try Self.decode(GraphList<GraphPost>.self, #"{"data":[{"id":"1_2"}],"paging":{"next":"https://x/1/posts?limit=25&after=Q0Q%3D"}}"#)
        #expect(onlyNext.nextAfter == "Q0Q=", "without cursors, the after of the next URL")
        let nothing = try Self.decode(GraphList<GraphPost>.self, #"{}"#)
        #expect(nothing.data.isEmpty && nothing.nextAfter == nil)
    }

    /// Graph times are read by wfrun's one timestamp type and written in its canonical form;
    /// text it refuses (31 February) is kept as it is rather than lost.
    @Test(arguments: [
        ("2026-11-26T08:00:00+0000", "2026-11-26T08:00:00Z"),
        ("2026-11-26T08:00:00+00:00", "2026-11-26T08:00:00Z"),
        ("2026-11-26T01:00:00+0200", "2026-11-25T23:00:00Z"),
        ("2026-11-26T08:00:00.123+0000", "2026-11-26T08:00:00.123Z"),
        ("2026-02-30T08:00:00+0000", "2026-02-30T08:00:00+0000"),
        ("2026-11-26T24:00:00+0000", "2026-11-26T24:00:00+0000"),
        ("yesterday", "yesterday"),
    ])
    func graphTimestamps(text: String, expected: String) throws {
        let post = try Self.decode(GraphPost.self, #"{"id":"1_2","created_time":"\#(text)"}"#)
        #expect(FacebookRecords.post(post, service: "acmepage", pageID: "1001")["created_time"] == .string(expected))
    }
}
