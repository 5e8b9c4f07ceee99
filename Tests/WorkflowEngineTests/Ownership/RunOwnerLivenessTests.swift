import Foundation
import Testing
import WorkflowEngine

#if canImport(Glibc)
import Glibc
#endif

/// Whether the process that holds a run is known to be gone. Linux gives a process's start in
/// clock ticks since boot, and the boot instant (`btime` of /proc/stat) in whole seconds that move
/// when the clock is adjusted: two processes can compute one process's start a second apart. A
/// live owner must not be taken for a dead one because of that (a second server would then take
/// a live node's runs, or `trigger` would find no server).
@Suite struct RunOwnerLivenessTests {
    @Test func thisProcessIsAlive() {
        #expect(!RunOwner.current.isKnownGone)
    }

    @Test func aStartReadWithAnotherBootInstantIsStillThisProcess() {
        var owner = RunOwner.current
        guard owner.processStart > 0 else { return }
        for shift in [-1.0, 1.0, -1.5, 1.5] {
            owner.processStart = RunOwner.current.processStart + shift
            #expect(!owner.isKnownGone, "a start \(shift) s off was taken for another process")
        }
    }

    @Test func aProcessThatStartedAtAnotherTimeIsGone() {
        var owner = RunOwner.current
        guard owner.processStart > 0 else { return }
        owner.processStart -= 60
        #expect(owner.isKnownGone)
        // No process with that id at all.
        #expect(RunOwner(host: owner.host, pid: Int32.max - 7, processStart: 1).isKnownGone)
    }
}
