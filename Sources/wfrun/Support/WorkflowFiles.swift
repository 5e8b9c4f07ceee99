import Foundation
import WorkflowModel

/// Expands the paths given to `validate`: files as they are, folders recursively to their
/// `*.xml` files, sorted so output is stable.
enum WorkflowFiles {
    /// A path to check, or a diagnostic when the path does not exist.
    enum Entry {
        /// A file to check; `folder` is the folder given whose expansion found it (then an XML
        /// file that is not a workflow at all, such as a data schema, is skipped rather than reported).
        case file(String, folder: String?)
        case missing(Diagnostic)
    }

    static func expand(_ paths: [String]) -> [Entry] {
        var entries: [Entry] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                entries.append(.missing(Diagnostic(
                    .unreadableFile, "\(path) does not exist; check the path",
                    at: SourceLocation(file: path, line: 1, column: 1))))
                continue
            }
            guard isDirectory.boolValue else {
                entries.append(.file(path, folder: nil))
                continue
            }
            entries += xmlFiles(under: path).map { .file($0, folder: path) }
        }
        return entries
    }

    /// The paths among `paths` that are folders (as given).
    static func folders(in paths: [String]) -> [String] {
        paths.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    private static func xmlFiles(under folder: String) -> [String] {
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".xml") else { continue }
            let path = base + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }
}
