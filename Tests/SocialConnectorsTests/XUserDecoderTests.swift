import Foundation
import Testing
import WorkflowEngine
import WorkflowModel

@testable import SocialConnectors

/// X's user objects read byte by byte into records: exact records for both versions (escapes,
/// non-ASCII, unknown nested fields, missing fields, nulls), and every unreadable body an error
/// that `APIClient` retries as a truncated response.
@Suite struct XUserDecoderTests {
    static let decoder = XUserDecoder(records: XRecords(service: Fixtures.xService(baseURL: URL(string: "http://127.0.0.1")!)))

    /// A v2 page: escapes of every kind, raw UTF-8, fields wfrun does not read (nested), users
    /// with fields missing or null, a `created_at` not in X's usual form, an escaped key.
    static let v2Page = #"""
        {"data":[
          {"id":"101","name":"Ren\u00e9e \"Lee\"","username":"renee0","created_at":"2009-08-01T01:06:52.000Z",
           "description":"line1\nline2 \\ back\/slash \ud83d\ude00\t\r\b\f","location":"Zürich, 東京","verified":true,
           "public_metrics":{"followers_count":29,"following_count":221,"tweet_count":41099,"listed_count":0},
           "entities":{"url":{"urls":[{"start":0,"end":23,"expanded_url":"https://x.com/a?b=\"c\"","tags":[1,2.5e3,-0.5,true,false,null,{},[[]]]}]}},
           "pinned_tweet_id":null,"protected":false},
          {"id":"102","username":"bare"},
          {"id":"103","name":"","user\u006eame":"nulls","description":null,"location":"","verified":null,"created_at":null,"public_metrics":null},
          {"username":"partial","id":"104","created_at":"2018-10-10T22:19:24.5+02:00","public_metrics":{"followers_count":null,"tweet_count":7,"new_count":{"x":[1]}}}
        ],
        "includes":{"tweets":[{"id":"1","text":"x"}]},
        "meta":{"result_count":4,"next_token":"7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i"}}
        """#

    /// A v1.1 page: a nested `status` and `entities`, an id sent only as a number.
    static let v1Page = #"""
        {"users":[{"id":201,"id_str":"201","name":"Chlo\u00e9 Sch\u00e4fer","screen_name":"chloe3","location":"New York, NY",
          "description":"Tab\tseparated \u00ab\/\u00bb","url":null,"entities":{"description":{"urls":[]}},"protected":false,
          "followers_count":2,"friends_count":210,"listed_count":0,"created_at":"Wed Oct 10 20:19:24 +0000 2018",
          "verified":false,"statuses_count":1,"status":{"text":"nested {\"json\"}","user":{"id":1,"entities":[]}}},
         {"id":202,"screen_name":"numberonly","location":null,"description":"","verified":true}],
         "next_cursor":1754353888818944597,"next_cursor_str":"1754353888818944597","previous_cursor":0,"previous_cursor_str":"0","total_count":null}
        """#

    static func user(
        _ id: String, _ username: String, name: String? = nil, verified: Bool = false, description: String? = nil, location: String? = nil,
        createdAt: String? = nil, metrics: (Int64?, Int64?, Int64?) = (nil, nil, nil)
    ) -> Record {
        func value(_ text: String?) -> ExpressionValue { text.map(ExpressionValue.string) ?? .null }
        func count(_ number: Int64?) -> ExpressionValue { number.map(ExpressionValue.int) ?? .null }
        return [
            "id": .string(id), "username": .string(username), "name": value(name), "verified": .bool(verified),
            "description": value(description), "location": value(location), "created_at": value(createdAt),
            "public_metrics": .object(["followers_count": count(metrics.0), "following_count": count(metrics.1), "tweet_count": count(metrics.2)]),
            "service": .string("acme"), "service_folder": .string("Visitors"),
        ]
    }

    @Test func aV2PageBecomesExactlyTheseRecords() throws {
        let page = try Self.decoder.v2FollowersPage(Data(Self.v2Page.utf8))
        #expect(page.next == "7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i")
        #expect(page.records.count == 4)
        #expect(page.records[0] == [
            "id": .string("101"), "username": .string("renee0"), "name": .string("Renée \"Lee\""), "verified": .bool(true),
            "description": .string("line1\nline2 \\ back/slash 😀\t\r\u{8}\u{C}"), "location": .string("Zürich, 東京"),
            "created_at": .string("2009-08-01T01:06:52Z"),
            "public_metrics": .object(["followers_count": .int(29), "following_count": .int(221), "tweet_count": .int(41099)]),
            "service": .string("acme"), "service_folder": .string("Visitors"),
        ])
        #expect(page.records[1] == Self.user("102", "bare"))
        #expect(page.records[2] == Self.user("103", "nulls"))
        #expect(page.records[3] == Self.user("104", "partial", createdAt: "2018-10-10T20:19:24.5Z", metrics: (nil, nil, 7)))
    }

    @Test func aV1PageBecomesTheSameRecords() throws {
        let page = try Self.decoder.v1FollowersPage(Data(Self.v1Page.utf8))
        #expect(page.next == "1754353888818944597")
        #expect(page.records == [
            Self.user(
                "201", "chloe3", name: "Chloé Schäfer", description: "Tab\tseparated «/»", location: "New York, NY",
                createdAt: "2018-10-10T20:19:24Z", metrics: (2, 210, 1)),
            Self.user("202", "numberonly", verified: true),
        ])
    }

    @Test func lastAndEmptyPagesHaveNoNext() throws {
        let v2 = try Self.decoder.v2FollowersPage(Data(#" {"meta":{"result_count":0}} "#.utf8))
        #expect(v2.records.isEmpty && v2.next == nil)
        let v2Null = try Self.decoder.v2FollowersPage(Data(#"{"data":null,"meta":{"next_token":""}}"#.utf8))
        #expect(v2Null.records.isEmpty && v2Null.next == nil)
        let v1 = try Self.decoder.v1FollowersPage(Data(#"{"users":[],"next_cursor":0,"next_cursor_str":"0"}"#.utf8))
        #expect(v1.records.isEmpty && v1.next == nil)
        let v1Number = try Self.decoder.v1FollowersPage(Data(#"{"next_cursor":1650000000000000000,"users":[]}"#.utf8))
        #expect(v1Number.next == "1650000000000000000")
    }

    @Test func accountsOfBothVersions() throws {
        let v2 = try Self.decoder.v2Account(Data(#"""
            {"data":{"id":"1720000000000000001","name":"wfrun demo","username":"wfrun_demo","created_at":"2024-03-01T00:00:00.000Z",
             "description":"The sandbox","location":"Zürich","verified":false,
             "public_metrics":{"followers_count":5000,"following_count":12,"tweet_count":30,"listed_count":3}}}
            """#.utf8))
        #expect(v2.id == "1720000000000000001")
        #expect(v2.username == "wfrun_demo")
        #expect(v2.record == Self.user(
            "1720000000000000001", "wfrun_demo", name: "wfrun demo", description: "The sandbox", location: "Zürich",
            createdAt: "2024-03-01T00:00:00Z", metrics: (5000, 12, 30)))
        let v1 = try Self.decoder.v1Account(Data(#"{"id":42,"id_str":"42","screen_name":"acme","name":"ACME","followers_count":3}"#.utf8))
        #expect(v1.id == "42" && v1.username == "acme")
        #expect(v1.record == Self.user("42", "acme", name: "ACME", metrics: (3, nil, nil)))
    }

    @Test func numbersAreWholeNumbersAsJSONDecoderReadsThem() throws {
        let page = try Self.decoder.v2FollowersPage(Data(#"""
            {"data":[{"id":"1","username":"a","public_metrics":{"followers_count":-9223372036854775808,"following_count":1e3,"tweet_count":5.0}}]}
            """#.utf8))
        #expect(page.records[0]["public_metrics"] == .object(["followers_count": .int(.min), "following_count": .int(1000), "tweet_count": .int(5)]))
    }

    /// Every cut of a page — a truncated response — is "not valid JSON", the summary
    /// `APIClient` gives the decoding errors it retries.
    @Test func everyTruncationOfAPageIsInvalidJSON() {
        for (body, read) in [(Self.v2Page, Self.decoder.v2FollowersPage), (Self.v1Page, Self.decoder.v1FollowersPage)] {
            let bytes = Array(body.utf8)
            for length in 0..<bytes.count {
                #expect(Self.summary { _ = try read(Data(bytes[..<length])) } == "not valid JSON", "cut at \(length)")
            }
        }
    }

    @Test(arguments: [
        (#"{"data":[{"id":"1","username":"a"},{"id":2,"username":"b"}]}"#, "unexpected value at data.1.id"),
        (#"{"data":[{"id":"1","username":"a","public_metrics":{"followers_count":"29"}}]}"#, "unexpected value at data.0.public_metrics.followers_count"),
        (#"{"data":[{"id":"1","username":"a","verified":"yes"}]}"#, "unexpected value at data.0.verified"),
        (#"{"data":[{"id":"1"}]}"#, "missing username"),
        (#"{"data":[{"username":"a"}]}"#, "missing id"),
        (#"{"data":[{"id":"1","username":"a","name":null,"id":null}]}"#, "missing id"),
        (#"{"data":[],"meta":{"next_token":7}}"#, "unexpected value at meta.next_token"),
        (#"{"data":[{"id":"1","username":"a","public_metrics":{"tweet_count":0.5}}]}"#, "not valid JSON"),
        (#"{"data":[]} x"#, "not valid JSON"),
        (#"{"data":[{"id":"1","username":"a","name":"\ud800"}]}"#, "not valid JSON"),
        (#"{"data":[{"id":"1","username":"a","name":"\x"}]}"#, "not valid JSON"),
        (#"{"data":[{"id":"1","username":"a","count":01}]}"#, "not valid JSON"),
        (#"{"data":[{"id":"1","username":"a",}]}"#, "not valid JSON"),
        (#"{"data":{"id":"1","username":"a"}}"#, "not valid JSON"),
        (#"[]"#, "not valid JSON"),
    ])
    func unreadableV2PagesSayWhy(body: String, summary: String) {
        #expect(Self.summary { _ = try Self.decoder.v2FollowersPage(Data(body.utf8)) } == summary)
    }

    @Test(arguments: [
        (#"{"users":[{"id_str":"1"}]}"#, "missing screen_name"),
        (#"{"next_cursor":0}"#, "missing users"),
        (#"{"users":null}"#, "unexpected value at users"),
        (#"{"users":[{"screen_name":"a","id":"1"}]}"#, "unexpected value at users.0.id"),
        (#"{"users":[],"next_cursor":"0"}"#, "unexpected value at next_cursor"),
    ])
    func unreadableV1PagesSayWhy(body: String, summary: String) {
        #expect(Self.summary { _ = try Self.decoder.v1FollowersPage(Data(body.utf8)) } == summary)
    }

    @Test func invalidUTF8AndDeepNestingAreErrorsNotCrashes() {
        var bytes = Array(#"{"data":[{"id":"1","username":"a","name":"x"#.utf8)
        bytes += [0xC3, 0x28] + Array(#""}]}"#.utf8)
        #expect(Self.summary { _ = try Self.decoder.v2FollowersPage(Data(bytes)) } == "not valid JSON")
        let deep = #"{"data":[],"x":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(Self.summary { _ = try Self.decoder.v2FollowersPage(Data(deep.utf8)) } == "not valid JSON")
    }

    /// A truncated page over HTTP is retried after a backoff and the full page is read.
    @Test func aTruncatedPageIsRetried() async throws {
        let cut = String(Self.v2Page.prefix(300))
        try await ScriptedServer.with([.json(200, cut), .json(200, Self.v2Page)]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let reader = XServiceReader(
                service: Fixtures.xService(baseURL: server.baseURL), client: Fixtures.xClient(baseURL: server.baseURL, clock: clock),
                requests: XRequests(baseURL: server.baseURL, version: .v2))
            let page = try await reader.followers(of: "42", pageSize: nil, token: nil)
            #expect(page.records.count == 4)
            #expect(server.received.count == 2)
            #expect(clock.sleeps.count == 1)
        }
    }

    /// A page that never reads fails after the last attempt, saying where.
    @Test func aPageThatNeverReadsFailsNamingTheField() async throws {
        let wrong = #"{"data":[{"id":1,"username":"a"}]}"#
        try await ScriptedServer.with([.json(200, wrong), .json(200, wrong)]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let reader = XServiceReader(
                service: Fixtures.xService(baseURL: server.baseURL),
                client: Fixtures.xClient(baseURL: server.baseURL, clock: clock, limits: APILimits(maxAttempts: 2)),
                requests: XRequests(baseURL: server.baseURL, version: .v2))
            let message = await Fixtures.message { _ = try await reader.followers(of: "42", pageSize: nil, token: nil) }
            #expect(message?.hasSuffix("failed 2 times; last cause: HTTP 200 with an unreadable body (unexpected value at data.0.id). The API may be down or overloaded: run again later") == true, "\(message ?? "")")
        }
    }

    /// What `APIClient` says of the error `body` throws; nil if it throws none.
    static func summary(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return APIClient.summary(of: error)
        }
    }
}
