/// The error bodies of the Graph API: `{"error":{"message","type","code","error_subcode","fbtrace_id"}}`.
enum GraphErrors {
    static func error(
        status: Int = 400, message: String, type: String = "OAuthException", code: Int, subcode: Int? = nil,
        transient: Bool = false, trace: String
    ) -> APIResponse {
        var json = JSONWriter(capacity: 200)
        json.beginObject()
        json.key("error")
        json.beginObject()
        json.field("message", message)
        json.field("type", type)
        if transient { json.field("is_transient", true) }
        json.field("code", code)
        if let subcode { json.field("error_subcode", subcode) }
        json.field("fbtrace_id", trace)
        json.endObject()
        json.endObject()
        return APIResponse(status: status, json: json.bytes)
    }

    /// 100/33: an object that does not exist or that the token cannot see.
    static func unsupported(method: String, id: String, trace: String) -> APIResponse {
        error(
            message: "Unsupported \(method.lowercased()) request. Object with ID '\(id)' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
            type: "GraphMethodException", code: 100, subcode: 33, trace: trace)
    }

    /// 2500: path components after an edge.
    static func unknownPath(_ components: ArraySlice<String>, trace: String) -> APIResponse {
        error(message: "Unknown path components: /" + components.joined(separator: "/"), code: 2500, trace: trace)
    }

    /// 100: a field the node does not have.
    static func nonexistingField(_ field: String, node: String, trace: String) -> APIResponse {
        error(message: "(#100) Tried accessing nonexisting field (\(field)) on node type (\(node))", code: 100, trace: trace)
    }

    /// 100: a removed or unknown insights metric.
    static func invalidMetric(trace: String) -> APIResponse {
        error(message: "(#100) The value must be a valid insights metric", code: 100, trace: trace)
    }
}
