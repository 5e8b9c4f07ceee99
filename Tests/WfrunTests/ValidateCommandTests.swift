import Foundation
import Testing

/// `wfrun validate` (and the command line around it) through the real executable.
@Suite("wfrun validate and the command line", .ownThread)
struct ValidateCommandTests {
    static let cli = Fixtures.path("cli")

    /// `1 file checked: 1 error, 0 warnings` → (files, errors, warnings).
    static func summary(_ line: Substring) throws -> (files: Int, errors: Int, warnings: Int)? {
        let pattern = try Regex(#"^(\d+) files? checked: (\d+) errors?, (\d+) warnings?( \(.*\))?$"#)
        guard let match = try pattern.wholeMatch(in: line) else { return nil }
        func number(_ index: Int) -> Int { Int(match.output[index].substring ?? "") ?? -1 }
        return (number(1), number(2), number(3))
    }

    /// The column a caret line points at, given the source line shown above it
    /// (` 3 |     <next to="dne"/>` over `   |           ^`).
    static func caretColumn(_ caretLine: Substring) -> Int? {
        guard let bar = caretLine.range(of: "| "), let caret = caretLine.lastIndex(of: "^") else { return nil }
        return caretLine.distance(from: bar.upperBound, to: caret) + 1
    }

    /// What follows `| ` in a quoted source line.
    static func quotedSource(_ line: Substring) -> Substring? {
        line.range(of: "| ").map { line[$0.upperBound...] }
    }

    // MARK: The repository's workflows

    @Test("wfrun validate Workflows: every workflow of the repository is clean")
    func repositoryWorkflowsAreValid() throws {
        let outcome = try WfrunProcess.run(["validate", "Workflows"], workingDirectory: Repository.root.path)
        #expect(outcome.exitCode == 0, "\(outcome)")
        let last = try #require(outcome.stdout.split(separator: "\n").last, "\(outcome)")
        let counts = try #require(try Self.summary(last), "no summary line: \(outcome)")
        #expect(counts.errors == 0)
        #expect(counts.files >= 1, "Workflows/ holds no workflow")

        let (json, report) = try WfrunProcess.validateJSON(["Workflows"], workingDirectory: Repository.root.path)
        #expect(json.exitCode == 0)
        #expect(report.errors == 0, "\(report.diagnostics)")
        #expect(report.files.map(\.file).contains("Workflows/syncTwitter.xml"), "\(report.files)")
    }

    // MARK: Output formats

    @Test("text: FILE:LINE:COL: error: MESSAGE [WFnnn], the source line, a caret, a summary")
    func textFormat() throws {
        let outcome = try WfrunProcess.run(["validate", "dangling-transition.xml"], workingDirectory: Self.cli)
        #expect(outcome.exitCode == 1, "\(outcome)")
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        try #require(lines.count == 4, "\(outcome)")
        let first = lines[lines.startIndex], source = lines[lines.startIndex + 1], caret = lines[lines.startIndex + 2]
        #expect(first.hasPrefix("dangling-transition.xml:3:11: error: "), "\(first)")
        #expect(first.hasSuffix(" [WF021]"), "\(first)")
        #expect(Self.quotedSource(source) == #"    <next to="dne"/>"#, "\(source)")
        #expect(Self.caretColumn(caret) == 11, "\(caret)")
        let counts = try #require(try Self.summary(lines[lines.startIndex + 3]), "\(outcome)")
        #expect(counts == (1, 1, 0))
        #expect(outcome.stderr.isEmpty, "\(outcome)")
    }

    @Test(
        "text: a DOCTYPE is reported at the <!DOCTYPE itself",
        arguments: [("billion-laughs.xml", 2, 1, "<!DOCTYPE workflow ["), ("external-dtd-file.xml", 3, 3, "<!DOCTYPE workflow SYSTEM")])
    func doctypePosition(file: String, line: Int, column: Int, text: String) throws {
        let outcome = try WfrunProcess.run(["validate", file], workingDirectory: Fixtures.path("hostile"))
        #expect(outcome.exitCode == 1, "\(outcome)")
        let lines = outcome.stdout.split(separator: "\n")
        try #require(lines.count >= 3, "\(outcome)")
        #expect(lines[0].hasPrefix("\(file):\(line):\(column): error: "), "\(lines[0])")
        #expect(lines[0].hasSuffix("[WF004]"), "\(lines[0])")
        #expect(Self.quotedSource(lines[1])?.contains(text) == true, "\(lines[1])")
        #expect(Self.caretColumn(lines[2]) == column, "\(lines[2])")
    }

    @Test("json: the documented keys, one record per diagnostic, per-file counts")
    func jsonFormat() throws {
        let outcome = try WfrunProcess.run(
            ["validate", "--format", "json", "tiny.xml", "dangling-transition.xml", "unused-parameter.xml"],
            workingDirectory: Self.cli)
        #expect(outcome.exitCode == 1, "\(outcome)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput)) as? [String: Any])
        #expect(Set(object.keys) == ["diagnostics", "errors", "files", "skipped", "warnings"])
        let records = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(records.allSatisfy { Set($0.keys) == ["code", "column", "file", "line", "message", "severity"] }, "\(records)")
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.allSatisfy { Set($0.keys) == ["errors", "file", "warnings"] }, "\(files)")

        let report = try JSONDecoder().decode(ValidationJSON.self, from: Data(outcome.standardOutput))
        #expect(report.errors == 1 && report.warnings == 1 && report.skipped == 0)
        #expect(report.files == [
            .init(errors: 0, file: "tiny.xml", warnings: 0),
            .init(errors: 1, file: "dangling-transition.xml", warnings: 0),
            .init(errors: 0, file: "unused-parameter.xml", warnings: 1),
        ])
        #expect(report.diagnostics.map { "\($0.file):\($0.line):\($0.column) \($0.severity) \($0.code)" } == [
            "dangling-transition.xml:3:11 error WF021",
            "unused-parameter.xml:2:3 warning WF061",
        ])
    }

    @Test("github: ::error file=…,line=…,col=…,title=WFnnn::message (and ::warning)")
    func githubFormat() throws {
        let (_, report) = try WfrunProcess.validateJSON(
            ["dangling-transition.xml", "unused-parameter.xml"], workingDirectory: Self.cli)
        try #require(report.diagnostics.count == 2)
        let outcome = try WfrunProcess.run(
            ["validate", "--format", "github", "dangling-transition.xml", "unused-parameter.xml"],
            workingDirectory: Self.cli)
        #expect(outcome.exitCode == 1, "\(outcome)")
        let lines = outcome.stdout.split(separator: "\n")
        try #require(lines.count >= 2, "\(outcome)")
        #expect(lines[0] == "::error file=dangling-transition.xml,line=3,col=11,title=WF021::\(report.diagnostics[0].message)")
        #expect(lines[1] == "::warning file=unused-parameter.xml,line=2,col=3,title=WF061::\(report.diagnostics[1].message)")
    }

    // MARK: Codes for input that is not a workflow

    @Test(
        "input that is not a workflow: one diagnostic with its code and place",
        arguments: [
            ("wrong-namespace.xml", "WF011", 1, 1),
            ("missing-attribute.xml", "WF010", 3, 3),
            ("mismatched-tag.xml", "WF003", 2, nil as Int?),
        ])
    func notAWorkflow(file: String, code: String, line: Int, column: Int?) throws {
        let (outcome, report) = try WfrunProcess.validateJSON([file], workingDirectory: Self.cli)
        #expect(outcome.exitCode == 1, "\(outcome)")
        #expect(report.diagnostics.map(\.code) == [code], "\(report.diagnostics)")
        #expect(report.diagnostics.first?.line == line, "\(report.diagnostics)")
        if let column { #expect(report.diagnostics.first?.column == column, "\(report.diagnostics)") }
    }

    // MARK: Exit codes

    @Test("a clean file exits 0 and says so")
    func cleanFile() throws {
        let outcome = try WfrunProcess.run(["validate", "tiny.xml"], workingDirectory: Self.cli)
        #expect(outcome.exitCode == 0, "\(outcome)")
        #expect(outcome.stdout == "1 file checked: 0 errors, 0 warnings\n", "\(outcome)")
    }

    @Test("--strict: a warning alone exits 0 without it and 1 with it")
    func strict() throws {
        let relaxed = try WfrunProcess.run(["validate", "unused-parameter.xml"], workingDirectory: Self.cli)
        #expect(relaxed.exitCode == 0, "\(relaxed)")
        #expect(relaxed.stdout.contains(": warning: ") && relaxed.stdout.contains("[WF061]"), "\(relaxed)")
        let strict = try WfrunProcess.run(["validate", "--strict", "unused-parameter.xml"], workingDirectory: Self.cli)
        #expect(strict.exitCode == 1, "\(strict)")
        #expect(strict.stdout.contains("[WF061]"), "\(strict)")
        let strictClean = try WfrunProcess.run(["validate", "--strict", "tiny.xml"], workingDirectory: Self.cli)
        #expect(strictClean.exitCode == 0, "\(strictClean)")
    }

    @Test(
        "usage errors exit 2",
        arguments: [
            ["validate", "--format", "yaml", "x.xml"],
            ["validate"],
            ["validate", "--no-such-flag", "tiny.xml"],
            ["graph"],
            ["graph", "--format", "png", "tiny.xml"],
            ["graph", "tiny.xml", "tiny.xml"],
            ["run"],
            [],
        ])
    func usageErrors(_ arguments: [String]) throws {
        let outcome = try WfrunProcess.run(arguments, workingDirectory: Self.cli)
        #expect(outcome.exitCode == 2, "\(outcome)")
        #expect(!outcome.stderr.isEmpty, "\(outcome)")
    }

    // The exact help of every command: HelpTextTests.

    // MARK: Folders and several paths

    @Test("a folder is searched recursively for *.xml; XML that is not a workflow is skipped")
    func folder() throws {
        try withTemporaryFolder { folder in
            let nested = folder.appendingPathComponent("nested")
            try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
            let manager = FileManager.default
            try manager.copyItem(atPath: Fixtures.path("cli/tiny.xml"), toPath: folder.appendingPathComponent("a.xml").path)
            try manager.copyItem(
                atPath: Fixtures.path("cli/dangling-transition.xml"), toPath: nested.appendingPathComponent("b.xml").path)
            try Data("<notes>not a workflow</notes>\n".utf8).write(to: folder.appendingPathComponent("notes.xml"))
            try Data("not xml at all\n".utf8).write(to: folder.appendingPathComponent("readme.txt"))

            let (outcome, report) = try WfrunProcess.validateJSON(["."], workingDirectory: folder.path)
            #expect(outcome.exitCode == 1, "\(outcome)")
            #expect(report.files.map(\.file) == ["./a.xml", "./nested/b.xml"], "\(report.files)")
            #expect(report.skipped == 1)
            #expect(report.diagnostics.map(\.code) == ["WF021"])

            let text = try WfrunProcess.run(["validate", "."], workingDirectory: folder.path)
            #expect(text.exitCode == 1)
            let counts = try #require(try text.stdout.split(separator: "\n").last.flatMap { try Self.summary($0) }, "\(text)")
            #expect(counts == (2, 1, 0))
        }
    }

    @Test("wfrun FILE is wfrun run FILE: a file with errors is refused the same way")
    func defaultSubcommandRefusesTheSame() throws {
        let explicit = try WfrunProcess.run(["run", "dangling-transition.xml"], workingDirectory: Self.cli)
        let implicit = try WfrunProcess.run(["dangling-transition.xml"], workingDirectory: Self.cli)
        #expect(explicit.exitCode != 0, "\(explicit)")
        #expect(explicit.stderr.contains("[WF021]"), "\(explicit)")
        #expect(implicit.exitCode == explicit.exitCode, "\(implicit)\n\(explicit)")
        #expect(implicit.stdout == explicit.stdout)
        #expect(implicit.stderr == explicit.stderr)
    }

    /// A valid workflow really runs (and may write a store), so each run gets a copy of the file
    /// and its own store in a temporary folder; run ids and timings differ, exit codes must not.
    @Test("wfrun FILE is wfrun run FILE: a valid workflow ends the same way")
    func defaultSubcommandRunsTheSame() throws {
        func run(_ prefix: [String]) throws -> ProcessOutcome {
            try withTemporaryFolder { folder in
                try FileManager.default.copyItem(
                    atPath: Fixtures.path("cli/tiny.xml"), toPath: folder.appendingPathComponent("tiny.xml").path)
                return try WfrunProcess.run(
                    prefix + ["tiny.xml"], workingDirectory: folder.path,
                    environment: ["WFRUN_DB": folder.appendingPathComponent("wfrun.sqlite").path])
            }
        }
        /// The output without what differs between two runs: instants and durations.
        func normalized(_ text: String) -> String {
            text.replacingOccurrences(of: #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#, with: "TIME", options: .regularExpression)
                .replacingOccurrences(of: #"\d+\.\d\d ?s\b"#, with: "DURATION", options: .regularExpression)
        }
        let explicit = try run(["run"])
        let implicit = try run([])
        #expect(explicit.exitCode == 0, "\(explicit)")
        #expect(implicit.exitCode == 0, "\(implicit)")
        #expect(explicit.stderr.contains("run 1 of tiny: succeeded in "), "\(explicit)")
        #expect(normalized(implicit.stderr) == normalized(explicit.stderr), "\(implicit)\n\(explicit)")
        #expect(implicit.stdout == explicit.stdout)
    }
}
