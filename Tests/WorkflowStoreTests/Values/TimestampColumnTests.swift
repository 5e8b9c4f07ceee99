import Testing
import WorkflowModel
@testable import WorkflowStore

/// A timestamp column takes what wfrun's one timestamp type reads with a zone required: an
/// instant, stored in its canonical UTC form; a wall time without a zone is not an instant.
@Suite struct TimestampColumnTests {
    @Test(arguments: [
        ("2026-11-27T07:40:00+01:00", "2026-11-27T06:40:00Z"),
        ("2024-02-29T23:59:59.5-00:30", "2024-03-01T00:29:59.5Z"),
        ("2026-11-27T06:40Z", "2026-11-27T06:40:00Z"),
    ])
    func instantsAreStoredInTheCanonicalForm(text: String, stored: String) {
        #expect(ColumnValue(.string(text), type: .timestamp) == .text(stored))
        #expect(ISOTimestamp(parsing: text, zoneless: .refused)?.text == stored)
    }

    @Test(arguments: ["2026-11-27T06:40:00", "2026-11-27", "2026-02-31T00:00:00Z", "2023-02-29T00:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T23:59:60Z"])
    func whatTheSharedTypeRefusesWithoutAZoneDoesNotFit(text: String) {
        #expect(ColumnValue(.string(text), type: .timestamp) == nil)
        #expect(ISOTimestamp(parsing: text, zoneless: .refused) == nil)
    }

    @Test func datesAreRealCalendarDays() {
        #expect(ColumnValue(.string("2024-02-29"), type: .date) == .text("2024-02-29"))
        #expect(ColumnValue(.string("2023-02-29"), type: .date) == nil)
    }
}
