import WorkflowModel

/// Reads workflow files the one way wfrun reads them: bytes, libxml2 with safe options, the
/// workflow grammar, model values, then lint. `validate`, `graph` and `run` all go through it.
public struct WorkflowLoader: Sendable {
    /// What loading a file gave: the workflow when it could be built, and every diagnostic.
    public struct Outcome: Sendable {
        /// The workflow, when the file was well-formed and followed the grammar (it may still
        /// have lint errors: check `diagnostics.hasErrors` before running it).
        public var workflow: Workflow?
        /// Every finding, in file order.
        public var diagnostics: [Diagnostic]
        /// The file's text, for showing the lines of diagnostics.
        public var source: SourceText?
    }

    /// The lint configuration: which data schemas and connectors exist.
    public let linter: Linter

    /// Creates a loader.
    public init(schemas: DataSchemaLibrary = .builtIn, connectors: ConnectorCatalog) {
        linter = Linter(schemas: schemas, connectors: connectors)
    }

    /// Reads and checks the file at `path`.
    public func load(path: String) -> Outcome {
        switch SourceFile.read(path) {
        case .failure(let diagnostic): Outcome(workflow: nil, diagnostics: [diagnostic], source: nil)
        case .success(let source): load(source)
        }
    }

    /// Reads and checks a file's text.
    public func load(_ source: SourceText) -> Outcome {
        // The libxml2 tree is freed when `build` returns, before lint: it is the largest thing
        // in memory, and lint needs only the model.
        switch build(source) {
        case .failure(let failure):
            return Outcome(workflow: nil, diagnostics: failure.diagnostics, source: source)
        case .success(let (workflow, builderDiagnostics)):
            let diagnostics = (builderDiagnostics + linter.lint(workflow, source: source)).sorted()
            return Outcome(workflow: workflow, diagnostics: diagnostics, source: source)
        }
    }

    /// Parses, checks the grammar and builds the model; the diagnostics that stop it otherwise.
    private func build(_ source: SourceText) -> Result<(Workflow, [Diagnostic]), LoadFailure> {
        let document: XMLDocument
        switch XMLDocumentParser.parse(source) {
        case .failure(let diagnostic): return .failure(LoadFailure([diagnostic]))
        case .success(let parsed): document = parsed
        }
        guard let root = document.root, root.name == "workflow", root.namespaceURI == WorkflowNamespace.workflow else {
            return .failure(LoadFailure([notAWorkflow(document)]))
        }
        let grammarProblems = CompiledSchema.workflow.validate(document)
        guard grammarProblems.isEmpty else { return .failure(LoadFailure(grammarProblems.sorted())) }
        var builder = WorkflowBuilder(document: document)
        let workflow = builder.build(root)
        return .success((workflow, builder.diagnostics))
    }

    /// The diagnostics that stopped a load before lint.
    private struct LoadFailure: Error {
        var diagnostics: [Diagnostic]
        init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    }

    private func notAWorkflow(_ document: XMLDocument) -> Diagnostic {
        let start = SourceLocation(file: document.source.file, line: 1, column: 1)
        guard let root = document.root else {
            return Diagnostic(.notAWorkflow, "the file has no root element", at: start)
        }
        let expected = "<workflow xmlns=\"\(WorkflowNamespace.workflow)\" name=\"…\">"
        let message = if root.name == "workflow" {
            "<workflow> is not in the wfrun namespace (it is \(root.namespaceURI.map { "'\($0)'" } ?? "in none")); write \(expected)"
        } else {
            "the root element is <\(root.name)>, so this is not a wfrun workflow; a workflow starts with \(expected)"
        }
        return Diagnostic(.notAWorkflow, message, at: document.location(of: root))
    }
}
