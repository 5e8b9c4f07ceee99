import Foundation
import Synchronization
import WorkflowModel
import WorkflowXML

/// The outcome of checking a set of files, in the three output formats.
struct ValidationReport {
    /// One checked file.
    struct FileResult {
        var path: String
        var diagnostics: [Diagnostic]
        var source: SourceText?
        /// The folder given whose expansion found it, if it was found so.
        var folder: String?
    }

    var files: [FileResult] = []
    var skipped = 0

    var errorCount: Int { files.reduce(0) { $0 + $1.diagnostics.filter { $0.severity == .error }.count } }
    var warningCount: Int { files.reduce(0) { $0 + $1.diagnostics.filter { $0.severity == .warning }.count } }

    /// Checks every entry, files in parallel on every core, reported in the order given.
    static func check(_ entries: [WorkflowFiles.Entry]) -> ValidationReport {
        let outcomes = Mutex([WorkflowLoader.Outcome?](repeating: nil, count: entries.count))
        DispatchQueue.concurrentPerform(iterations: entries.count) { index in
            guard case .file(let path, _) = entries[index] else { return }
            var outcome = Installed.loader.load(path: path)
            // Keep only what the report shows, so memory stays flat over thousands of files.
            outcome.workflow = nil
            if outcome.diagnostics.isEmpty { outcome.source = nil }
            outcomes.withLock { $0[index] = outcome }
        }
        let loaded = outcomes.withLock { $0 }
        var report = ValidationReport()
        for (entry, outcome) in zip(entries, loaded) {
            switch entry {
            case .missing(let diagnostic):
                report.files.append(FileResult(path: diagnostic.location.file, diagnostics: [diagnostic]))
            case .file(let path, let folder):
                guard let outcome else { continue }
                if folder != nil, outcome.diagnostics.count == 1, outcome.diagnostics[0].code == .notAWorkflow,
                    !outcome.diagnostics[0].message.hasPrefix("<workflow>")
                {
                    report.skipped += 1
                    continue
                }
                report.files.append(FileResult(path: path, diagnostics: outcome.diagnostics, source: outcome.source, folder: folder))
            }
        }
        return report
    }

    func text() -> String {
        var blocks = files.flatMap { file in file.diagnostics.map { DiagnosticRenderer.text($0, source: file.source) } }
        blocks.append(summary())
        return blocks.joined(separator: "\n") + "\n"
    }

    func github() -> String {
        let lines = files.flatMap { $0.diagnostics.map(DiagnosticRenderer.github) } + [summary()]
        return lines.joined(separator: "\n") + "\n"
    }

    func json() -> String {
        struct FileSummary: Encodable {
            var file: String
            var errors: Int
            var warnings: Int
        }
        struct Document: Encodable {
            var files: [FileSummary]
            var diagnostics: [DiagnosticRenderer.Record]
            var errors: Int
            var warnings: Int
            var skipped: Int
        }
        let document = Document(
            files: files.map { file in
                FileSummary(
                    file: file.path,
                    errors: file.diagnostics.filter { $0.severity == .error }.count,
                    warnings: file.diagnostics.filter { $0.severity == .warning }.count)
            },
            diagnostics: files.flatMap { $0.diagnostics.map(DiagnosticRenderer.Record.init) },
            errors: errorCount, warnings: warningCount, skipped: skipped)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(document)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    private func summary() -> String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        var text = "\(plural(files.count, "file")) checked: \(plural(errorCount, "error")), \(plural(warningCount, "warning"))"
        if skipped > 0 { text += " (\(plural(skipped, "XML file")) that are not workflows skipped)" }
        return text
    }
}
