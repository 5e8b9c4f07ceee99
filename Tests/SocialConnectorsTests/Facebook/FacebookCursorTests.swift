import Foundation
import Testing
import WorkflowEngine

@testable import SocialConnectors

/// Checkpoint cursors, where a resumed fetch starts, and the resources' parameters.
@Suite struct FacebookCursorTests {
    @Test(arguments: [
        (FacebookCursor(service: "acmepage", position: .done), "fb1,acmepage,done"),
        (FacebookCursor(service: "acmepage", position: .after("QVFIUk=,x")), "fb1,acmepage,after,QVFIUk%3D%2Cx"),
        (
            FacebookCursor(service: "acme page", position: .fans(index: 3, postID: "1001_77", phase: .reactions, after: "QQ")),
            "fb1,acme%20page,fans,3,1001_77,reactions,QQ"
        ),
        (FacebookCursor(service: "acmepage", position: .fans(index: 0, postID: "1001_77", phase: .comments, after: nil)), "fb1,acmepage,fans,0,1001_77,comments,"),
    ])
    func cursorsRoundTrip(cursor: FacebookCursor, encoded: String) {
        #expect(cursor.encoded == encoded)
        #expect(FacebookCursor(encoded: encoded) == cursor)
    }

    @Test(arguments: ["", "acmepage,done", "x1:acme:done", "fb1,acmepage", "fb1,,done", "fb1,acmepage,after,", "fb1,acmepage,fans,x,1_2,comments,", "fb1,acmepage,fans,1,1_2,likes,", "fb1,acmepage,done,extra"])
    func foreignOrBrokenCursorsAreRefused(text: String) {
        #expect(FacebookCursor(encoded: text) == nil)
    }

    @Test func resumingSkipsDoneServicesAndRefusesStrangers() throws {
        let services = ["one", "two", "three"]
        let done = try FacebookConnector.resumption(
            of: Checkpoint(source: "fans", sequence: 9, cursor: "fb1,two,done"), resource: .page, services: services)
        #expect(done.serviceIndex == 2 && done.position == nil && done.sequence == 9)
        let mid = try FacebookConnector.resumption(
            of: Checkpoint(source: "posts", sequence: 4, cursor: "fb1,one,after,QQ"), resource: .posts(pageSize: 25, since: nil), services: services)
        #expect(mid.serviceIndex == 0 && mid.position == .after("QQ"))
        #expect(throws: FacebookConnectorError.self) {
            try FacebookConnector.resumption(of: Checkpoint(source: "p", sequence: 1, cursor: "fb1,gone,done"), resource: .page, services: services)
        }
        #expect(throws: FacebookConnectorError.self) {
            try FacebookConnector.resumption(of: Checkpoint(source: "p", sequence: 1, cursor: "fb1,one,after,QQ"), resource: .fans(posts: 3), services: services)
        }
    }

    // MARK: - Parameters

    @Test func parameters() throws {
        #expect(try FacebookResource("posts", parameters: [:]) == .posts(pageSize: 25, since: nil))
        #expect(
            try FacebookResource("posts", parameters: ["pageSize": "100", "since": "2026-11-26"])
                == .posts(pageSize: 100, since: Date(timeIntervalSince1970: 1_795_651_200)))
        #expect(try FacebookResource("fans", parameters: [:]) == .fans(posts: 25))
        #expect(
            try FacebookResource("insights", parameters: ["metrics": " page_follows  page_media_view "])
                == .insights(metrics: ["page_follows", "page_media_view"], period: "day"))
        #expect(throws: FacebookConnectorError.badParameter(name: "pageSize", reason: "'101' is not a whole number from 1 to 100")) {
            try FacebookResource("posts", parameters: ["pageSize": "101"])
        }
        #expect(throws: FacebookConnectorError.badParameter(name: "since", reason: "'26/11/2026' is not a day written YYYY-MM-DD")) {
            try FacebookResource("posts", parameters: ["since": "26/11/2026"])
        }
        #expect(throws: FacebookConnectorError.unknownResource("followers")) { try FacebookResource("followers", parameters: [:]) }
        #expect(throws: FacebookConnectorError.self) { try FacebookResource("insights", parameters: [:]) }
    }
}
