import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A hostile input and what `wfrun validate` must say about it. Small ones are committed under
/// Fixtures/hostile; big ones (a 20 MB attribute, 100,000 nested elements, a 65 MB file) and those
/// that point at the test's own HTTP listener are written at test time.
enum HostileFixture: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case billionLaughs = "billion-laughs.xml"
    case externalEntity = "external-entity.xml"
    case externalDTDFile = "external-dtd-file.xml"
    case externalParameterEntity = "external-parameter-entity.xml"
    case externalDTDOverHTTP = "external-dtd-http.xml"
    case hugeAttribute = "huge-attribute.xml"
    case deepNesting = "deep-nesting.xml"
    case oversized = "oversized.xml"
    case truncated = "truncated.xml"
    case invalidUTF8 = "invalid-utf8.xml"
    case empty = "empty.xml"

    var testDescription: String { rawValue }

    /// The one diagnostic code expected.
    var code: String {
        switch self {
        case .billionLaughs, .externalEntity, .externalDTDFile, .externalParameterEntity, .externalDTDOverHTTP: "WF004"
        case .hugeAttribute, .deepNesting, .oversized: "WF006"
        case .truncated: "WF003"
        case .invalidUTF8: "WF005"
        case .empty: "WF002"
        }
    }

    /// Where the diagnostic must point, where that means something: the `<!DOCTYPE`, the offending
    /// element or byte. Lines are a range where libxml2 versions may differ by one.
    var position: (lines: ClosedRange<Int>, column: Int?) {
        switch self {
        case .billionLaughs: (2...2, 1)
        case .externalEntity: (2...2, 1)
        case .externalDTDFile: (3...3, 3)
        case .externalParameterEntity: (2...2, 1)
        case .externalDTDOverHTTP: (3...3, 1)
        // Line k holds the element at depth k; the first one past 256 deep is refused.
        case .deepNesting: (257...258, nil)
        // The byte 0xC3 of "caf\xC3(" in the label on line 2.
        case .invalidUTF8: (2...2, 33)
        // The end of the file: line 3, after `  <end name="do`.
        case .truncated: (3...3, 16)
        case .empty, .oversized: (1...1, 1)
        // The 20 MB label makes the file larger than the 8 MB limit: refused before parsing.
        case .hugeAttribute: (1...1, 1)
        }
    }

    /// Whether the file is written at test time rather than committed.
    var isGenerated: Bool {
        switch self {
        case .externalParameterEntity, .externalDTDOverHTTP, .hugeAttribute, .deepNesting, .oversized: true
        default: false
        }
    }

    /// The file to check: the committed fixture, or one written into `folder` now (pointing at
    /// `listener` where it names a URL).
    func materialize(in folder: URL, listener: LoopbackListener) throws -> URL {
        guard isGenerated else { return Fixtures.folder.appendingPathComponent("hostile").appendingPathComponent(rawValue) }
        let tiny = """
            <workflow xmlns="urn:wfrun:workflow:1" name="tiny">
              <start name="begin"><next to="done"/></start>
              <end name="done"/>
            </workflow>

            """
        var bytes: [UInt8]
        switch self {
        case .externalParameterEntity:
            bytes = Array("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE workflow [
                  <!ENTITY % p SYSTEM "\(listener.url("p.dtd"))">
                  %p;
                ]>
                \(tiny)
                """.utf8)
        case .externalDTDOverHTTP:
            bytes = Array("""
                <?xml version="1.0" encoding="UTF-8"?>

                <!DOCTYPE workflow SYSTEM "\(listener.url("w.dtd"))">
                \(tiny)
                """.utf8)
        case .hugeAttribute:
            bytes = Array(#"<workflow xmlns="urn:wfrun:workflow:1" name="huge""#.utf8)
            bytes += Array("\n          label=\"".utf8)
            bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 20 * 1024 * 1024)
            bytes += Array("\">\n".utf8)
            bytes += Array(tiny.split(separator: "\n").dropFirst().joined(separator: "\n").utf8)
        case .deepNesting:
            // 100,000 nested elements: the root, then 99,999 <a>, one per line.
            bytes = Array(#"<workflow xmlns="urn:wfrun:workflow:1" name="deep">"#.utf8) + [0x0A]
            bytes.reserveCapacity(800_000)
            for _ in 1..<100_000 { bytes += Array("<a>\n".utf8) }
            for _ in 1..<100_000 { bytes += Array("</a>".utf8) }
            bytes += Array("\n</workflow>\n".utf8)
        case .oversized:
            // 65 MB of NUL bytes, far over the 8 MB limit, as a sparse file: no disk space, no writing.
            let file = folder.appendingPathComponent(rawValue)
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw ProcessLaunchError(description: "cannot create \(file.path)")
            }
            guard truncate(file.path, 65 * 1024 * 1024) == 0 else {
                throw ProcessLaunchError(description: "truncate failed: \(String(cString: strerror(errno)))")
            }
            return file
        default:
            preconditionFailure("\(rawValue) is committed")
        }
        let file = folder.appendingPathComponent(rawValue)
        try Data(bytes).write(to: file)
        return file
    }
}

@Suite("Hostile input: refused with one diagnostic, little memory, nothing read or fetched", .ownThread)
struct HostileInputTests {
    /// The most memory `wfrun validate` may take on any hostile file.
    static let memoryLimitKB = 100 * 1024

    /// "24940 KB", saying when the figure is only an upper bound (see `ProcessOutcome.memoryIsExact`).
    static func describeMemory(_ outcome: ProcessOutcome) -> String {
        outcome.memoryIsExact
            ? "\(outcome.maxRSSKilobytes) KB"
            : "at most \(outcome.maxRSSKilobytes) KB (an upper bound that includes the test runner's own memory; "
                + "install GNU time, Debian package time, to measure wfrun alone)"
    }

    @Test("wfrun validate refuses it with exactly one diagnostic", arguments: HostileFixture.allCases)
    func refusedWithOneDiagnostic(_ fixture: HostileFixture) throws {
        try withTemporaryFolder { folder in
            let listener = try LoopbackListener()
            let file = try fixture.materialize(in: folder, listener: listener)
            let (outcome, report) = try WfrunProcess.validateJSON([file.path])
            #expect(outcome.exitCode == 1, "\(outcome)")
            #expect(!outcome.timedOut)
            #expect(report.diagnostics.count == 1, "\(report.diagnostics)")
            let diagnostic = try #require(report.diagnostics.first)
            #expect(diagnostic.code == fixture.code, "\(diagnostic)")
            #expect(diagnostic.severity == "error")
            #expect(diagnostic.file == file.path)
            #expect(fixture.position.lines.contains(diagnostic.line), "\(diagnostic)")
            if let column = fixture.position.column { #expect(diagnostic.column == column, "\(diagnostic)") }
            #expect(report.errors == 1 && report.warnings == 0)
            #expect(report.files == [ValidationJSON.FileSummary(errors: 1, file: file.path, warnings: 0)])
            // Nothing of /etc/passwd leaks into what wfrun prints.
            #expect(!outcome.stdout.contains("root:") && !outcome.stderr.contains("root:"), "\(outcome)")
            #expect(listener.acceptedConnections() == 0, "wfrun connected to 127.0.0.1:\(listener.port)")
        }
    }

    /// The peak memory of wfrun alone needs GNU time (see `ProcessOutcome.memoryIsExact`): where
    /// it is missing this test shows as skipped.
    @Test(
        "wfrun validate stays under 100 MB on it",
        .enabled(if: ChildProcess.isRegularExecutable(ChildProcess.gnuTime), "needs GNU time (Debian package time) to measure wfrun alone"),
        arguments: HostileFixture.allCases)
    func memory(_ fixture: HostileFixture) throws {
        try withTemporaryFolder { folder in
            let listener = try LoopbackListener()
            let file = try fixture.materialize(in: folder, listener: listener)
            let outcome = try WfrunProcess.run(["validate", file.path], measuringMemory: true)
            #expect(outcome.exitCode == 1, "\(outcome)")
            #expect(outcome.memoryIsExact)
            #expect(outcome.maxRSSKilobytes < Self.memoryLimitKB, "wfrun took \(Self.describeMemory(outcome)) on \(fixture.rawValue)")
        }
    }

    @Test("an entity that would read /etc/passwd shows nothing of it, in every format")
    func externalEntityLeaksNothing() throws {
        let file = Fixtures.path("hostile/external-entity.xml")
        for format in ["text", "json", "github"] {
            let outcome = try WfrunProcess.run(["validate", "--format", format, file])
            #expect(outcome.exitCode == 1, "\(outcome)")
            #expect(outcome.stdout.contains("WF004"), "\(outcome)")
            #expect(!outcome.stdout.contains("root:") && !outcome.stderr.contains("root:"), "\(outcome)")
        }
        for command in [["graph"], ["run"], []] {
            let outcome = try WfrunProcess.run(command + [file])
            #expect(outcome.exitCode != 0, "\(outcome)")
            #expect(outcome.stderr.contains("[WF004]"), "\(outcome)")
            #expect(!outcome.stdout.contains("root:") && !outcome.stderr.contains("root:"), "\(outcome)")
        }
    }

    @Test("graph and run refuse an external DTD over HTTP without connecting")
    func otherCommandsDoNotConnect() throws {
        try withTemporaryFolder { folder in
            let listener = try LoopbackListener()
            for fixture in [HostileFixture.externalDTDOverHTTP, .externalParameterEntity] {
                let file = try fixture.materialize(in: folder, listener: listener)
                for command in [["graph"], ["graph", "--format", "mermaid"], ["run"], []] {
                    let outcome = try WfrunProcess.run(command + [file.path])
                    #expect(outcome.exitCode != 0, "\(outcome)")
                    #expect(outcome.stderr.contains("[WF004]"), "\(outcome)")
                    #expect(outcome.stdout.isEmpty, "\(outcome)")
                }
            }
            #expect(listener.acceptedConnections() == 0, "wfrun connected to 127.0.0.1:\(listener.port)")
        }
    }

    @Test("a directory given to wfrun graph is WF001, exit 1")
    func directoryGivenToGraph() throws {
        let folder = Fixtures.path("hostile")
        let outcome = try WfrunProcess.run(["graph", folder])
        #expect(outcome.exitCode == 1, "\(outcome)")
        #expect(outcome.stdout.isEmpty, "\(outcome)")
        let first = outcome.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("\(folder):1:1: error: "), "\(outcome)")
        #expect(first.hasSuffix("[WF001]"), "\(outcome)")
    }

    @Test("a directory given to wfrun run (or wfrun DIR) is WF001", arguments: [["run"], []])
    func directoryGivenToRun(_ command: [String]) throws {
        let folder = Fixtures.path("hostile")
        let outcome = try WfrunProcess.run(command + [folder])
        #expect(outcome.exitCode != 0, "\(outcome)")
        #expect(outcome.stderr.contains("\(folder):1:1: error: "), "\(outcome)")
        #expect(outcome.stderr.contains("[WF001]"), "\(outcome)")
    }

    /// As root (tests here run as root) no file is unreadable for its mode; a path through a
    /// regular file fails to open with ENOTDIR whoever runs it.
    @Test("a path whose parent is a file is WF001 (validate and graph)")
    func pathThroughAFile() throws {
        let path = Fixtures.path("cli/tiny.xml") + "/child.xml"
        let (outcome, report) = try WfrunProcess.validateJSON([path])
        #expect(outcome.exitCode == 1, "\(outcome)")
        #expect(report.diagnostics.map(\.code) == ["WF001"], "\(report.diagnostics)")
        #expect(report.diagnostics.first?.file == path)
        #expect(report.diagnostics.first?.line == 1 && report.diagnostics.first?.column == 1)

        let graph = try WfrunProcess.run(["graph", path])
        #expect(graph.exitCode == 1, "\(graph)")
        #expect(graph.stderr.contains("[WF001]"), "\(graph)")
    }

    @Test(
        "a file without read permission is WF001",
        .disabled(if: getuid() == 0, "root reads a file whatever its mode; pathThroughAFile covers unreadable paths"))
    func fileWithoutPermission() throws {
        try withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("secret.xml")
            try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("cli/tiny.xml"))).write(to: file)
            chmod(file.path, 0)
            let (outcome, report) = try WfrunProcess.validateJSON([file.path])
            #expect(outcome.exitCode == 1, "\(outcome)")
            #expect(report.diagnostics.map(\.code) == ["WF001"], "\(report.diagnostics)")
        }
    }

    @Test("a missing file is WF001 (validate and graph)")
    func missingFile() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("nowhere.xml").path
            let (outcome, report) = try WfrunProcess.validateJSON([path])
            #expect(outcome.exitCode == 1, "\(outcome)")
            #expect(report.diagnostics.map(\.code) == ["WF001"], "\(report.diagnostics)")
            #expect(report.diagnostics.first?.file == path)

            let graph = try WfrunProcess.run(["graph", path])
            #expect(graph.exitCode == 1, "\(graph)")
            #expect(graph.stderr.contains("[WF001]"), "\(graph)")
        }
    }

    /// Runs `wfrun validate FILE` under strace and checks the system calls: no connection at all,
    /// and no open of /etc/passwd or of anything in the fixture's folder but the file itself.
    /// Shared libraries, /proc, /sys, locale and time zone files are not in question.
    @Test(
        "reads nothing besides the file itself (strace)",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"), "needs /usr/bin/strace"),
        arguments: HostileFixture.allCases)
    func readsNothingButTheFile(_ fixture: HostileFixture) throws {
        try withTemporaryFolder { scratch in
            let generated = scratch.appendingPathComponent("fixtures")
            try FileManager.default.createDirectory(at: generated, withIntermediateDirectories: true)
            let listener = try LoopbackListener()
            let file = try fixture.materialize(in: generated, listener: listener)
            let fixtureFolder = file.deletingLastPathComponent().path
            let log = scratch.appendingPathComponent("strace.log").path
            // Run from the fixture's folder, so that a relative DTD or entity path would land there.
            let outcome = try ChildProcess.run(
                "/usr/bin/strace",
                ["-f", "-e", "trace=openat,open,connect", "-o", log, WfrunProcess.binary, "validate", file.path],
                workingDirectory: fixtureFolder)
            #expect(outcome.exitCode == 1, "\(outcome)")
            #expect(listener.acceptedConnections() == 0, "wfrun connected to 127.0.0.1:\(listener.port)")

            let trace = try StraceLog(String(contentsOfFile: log, encoding: .utf8), workingDirectory: fixtureFolder)
            // The trace works: it shows wfrun opening the file it was given.
            #expect(trace.opened.contains(file.path), "strace log has no open of \(file.path):\n\(trace.text)")
            #expect(trace.connects.isEmpty, "wfrun called connect:\n\(trace.connects.joined(separator: "\n"))")
            let forbidden = trace.forbiddenOpens(file: file.path, fixtureFolder: fixtureFolder)
            #expect(forbidden.isEmpty, "wfrun opened \(forbidden) while checking \(fixture.rawValue)")
        }
    }

    @Test("the strace check finds forbidden opens and connections in a trace")
    func straceCheckCatchesViolations() {
        let trace = StraceLog(
            """
            101  openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libxml2.so.2", O_RDONLY|O_CLOEXEC) = 3
            101  openat(AT_FDCWD, "/fx/w.xml", O_RDONLY|O_CLOEXEC) = 3
            102  openat(AT_FDCWD, "/etc/passwd", O_RDONLY <unfinished ...>
            101  open("w.dtd", O_RDONLY) = -1 ENOENT (No such file or directory)
            101  openat(AT_FDCWD, "/fx/other/secret.txt", O_RDONLY) = 4
            101  connect(5, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED
            101  +++ exited with 1 +++
            """, workingDirectory: "/fx")
        #expect(trace.opened.contains("/fx/w.xml"))
        #expect(trace.connects.count == 1)
        #expect(trace.forbiddenOpens(file: "/fx/w.xml", fixtureFolder: "/fx") == ["/etc/passwd", "/fx/w.dtd", "/fx/other/secret.txt"])
    }
}

/// What `strace -f -e trace=openat,open,connect` logged.
struct StraceLog {
    let text: String
    /// Every path opened or tried, made absolute against the traced program's directory.
    let opened: [String]
    /// Every `connect` call.
    let connects: [String]

    init(_ text: String, workingDirectory: String) {
        self.text = text
        let lines = text.split(separator: "\n").map(String.init)
        opened = lines.compactMap { line -> String? in
            guard line.contains("open(") || line.contains("openat(") else { return nil }
            guard let quote = line.firstIndex(of: "\"") else { return nil }
            let rest = line[line.index(after: quote)...]
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            let path = String(rest[..<end])
            return path.hasPrefix("/") ? path : workingDirectory + "/" + path
        }
        connects = lines.filter { $0.contains("connect(") }
    }

    /// Opens that must not happen when checking `file`: /etc/passwd, and anything under the
    /// fixture's folder but the file itself. (Libraries, /proc, /sys, locale and zone files are fine.)
    func forbiddenOpens(file: String, fixtureFolder: String) -> [String] {
        opened.filter { path in path == "/etc/passwd" || (path.hasPrefix(fixtureFolder + "/") && path != file) }
    }
}
