import Foundation
import Testing

@testable import SocialConnectors

/// X's two timestamp forms become wfrun's one timestamp type, without locales, checked by its
/// calendar.
@Suite struct XTimeTests {
    @Test func v1TimestampsBecomeISO8601UTC() {
        #expect(XTime.iso(v1: "Wed Oct 10 20:19:24 +0000 2018") == "2018-10-10T20:19:24Z")
        #expect(XTime.iso(v1: "Thu Jan 01 00:00:00 +0000 1970") == "1970-01-01T00:00:00Z")
        #expect(XTime.iso(v1: "Mon Feb 29 23:59:59 +0000 2016") == "2016-02-29T23:59:59Z")
        #expect(XTime.iso(v1: "Wed Oct 10 20:19:24 +0200 2018") == "2018-10-10T18:19:24Z")
        #expect(XTime.iso(v1: "Sun Dec 31 23:30:00 -0100 2023") == "2024-01-01T00:30:00Z")
    }

    @Test func v1ParsingAgreesWithFoundation() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE MMM dd HH:mm:ss Z yyyy"
        formatter.timeZone = TimeZone(identifier: "UTC")
        for seconds in stride(from: Int64(1_170_000_000), to: 1_780_000_000, by: 7_654_321) {
            let text = formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
            #expect(XTime.timestamp(v1: text)?.seconds == seconds, "\(text)")
        }
    }

    @Test func malformedV1TimestampsAreRejected() {
        for text in [
            "", "Wed Oct 10 20:19:24 2018", "Wed Foo 10 20:19:24 +0000 2018", "Wed Oct 10 25:19:24 +0000 2018", "Wed Oct 10 20:19:24 0000 2018",
            "Sat Feb 31 10:00:00 +0000 2018", "Wed Feb 29 10:00:00 +0000 2023", "Wed Oct 10 24:00:00 +0000 2018", "Wed Oct 10 23:59:60 +0000 2018",
            "Wed Oct 10 20:19:24 +2400 2018", "Wed Oct 10 20:19:24 +0000 18",
        ] {
            #expect(XTime.timestamp(v1: text) == nil, "\(text)")
        }
    }

    @Test func v2TimestampsTakeTheCanonicalForm() {
        #expect(XTime.iso(v2: "2018-10-10T20:19:24.000Z") == "2018-10-10T20:19:24Z")
        #expect(XTime.iso(v2: "2018-10-10T20:19:24Z") == "2018-10-10T20:19:24Z")
        #expect(XTime.iso(v2: "2018-10-10T22:19:24.5+02:00") == "2018-10-10T20:19:24.5Z")
        #expect(XTime.iso(v2: "yesterday") == nil)
        // Refused as the shared type refuses them (the byte reader of follower pages alike).
        for text in ["2018-02-31T20:19:24.000Z", "2023-02-29T20:19:24.000Z", "2018-10-10T24:00:00.000Z", "2018-10-10T23:59:60.000Z"] {
            #expect(XTime.iso(v2: text) == nil, "\(text)")
            var bytes = text
            #expect(bytes.withUTF8 { XTime.iso(v2: $0) } == nil, "\(text)")
        }
    }

    @Test func daysAreMidnightUTC() {
        #expect(XTime.timestamp(iso: "2026-01-31")?.seconds == 1_769_817_600)
        #expect(XTime.timestamp(iso: "2026-13-01") == nil)
        #expect(XTime.timestamp(iso: "2026-02-29") == nil)
    }
}
