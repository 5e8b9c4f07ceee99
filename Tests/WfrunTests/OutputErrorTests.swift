import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Output that cannot be written — a full disk (`/dev/full`), a pipe whose reader is gone
/// (`wfrun … | head -1`) — is reported with one line and exit 1, never silently truncated, and
/// a run whose output closes stops as interrupted, resumable, instead of dying of SIGPIPE.
@Suite("failed output", .ownThread)
struct OutputErrorTests {
    static let fullDisk = "wfrun: cannot write to standard output: No space left on device\n"

    /// The last line of a file written by the child, with its newline.
    static func lastLine(of path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").last.map { $0 + "\n" } ?? ""
    }

    @Test("show --format csv to a full disk: the error, exit 1")
    func showToAFullDisk() throws {
        try withTemporaryFolder { folder in
            let database = try ImportFixture.store(in: folder, count: 3_000)
            let errors = folder.appendingPathComponent("stderr").path
            let show = try SpawnedWfrun(
                ["show", "visitor", "--format", "csv", "--db", database], standardOutput: .full, standardError: .file(errors))
            let ending = show.wait()
            #expect(ending.exitCode == 1, "\(ending)")
            #expect(try String(contentsOfFile: errors, encoding: .utf8) == Self.fullDisk)
        }
    }

    @Test("run --json to a full disk: the run is done, the summary is not written: the error, exit 1")
    func runJSONToAFullDisk() throws {
        try withTemporaryFolder { folder in
            let errors = folder.appendingPathComponent("stderr").path
            let run = try SpawnedWfrun(
                ["run", Fixtures.path("cli/tiny.xml"), "--json", "--db", folder.appendingPathComponent("s.sqlite").path],
                standardOutput: .full, standardError: .file(errors))
            let ending = run.wait()
            #expect(ending.exitCode == 1, "\(ending)")
            #expect(Self.lastLine(of: errors) == Self.fullDisk)
        }
    }

    @Test("validate --format json to a full disk: the error, exit 1")
    func validateJSONToAFullDisk() throws {
        try withTemporaryFolder { folder in
            let errors = folder.appendingPathComponent("stderr").path
            let validate = try SpawnedWfrun(
                ["validate", "--format", "json", Fixtures.path("cli/tiny.xml")], standardOutput: .full, standardError: .file(errors))
            let ending = validate.wait()
            #expect(ending.exitCode == 1, "\(ending)")
            #expect(try String(contentsOfFile: errors, encoding: .utf8) == Self.fullDisk)
        }
    }

    @Test("run --json | head: the summary cannot be written: the error, exit 1, not SIGPIPE")
    func runJSONToAClosedPipe() throws {
        try withTemporaryFolder { folder in
            let errors = folder.appendingPathComponent("stderr").path
            let run = try SpawnedWfrun(
                ["run", Fixtures.path("cli/tiny.xml"), "--json", "--db", folder.appendingPathComponent("s.sqlite").path],
                standardOutput: .closedPipe, standardError: .file(errors))
            let ending = run.wait()
            #expect(ending.terminatingSignal == nil && ending.exitCode == 1, "\(ending)")
            #expect(Self.lastLine(of: errors) == "wfrun: cannot write to standard output: Broken pipe\n")
            let text = try String(contentsOfFile: errors, encoding: .utf8)
            #expect(text.components(separatedBy: "cannot write").count == 2, "said more than once:\n\(text)")
        }
    }

    @Test("run 2>&1 | head -1: the run stops as interrupted at a batch boundary, exit 1, and the next run resumes it")
    func aRunWhoseOutputClosesIsInterruptedAndResumable() throws {
        try withTemporaryFolder { folder in
            let count = 100_000
            let workflow = try ImportFixture.write(in: folder, count: count)
            let database = folder.appendingPathComponent("closed.sqlite").path
            let run = try SpawnedWfrun(
                ["run", workflow, "--db", database, "--batch-size", "100"], standardOutput: .closedPipe, standardError: .closedPipe)
            let ending = run.wait()
            #expect(ending.terminatingSignal == nil && ending.exitCode == 1, "\(ending)")

            let history = try WfrunProcess.run(["history", "1", "--db", database, "--json"])
            let detail = try JSONSerialization.jsonObject(with: Data(history.standardOutput)) as? [String: Any]
            #expect((detail?["run"] as? [String: Any])?["status"] as? String == "interrupted", "\(history)")

            let resumed = try WfrunProcess.run(["run", workflow, "--db", database, "--json"])
            #expect(resumed.exitCode == 0, "\(resumed)")
            let summary = try JSONSerialization.jsonObject(with: Data(resumed.standardOutput)) as? [String: Any]
            #expect(summary?["resumed"] as? Bool == true)
            #expect((summary?["run"] as? [String: Any])?["id"] as? Int == 1)
            let rows = try WfrunProcess.run(["show", "visitor", "--format", "csv", "--db", database])
            #expect(rows.stdout.split(separator: "\n").count == count + 1)
        }
    }
}
