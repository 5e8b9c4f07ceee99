import WorkflowEngine
import WorkflowModel

/// A run's parameters as the `run.parameters` column holds them: a JSON object of strings, keys
/// sorted.
enum RunParametersText {
    /// The JSON text of `parameters`.
    static func encode(_ parameters: [String: String]) -> String {
        ExpressionValue.object(parameters.mapValues(ExpressionValue.string)).json
    }

    /// The parameters that `text` holds.
    static func decode(_ text: String) throws(StoreError) -> [String: String] {
        guard case .object(let fields)? = try? JSONReader.value(from: text) else {
            throw StoreError.database("run parameters are not a JSON object: \(text)")
        }
        return fields.mapValues { $0.text ?? "" }
    }
}
