import WorkflowModel

/// WF026–WF029: `map`, `upsert` and `query` name real data schemas, map only to columns that
/// exist (and literals only to values a column allows), and upsert by a real unique key.
struct DataSchemaRule: LintRule {
    func check(_ context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for activity in context.workflow.activities {
            switch activity.kind {
            case .upsert:
                guard let schema = schema(of: activity, context, into: &diagnostics) else { continue }
                checkKey(of: activity, schema, into: &diagnostics)
                checkSynchronization(of: activity, schema, into: &diagnostics)
            case .query:
                _ = schema(of: activity, context, into: &diagnostics)
            case .map:
                let targets: [DataSchema]
                if activity.attributes["schema"] != nil {
                    targets = schema(of: activity, context, into: &diagnostics).map { [$0] } ?? []
                } else {
                    targets = activity.transitions
                        .filter { $0.kind == .next }
                        .compactMap { context.workflow.activity(named: $0.target) }
                        .filter { $0.kind == .upsert }
                        .compactMap { $0["schema"].flatMap { context.schemas[$0] } }
                }
                for schema in targets {
                    checkFields(of: activity, against: schema, context, into: &diagnostics)
                }
            default:
                continue
            }
        }
        return diagnostics
    }

    private func schema(of activity: Activity, _ context: LintContext, into diagnostics: inout [Diagnostic]) -> DataSchema? {
        guard let value = activity.attributes["schema"] else { return nil }
        if let schema = context.schemas[value.text] { return schema }
        diagnostics.append(Diagnostic(
            .unknownSchema,
            "there is no data schema '\(value.text)'" + NameSuggestion.advice(for: value.text, in: context.schemas.names, otherwise: "known schemas: \(context.schemas.names.joined(separator: ", "))"),
            at: value.valueLocation))
        return nil
    }

    private func checkFields(of activity: Activity, against schema: DataSchema, _ context: LintContext, into diagnostics: inout [Diagnostic]) {
        let columns = schema.columns.map(\.name)
        for field in activity.settings(named: "field") {
            guard let name = field.attributes["name"] else { continue }
            if let column = schema.column(named: name.text) {
                checkLiteral(of: field, column, in: schema, context, into: &diagnostics)
                continue
            }
            diagnostics.append(Diagnostic(
                .unknownField,
                "data schema '\(schema.name)' has no column '\(name.text)'" + NameSuggestion.advice(for: name.text, in: columns, otherwise: "its columns are \(columns.joined(separator: ", "))"),
                at: name.valueLocation))
        }
    }

    /// A field whose whole value is a literal must be one of the column's allowed values; a
    /// computed value is checked by the store, record by record.
    private func checkLiteral(of field: ActivitySetting, _ column: DataColumn, in schema: DataSchema, _ context: LintContext, into diagnostics: inout [Diagnostic]) {
        guard let allowed = column.allowedValues, let value = field.attributes["value"],
              let expression = try? Expression(parsing: value.text),
              case .literal(let literal) = expression.root.kind,
              !column.allows(literal), let text = literal.text
        else { return }
        diagnostics.append(Diagnostic(
            .valueNotAllowed,
            "'\(text)' is not an allowed value of \(schema.name).\(column.name); the allowed values are \(allowed.joined(separator: ", "))",
            at: context.location(in: value, offset: expression.root.offset)))
    }

    private func checkKey(of activity: Activity, _ schema: DataSchema, into diagnostics: inout [Diagnostic]) {
        guard let key = activity.attributes["key"] else { return }
        let keyColumns = words(key.text)
        let columns = schema.columns.map(\.name)
        for column in keyColumns {
            if schema.column(named: column) == nil {
                diagnostics.append(Diagnostic(
                    .unknownField,
                    "data schema '\(schema.name)' has no column '\(column)'\(NameSuggestion.hint(for: column, in: columns))",
                    at: key.valueLocation.advanced(in: column, of: key.text)))
                return
            }
        }
        guard !schema.isUniqueKey(keyColumns) else { return }
        let unique = schema.uniqueKeys.map { "\"\($0.columns.joined(separator: " "))\"" }.joined(separator: " or ")
        diagnostics.append(Diagnostic(
            .keyNotUnique,
            "key=\"\(key.text)\" is not a unique key of '\(schema.name)', so an upsert could match several rows; use \(unique)",
            at: key.valueLocation))
    }
}

extension DataSchemaRule {
    /// `keep`, `endMissing` and `scope` name columns of the schema; `endMissing` a timestamp
    /// one, in a schema with the `seen_run` column it needs.
    func checkSynchronization(of activity: Activity, _ schema: DataSchema, into diagnostics: inout [Diagnostic]) {
        let columns = schema.columns.map(\.name)
        for attribute in ["keep", "endMissing", "scope"] {
            guard let value = activity.attributes[attribute] else { continue }
            for column in words(value.text) where schema.column(named: column) == nil {
                diagnostics.append(Diagnostic(
                    .unknownField,
                    "\(attribute): data schema '\(schema.name)' has no column '\(column)'\(NameSuggestion.hint(for: column, in: columns))",
                    at: value.valueLocation.advanced(in: column, of: value.text)))
            }
        }
        guard let endMissing = activity.attributes["endMissing"], let column = schema.column(named: endMissing.text) else { return }
        if column.type != .timestamp {
            diagnostics.append(Diagnostic(
                .unknownField,
                "endMissing: column '\(endMissing.text)' of '\(schema.name)' is \(column.type.rawValue), not a timestamp; name the timestamp column to set when a row is no longer seen",
                at: endMissing.valueLocation))
        }
        if schema.column(named: "seen_run") == nil {
            diagnostics.append(Diagnostic(
                .unknownField,
                "endMissing needs data schema '\(schema.name)' to have an integer column seen_run (which run last wrote each row); add <column name=\"seen_run\" type=\"integer\"/>",
                at: endMissing.valueLocation))
        }
    }
}

extension SourceLocation {
    /// This location moved to where `word` starts inside `text` (a single-line attribute value).
    func advanced(in word: String, of text: String) -> SourceLocation {
        guard let range = text.range(of: word) else { return self }
        var moved = self
        moved.column += text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
        return moved
    }
}
