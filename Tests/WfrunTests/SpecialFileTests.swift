import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// wfrun reads regular files only: a named pipe (which would block `open` for ever) or a device
/// given as a workflow, a services file or a file connector's `path` is refused at once with one
/// message saying what it is.
@Suite("special files", .ownThread)
struct SpecialFileTests {
    /// A bound well under the default: on a build that opens a FIFO, the child blocks in `open`.
    static let timeout = 30.0

    static func makeFIFO(_ path: String) throws {
        guard mkfifo(path, 0o644) == 0 else {
            throw ProcessLaunchError(description: "mkfifo \(path): \(String(cString: strerror(errno)))")
        }
    }

    @Test("validate FIFO.xml: refused as not a regular file, exit 1")
    func validateAFIFO() throws {
        try withTemporaryFolder { folder in
            let fifo = folder.appendingPathComponent("pipe.xml").path
            try Self.makeFIFO(fifo)
            let outcome = try WfrunProcess.run(["validate", "--format", "json", fifo], timeout: Self.timeout)
            #expect(outcome.exitCode == 1, "\(outcome)")
            let report = try JSONDecoder().decode(ValidationJSON.self, from: Data(outcome.standardOutput))
            #expect(report.diagnostics == [ValidationJSON.Diagnostic(
                code: "WF001", column: 1, file: fifo, line: 1,
                message: "\(fifo) is not a regular file (it is a named pipe); wfrun reads regular files only", severity: "error")])
        }
    }

    @Test("validate DIR with a FIFO named *.xml: the FIFO is reported, the workflows beside it checked")
    func validateAFolderWithAFIFO() throws {
        try withTemporaryFolder { folder in
            let fifo = folder.appendingPathComponent("a-pipe.xml").path
            try Self.makeFIFO(fifo)
            let workflow = folder.appendingPathComponent("tiny.xml").path
            try FileManager.default.copyItem(atPath: Fixtures.path("cli/tiny.xml"), toPath: workflow)
            let outcome = try WfrunProcess.run(["validate", "--format", "json", folder.path], timeout: Self.timeout)
            #expect(outcome.exitCode == 1, "\(outcome)")
            let report = try JSONDecoder().decode(ValidationJSON.self, from: Data(outcome.standardOutput))
            #expect(report.files.map(\.file) == [fifo, workflow])
            #expect(report.diagnostics.map(\.message) == ["\(fifo) is not a regular file (it is a named pipe); wfrun reads regular files only"])
        }
    }

    @Test("run (exit 2) and graph (exit 1) of a device or a FIFO: refused", arguments: [("run", Int32(2)), ("graph", Int32(1))])
    func runOrGraphASpecialFile(command: String, exitCode: Int32) throws {
        try withTemporaryFolder { folder in
            let fifo = folder.appendingPathComponent("pipe.xml").path
            try Self.makeFIFO(fifo)
            for (path, kind) in [(fifo, "a named pipe"), ("/dev/zero", "a character device")] {
                let arguments = command == "run" ? ["run", path, "--db", folder.appendingPathComponent("s.sqlite").path] : ["graph", path]
                let outcome = try WfrunProcess.run(arguments, timeout: Self.timeout)
                #expect(outcome.exitCode == exitCode, "\(outcome)")
                #expect(outcome.stderr.contains("\(path) is not a regular file (it is \(kind)); wfrun reads regular files only"), "\(outcome)")
            }
        }
    }

    @Test("services list --services FIFO: refused, exit 2")
    func aServicesFileThatIsAFIFO() throws {
        try withTemporaryFolder { folder in
            let fifo = folder.appendingPathComponent("services.xml").path
            try Self.makeFIFO(fifo)
            let outcome = try WfrunProcess.run(["services", "list", "--services", fifo], timeout: Self.timeout)
            #expect(outcome.exitCode == 2, "\(outcome)")
            #expect(outcome.stderr.contains("\(fifo) is not a regular file (it is a named pipe); wfrun reads regular files only"), "\(outcome)")
        }
    }

    @Test("a fetch whose path is a FIFO: the run fails at once with the reason, and SIGTERM is not needed")
    func aFetchPathThatIsAFIFO() throws {
        try withTemporaryFolder { folder in
            let workflow = try ImportFixture.write(in: folder, count: 1)
            let records = folder.appendingPathComponent("visitors.jsonl").path
            try FileManager.default.removeItem(atPath: records)
            try Self.makeFIFO(records)
            let outcome = try WfrunProcess.run(
                ["run", workflow, "--db", folder.appendingPathComponent("s.sqlite").path], timeout: Self.timeout)
            #expect(!outcome.timedOut && outcome.exitCode == 1, "\(outcome)")
            #expect(
                outcome.stderr.contains(
                    "fetch 'read': cannot read \(URL(fileURLWithPath: records).standardizedFileURL.path): it is not a regular file (it is a named pipe); path=\"…\" must name a file"),
                "\(outcome)")
        }
    }
}
