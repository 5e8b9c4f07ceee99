import Foundation
import WorkflowModel
import WorkflowXML

/// The workflows of the served folder, reloaded when their files change: a valid file is served,
/// an invalid one is reported with its diagnostics and skipped (the others keep firing), a removed
/// one stops firing. XML files that are not workflows (data schemas, services files) are ignored.
struct WorkflowCatalog: Sendable {
    /// One served workflow.
    struct Entry: Sendable {
        let file: String
        let workflow: Workflow
        /// Nil when the workflow has no scheduler (it runs only when triggered).
        let schedule: Schedule?
    }

    /// What a scan found that the log should tell.
    enum Change: Sendable {
        case loaded(Entry)
        case reloaded(Entry)
        case removed(name: String, file: String)
        case invalid(file: String, diagnostics: [String])
    }

    let folder: String
    /// By workflow name.
    private(set) var entries: [String: Entry] = [:]
    /// Each file's size and modification time at its last load, and the name it defined.
    private var seen: [String: (stamp: FileStamp, name: String?)] = [:]

    init(folder: String) {
        self.folder = folder
    }

    /// Rereads the files that changed since the last scan.
    mutating func scan() -> [Change] {
        var changes: [Change] = []
        let files = WorkflowFiles.expand([folder]).compactMap { entry -> String? in
            if case .file(let path, _) = entry { return path }
            return nil
        }
        let present = Set(files)
        for (file, previous) in seen where !present.contains(file) {
            seen[file] = nil
            if let name = previous.name, entries[name]?.file == file {
                entries[name] = nil
                changes.append(.removed(name: name, file: file))
            }
        }
        for file in files {
            let stamp = FileStamp(path: file)
            if let previous = seen[file], previous.stamp == stamp { continue }
            let previousName = seen[file]?.name
            let outcome = Installed.loader.load(path: file)
            if outcome.diagnostics.contains(where: { $0.code == .notAWorkflow }) {
                seen[file] = (stamp, nil)
                continue
            }
            guard let workflow = outcome.workflow, !outcome.diagnostics.hasErrors else {
                if let previousName, entries[previousName]?.file == file { entries[previousName] = nil }
                seen[file] = (stamp, nil)
                // The first line of each (file:line:column: error: message [code]): one event, one line.
                let text = outcome.diagnostics.filter { $0.severity == .error }.map {
                    String(DiagnosticRenderer.text($0, source: outcome.source).prefix { $0 != "\n" })
                }
                changes.append(.invalid(file: file, diagnostics: text))
                continue
            }
            if let other = entries[workflow.name], other.file != file {
                seen[file] = (stamp, nil)
                changes.append(.invalid(file: file, diagnostics: [
                    "\(file): workflow \(workflow.name) is already served from \(other.file); give it another name",
                ]))
                continue
            }
            let schedule: Schedule?
            do {
                schedule = try Schedule.of(workflow)
            } catch {
                seen[file] = (stamp, nil)
                changes.append(.invalid(file: file, diagnostics: ["\(file): \(error)"]))
                continue
            }
            if let previousName, previousName != workflow.name, entries[previousName]?.file == file {
                entries[previousName] = nil
                changes.append(.removed(name: previousName, file: file))
            }
            let entry = Entry(file: file, workflow: workflow, schedule: schedule)
            let known = entries[workflow.name] != nil
            entries[workflow.name] = entry
            seen[file] = (stamp, workflow.name)
            changes.append(known ? .reloaded(entry) : .loaded(entry))
        }
        return changes
    }
}

/// A file's size and modification time, to notice that it changed.
struct FileStamp: Equatable, Sendable {
    let size: UInt64
    let modified: Date?

    init(path: String) {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        size = (attributes?[.size] as? NSNumber)?.uint64Value ?? 0
        modified = attributes?[.modificationDate] as? Date
    }
}
