import WorkflowEngine

// Errors of the services file, secrets and fetch parameters: configuration, which no retry
// changes.

extension SecretError: RetryClassifiable {
    /// Permanent: a secret that is unset, unreadable or readable by others stays so until a
    /// person acts.
    public var retryability: Retryability { .permanent(reason: ConnectorFailure.secretReason) }
}

extension ServiceSelectionError: RetryClassifiable {
    /// Permanent: the `services` selection names services the file does not declare.
    public var retryability: Retryability { .permanent(reason: "a configuration error (the services selection)") }
}

extension ServicesFileError: RetryClassifiable {
    /// Permanent: the services file has errors.
    public var retryability: Retryability { .permanent(reason: "a configuration error (the services file)") }
}

extension XConnectorError: RetryClassifiable {
    /// Permanent: a wrong parameter or a checkpoint of another fetch.
    public var retryability: Retryability {
        switch self {
        case .badParameter: .permanent(reason: "a defect of the workflow's definition")
        case .badCheckpoint: .permanent(reason: "the run's checkpoint does not fit this fetch (run again with --restart)")
        }
    }
}

extension FacebookConnectorError: RetryClassifiable {
    /// Permanent: an unknown resource, a wrong parameter or a checkpoint of another fetch.
    public var retryability: Retryability {
        switch self {
        case .unknownResource, .badParameter: .permanent(reason: "a defect of the workflow's definition")
        case .badCheckpoint: .permanent(reason: "the run's checkpoint does not fit this fetch (run again with --restart)")
        }
    }
}

extension HTTPTransportError: RetryClassifiable {
    /// Transient (a timeout, a reset, a refused connection may pass), except a response larger
    /// than allowed, which will be as large next time.
    public var retryability: Retryability {
        kind == .responseTooLarge ? .permanent(reason: "the response is larger than allowed") : .transient
    }
}
