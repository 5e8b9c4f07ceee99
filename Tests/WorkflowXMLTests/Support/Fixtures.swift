import Foundation
import SocialConnectors
import WorkflowEngine
import WorkflowModel
import WorkflowXML

/// Paths and a loader for the fixtures beside these tests.
enum Fixtures {
    /// Tests/WorkflowXMLTests/Fixtures
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The repository root (the folder holding Package.swift).
    static let repository = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A loader with every connector of the build, as the CLI has.
    static let loader = WorkflowLoader(
        schemas: .builtIn,
        connectors: ConnectorCatalog([XConnector.descriptor, FacebookConnector.descriptor, FileConnector.descriptor, LinksConnector.descriptor]))

    /// Loads `Fixtures/<name>`.
    static func load(_ name: String) -> WorkflowLoader.Outcome {
        loader.load(path: folder.appendingPathComponent(name).path)
    }

    /// Loads XML text written in a test.
    static func load(text: String, file: String = "inline.xml") -> WorkflowLoader.Outcome {
        loader.load(SourceText(file: file, bytes: Array(text.utf8)))
    }
}

/// A diagnostic reduced to what tests compare: code, line, column.
struct Finding: Equatable, CustomStringConvertible {
    var code: String
    var line: Int
    var column: Int

    init(_ code: String, _ line: Int, _ column: Int) {
        self.code = code
        self.line = line
        self.column = column
    }

    init(_ diagnostic: Diagnostic) {
        self.init(diagnostic.code.rawValue, diagnostic.location.line, diagnostic.location.column)
    }

    var description: String { "\(code)@\(line):\(column)" }
}
