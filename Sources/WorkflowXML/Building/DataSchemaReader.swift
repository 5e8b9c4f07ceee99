import WorkflowModel

/// Reads a data schema file (`Schemas/data/visitor.xml`): XML, then the data-schema grammar,
/// then values.
enum DataSchemaReader {
    /// The outcome of reading one file.
    enum Outcome {
        case schema(DataSchema)
        case failure([Diagnostic])
    }

    /// The schema in `source`, or every diagnostic that explains why not.
    static func read(_ source: SourceText) -> Outcome {
        let document: XMLDocument
        switch XMLDocumentParser.parse(source) {
        case .failure(let diagnostic): return .failure([diagnostic])
        case .success(let parsed): document = parsed
        }
        guard let root = document.root, root.name == "dataSchema", root.namespaceURI == WorkflowNamespace.data else {
            let location = document.root.map { document.location(of: $0) } ?? SourceLocation(file: source.file, line: 1, column: 1)
            return .failure([Diagnostic(.notAWorkflow, "not a data schema: the root element must be <dataSchema xmlns=\"\(WorkflowNamespace.data)\">", at: location)])
        }
        let problems = CompiledSchema.dataSchema.validate(document)
        guard problems.isEmpty else { return .failure(problems) }
        var columns: [DataColumn] = []
        var keys: [DataKey] = []
        for child in root.children {
            switch child.name {
            case "column":
                columns.append(DataColumn(
                    name: child[attribute: "name"] ?? "",
                    type: child[attribute: "type"].flatMap(DataType.init(rawValue:)) ?? .string,
                    required: child[attribute: "required"] == "true" || child[attribute: "required"] == "1",
                    allowedValues: child[attribute: "values"].map(words),
                    label: child[attribute: "label"]))
            case "key":
                keys.append(DataKey(
                    name: child[attribute: "name"],
                    columns: words(child[attribute: "columns"] ?? ""),
                    unique: !(child[attribute: "unique"] == "false" || child[attribute: "unique"] == "0")))
            default:
                break
            }
        }
        return .schema(DataSchema(name: root[attribute: "name"] ?? "", label: root[attribute: "label"], columns: columns, keys: keys))
    }
}

/// Splits a space-separated XML list.
func words(_ text: String) -> [String] {
    text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
}
