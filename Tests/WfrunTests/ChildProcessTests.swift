import Foundation
import Testing

/// The process runner the end-to-end tests rely on: exit codes, signals, large output through
/// both pipes at once, standard input, working directory, environment, time limit, memory.
@Suite("The test's process runner", .ownThread)
struct ChildProcessTests {
    @Test("exit status and signal")
    func exitStatus() throws {
        let three = try ChildProcess.run("/bin/sh", ["-c", "exit 3"])
        #expect(three.exitCode == 3 && three.terminatingSignal == nil)
        let killed = try ChildProcess.run("/bin/sh", ["-c", "kill -TERM $$"])
        #expect(killed.terminatingSignal == SIGTERM && killed.exitCode == 128 + SIGTERM)
    }

    @Test("megabytes on stdout and stderr at once, and on stdin, do not deadlock")
    func largeOutput() throws {
        let input = [UInt8]((0..<4_000_000).map { UInt8(truncatingIfNeeded: $0 % 251) })
        let outcome = try ChildProcess.run(
            "/bin/sh", ["-c", "cat; head -c 3000000 /dev/zero >&2"], input: input, timeout: 60)
        #expect(outcome.exitCode == 0)
        #expect(outcome.standardOutput == input)
        #expect(outcome.standardError.count == 3_000_000)
    }

    @Test("working directory and environment")
    func directoryAndEnvironment() throws {
        let outcome = try ChildProcess.run(
            "/bin/sh", ["-c", "pwd; echo \"$WFRUN_E2E_PROBE\""], workingDirectory: "/usr", environment: ["WFRUN_E2E_PROBE": "seen"])
        #expect(outcome.stdout == "/usr\nseen\n")
    }

    @Test("a child past its time limit is killed")
    func timeout() throws {
        let outcome = try ChildProcess.run("/bin/sh", ["-c", "sleep 30; echo late"], timeout: 0.5)
        #expect(outcome.timedOut)
        #expect(outcome.terminatingSignal == SIGKILL)
        #expect(outcome.wallSeconds < 10)
    }

    @Test(
        "measured memory is the program's own, not the runner's",
        .enabled(if: ChildProcess.isRegularExecutable(ChildProcess.gnuTime), "needs GNU time (Debian package time)"))
    func memory() throws {
        let small = try ChildProcess.run("/bin/true", [], measuringMemory: true)
        #expect(small.memoryIsExact)
        #expect(small.exitCode == 0)
        #expect(small.maxRSSKilobytes > 0 && small.maxRSSKilobytes < 10_000, "\(small)")
        // A shell holding 30 MB in a variable is measured as at least that.
        let big = try ChildProcess.run(
            "/bin/sh", ["-c", "x=$(head -c 30000000 /dev/zero | tr '\\0' a); echo ${#x}"], measuringMemory: true)
        #expect(big.stdout == "30000000\n", "\(big)")
        #expect(big.maxRSSKilobytes > 29_000, "\(big)")
        let failing = try ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 4"], measuringMemory: true)
        #expect(failing.exitCode == 4)
        #expect(failing.stdout == "out\n" && failing.stderr == "err\n", "\(failing)")
    }

    @Test("the wfrun binary is found")
    func binary() {
        #expect(ChildProcess.isRegularExecutable(WfrunProcess.binary), "no wfrun at \(WfrunProcess.binary)")
    }
}
