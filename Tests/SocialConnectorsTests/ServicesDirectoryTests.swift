import Foundation
import Testing

@testable import SocialConnectors

/// The `services` attribute of a fetch.
@Suite struct ServicesDirectoryTests {
    let directory = ServiceDirectory(services: [
        Service(name: "acme", type: .twitter, syncSubscriptions: true),
        Service(name: "acmepage", type: .facebook, pageId: "1"),
        Service(name: "acme_news", type: .twitter),
        Service(name: "acme_jobs", type: .twitter, syncSubscriptions: true),
    ])

    @Test func allOrNothingSelectsEveryServiceOfTheTypeInFileOrder() throws {
        #expect(try directory.select(nil, type: .twitter).map(\.name) == ["acme", "acme_news", "acme_jobs"])
        #expect(try directory.select("all", type: .twitter).map(\.name) == ["acme", "acme_news", "acme_jobs"])
        #expect(try directory.select(nil, type: .facebook).map(\.name) == ["acmepage"])
    }

    @Test func synchronizedSelectsTheFlaggedOnes() throws {
        #expect(try directory.select("synchronized", type: .twitter).map(\.name) == ["acme", "acme_jobs"])
    }

    @Test func namesSelectInTheOrderWritten() throws {
        #expect(try directory.select("acme_jobs  acme", type: .twitter).map(\.name) == ["acme_jobs", "acme"])
    }

    @Test func anUnknownNameListsTheKnownOnes() {
        #expect(throws: ServiceSelectionError.unknown(name: "acme_old", type: .twitter, known: ["acme", "acme_news", "acme_jobs"])) {
            try directory.select("acme acme_old", type: .twitter)
        }
        #expect(ServiceSelectionError.unknown(name: "acme_old", type: .twitter, known: ["acme", "acme_news"]).description
            == "no twitter service is named 'acme_old'; known: acme, acme_news")
        #expect(ServiceSelectionError.wrongType(name: "acmepage", type: .facebook, expected: .twitter).description
            == "service 'acmepage' is a facebook service, not a twitter one")
        #expect(throws: ServiceSelectionError.wrongType(name: "acmepage", type: .facebook, expected: .twitter)) {
            try directory.select("acmepage", type: .twitter)
        }
    }

    @Test func noServiceOfTheTypeIsAnError() {
        #expect(throws: ServiceSelectionError.noServices(type: .facebook)) {
            try ServiceDirectory(services: []).select(nil, type: .facebook)
        }
    }
}
