import Foundation
import WorkflowModel

/// Reads records from a local file beside the workflow: JSON Lines, a JSON array, or CSV with a
/// header row. Useful on its own (import a contact list) and the way to test the engine offline.
///
///     <fetch name="readContacts" connector="file" resource="records" path="contacts.csv"/>
///
/// `path` is relative to the workflow file's folder (or absolute); `format` defaults from the
/// extension (`.jsonl`/`.ndjson`, `.json`, `.csv`). The file is streamed in chunks, never read
/// whole, and each batch's checkpoint is the byte offset after its last record.
public struct FileConnector: Connector {
    /// What the connector offers, checked by `validate`.
    public static let descriptor = ConnectorDescriptor(
        name: "file",
        label: "Local files",
        resources: [
            ResourceDescriptor(
                name: "records", direction: .fetch,
                summary: "the records of a JSON Lines, JSON array or CSV file",
                parameters: [
                    ResourceParameter(name: "path", kind: .string, required: true, summary: "the file, relative to the workflow file"),
                    ResourceParameter(
                        name: "format", kind: .string, allowedValues: ["jsonl", "json", "csv"],
                        summary: "the file's format (default: from its extension)"),
                ],
                fields: nil)
        ])

    /// What the connector offers (the same as `FileConnector.descriptor`).
    public var descriptor: ConnectorDescriptor { Self.descriptor }

    /// Creates the connector.
    public init() {}

    /// Opens the file of a `records` fetch; fails at once when it cannot be read.
    public func open(_ request: FetchRequest) async throws -> any BatchSource {
        guard request.resource == "records" else {
            throw FileConnectorError.badParameter("the file connector has no resource '\(request.resource)'; it reads resource=\"records\"")
        }
        guard let written = request.parameters["path"], !written.isEmpty else {
            throw FileConnectorError.badParameter("the file connector needs path=\"…\", the file to read")
        }
        let path = Self.resolve(written, in: request.workflowDirectory)
        try Self.checkReadable(path, written: written, directory: request.workflowDirectory)
        let format = try FileFormat(parameter: request.parameters["format"], path: written)
        return try FileRecordSource(
            path: path, format: format, source: request.source, batchSize: request.batchSize, resumeAfter: request.resumeAfter)
    }

    /// `path` as written, resolved against the workflow's folder unless absolute.
    static func resolve(_ path: String, in directory: String) -> String {
        if path.hasPrefix("/") || directory.isEmpty { return path }
        return URL(fileURLWithPath: directory).appendingPathComponent(path).path
    }

    /// Throws a message saying what to do when `path` is not a readable file.
    private static func checkReadable(_ path: String, written: String, directory: String) throws {
        var isDirectory: ObjCBool = false
        let relativeNote = written.hasPrefix("/") ? "" : " (path=\"\(written)\" is relative to the workflow file's folder, \(directory.isEmpty ? "." : directory))"
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileConnectorError.cannotOpen(path: path, reason: "there is no such file\(relativeNote); check path=\"…\" in the fetch")
        }
        guard !isDirectory.boolValue else {
            throw FileConnectorError.cannotOpen(path: path, reason: "it is a folder; path=\"…\" must name a file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw FileConnectorError.cannotOpen(path: path, reason: "permission denied; make it readable by the user running wfrun")
        }
    }
}
