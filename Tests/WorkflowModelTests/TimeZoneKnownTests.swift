import Foundation
import Testing
import WorkflowModel

@Suite struct TimeZoneKnownTests {
    @Test(arguments: [("UTC", true), ("Europe/Paris", true), ("America/New_York", true),
                      ("europe/paris", false), ("Mars/Olympus", false), ("", false), ("GMT+1", false)])
    func checksTimeZones(identifier: String, known: Bool) {
        #expect(TimeZone.isKnownTimeZone(identifier) == known)
    }
}
