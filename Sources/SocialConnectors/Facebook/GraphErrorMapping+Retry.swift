import WorkflowEngine

extension GraphErrorMapping {
    /// Why a Graph error that `outcome` judged a failure (not a limit, not transient) is not
    /// retried by the fetch's `<retry>`, by its code: Facebook answers some errors with a 2xx, so
    /// the status alone does not say.
    static func permanence(status: Int, code: Int?) -> String {
        switch code {
        case 190?: "the credentials were refused (Graph code 190: the page access token is no longer valid)"
        case let code? where (200...299).contains(code): "access was refused (Graph code \(code): a permission is missing)"
        case 368?: "Facebook blocks this action for a while (Graph code 368)"
        case let code?: "the request was refused (HTTP \(status), Graph code \(code))"
        case nil: "the request was refused (HTTP \(status))"
        }
    }
}
