import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Command lines at the edges: an empty folder to validate, an empty `--db`, an unknown option
/// before any subcommand, a wildcard emulator address, a PostgreSQL address that hangs up.
@Suite("command-line edges", .ownThread)
struct CommandLineEdgeTests {
    @Test("validate DIR with no workflow under it (empty, or only non-workflow XML): exit 1, named")
    func validateAFolderWithoutWorkflows() throws {
        try withTemporaryFolder { folder in
            let empty = folder.appendingPathComponent("empty").path
            try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
            let outcome = try WfrunProcess.run(["validate", empty])
            #expect(outcome.exitCode == 1, "\(outcome)")
            #expect(outcome.stderr == "wfrun: no workflow files under \(empty)\n")

            // A folder of data schemas only: they are skipped, so no workflow was checked either.
            let schemas = folder.appendingPathComponent("schemas").path
            try FileManager.default.createDirectory(atPath: schemas, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: Repository.root.appendingPathComponent("Schemas/data/visitor.xml").path, toPath: schemas + "/visitor.xml")
            let onlySchemas = try WfrunProcess.run(["validate", schemas, Fixtures.path("cli/tiny.xml")])
            #expect(onlySchemas.exitCode == 1, "\(onlySchemas)")
            #expect(onlySchemas.stderr == "wfrun: no workflow files under \(schemas)\n")

            // A folder with a workflow in it still passes.
            try FileManager.default.copyItem(atPath: Fixtures.path("cli/tiny.xml"), toPath: schemas + "/tiny.xml")
            let withWorkflow = try WfrunProcess.run(["validate", schemas])
            #expect(withWorkflow.exitCode == 0, "\(withWorkflow)")
        }
    }

    @Test("an empty --db is refused (exit 2), not taken for ./wfrun.sqlite", arguments: [
        ["history"], ["show", "visitor"], ["run", "tiny.xml"],
    ])
    func anEmptyDatabaseOption(arguments: [String]) throws {
        try withTemporaryFolder { folder in
            try FileManager.default.copyItem(atPath: Fixtures.path("cli/tiny.xml"), toPath: folder.appendingPathComponent("tiny.xml").path)
            let outcome = try WfrunProcess.run(arguments + ["--db", ""], workingDirectory: folder.path)
            #expect(outcome.exitCode == 2, "\(outcome)")
            #expect(outcome.stderr.hasSuffix(
                "wfrun: --db is empty; give a SQLite file or a postgres:// URL (or leave out --db for $WFRUN_DB, else ./wfrun.sqlite)\n"),
                "\(outcome)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("wfrun.sqlite").path))
        }
    }

    @Test("wfrun --nope: an unknown option, not a missing file", arguments: [["--nope"], ["--nope", "tiny.xml"], ["run", "--nope"]])
    func anUnknownOption(arguments: [String]) throws {
        let outcome = try WfrunProcess.run(arguments)
        #expect(outcome.exitCode == 2, "\(outcome)")
        #expect(outcome.stderr.hasPrefix("Error: Unknown option '--nope'"), "\(outcome)")
    }

    @Test("emulate --host 0.0.0.0 says it listens on every interface, and how to reach it from this machine")
    func emulateOnEveryInterface() throws {
        let outcome = try SpawnedWfrun.emulateUntilReady(["--host", "0.0.0.0", "--port", "0", "--pages", "1"])
        #expect(outcome.stdout.contains("Press Ctrl-C to stop.") && outcome.ending.exitCode == 0, "\(outcome)")
        let first = outcome.stdout.split(separator: "\n").first.map(String.init) ?? ""
        let port = first.split(separator: ":").dropFirst(2).first.map { $0.prefix { $0.isNumber } } ?? ""
        #expect(!port.isEmpty, "\(first)")
        #expect(first == "wfrun emulator listening on http://0.0.0.0:\(port) (every interface; from this machine: http://127.0.0.1:\(port))")
    }

    @Test("a PostgreSQL address where something accepts and hangs up: said so, not \"serverClosedConnection\"")
    func aPostgresAddressThatHangsUp() throws {
        let listener = try LoopbackListener()
        // Accept each connection, read the client's first message, and hang up (reading first makes
        // the close a FIN, not a reset), as a server that is not PostgreSQL might.
        let source = DispatchSource.makeReadSource(fileDescriptor: listener.descriptor, queue: .global())
        source.setEventHandler {
            while case let connection = accept(listener.descriptor, nil, nil), connection >= 0 {
                _ = fcntl(connection, F_SETFL, fcntl(connection, F_GETFL) & ~O_NONBLOCK)
                var buffer = [UInt8](repeating: 0, count: 1024)
                _ = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                close(connection)
            }
        }
        source.resume()
        defer { source.cancel() }
        let server = "127.0.0.1:\(listener.port)"
        let outcome = try WfrunProcess.run(["history", "--db", "postgres://postgres@\(server)/wfrun"], timeout: 60)
        #expect(outcome.exitCode == 1, "\(outcome)")
        #expect(outcome.stderr == """
            wfrun: cannot open the store at postgres://postgres@\(server)/wfrun: the server at \(server) closed the connection \
            before PostgreSQL's greeting; is PostgreSQL listening there (check the host and the port), and does it accept \
            connections from this machine?

            """, "\(outcome)")
    }
}
