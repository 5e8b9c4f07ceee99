import Foundation
import Testing

/// Waits until `condition` holds, checking it again after each yield to the other tasks, for at
/// most `seconds` of wall time (a bound, not a timing: the condition usually holds within a few
/// yields). Records an issue naming `what` if it never holds.
func waitUntil(
    _ what: String, within seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async -> Bool
) async {
    let deadline = Date().addingTimeInterval(seconds)
    var checks = 0
    while !(await condition()) {
        guard Date() < deadline else {
            Issue.record("waited \(seconds) s for \(what)", sourceLocation: sourceLocation)
            return
        }
        checks += 1
        // Yield first; past a few hundred checks, give the CPU up for a moment too.
        if checks < 500 { await Task.yield() } else { try? await Task.sleep(nanoseconds: 1_000_000) }
    }
}
