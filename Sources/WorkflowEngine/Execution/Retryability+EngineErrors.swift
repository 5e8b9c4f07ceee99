import WorkflowModel

// The engine's own errors, classified: what comes from the workflow's definition or its data is
// permanent; what comes from reading a file (which may appear, be unlocked or be rewritten
// between attempts) is transient.

extension EvaluationError: RetryClassifiable {
    /// Permanent: the same expression on the same data fails the same way.
    public var retryability: Retryability {
        .permanent(reason: "the expression fails on this data")
    }
}

extension RunError: RetryClassifiable {
    /// Permanent: parameters and plug-ins do not change between attempts.
    public var retryability: Retryability {
        .permanent(reason: "the run's parameters or activities are wrong")
    }
}

extension ActivitySetupError: RetryClassifiable {
    /// Permanent: the definition does not change between attempts.
    public var retryability: Retryability { .permanent(reason: ActivityError.definitionReason) }
}

extension FileConnectorError: RetryClassifiable {
    /// Opening or reading the file is transient (an I/O error, a file not there yet); a wrong
    /// parameter, malformed content or a checkpoint that does not fit the file is permanent.
    public var retryability: Retryability {
        switch self {
        case .cannotOpen, .cannotRead:
            .transient
        case .badParameter:
            .permanent(reason: ActivityError.definitionReason)
        case .malformed:
            .permanent(reason: "the file's content is malformed")
        case .badCheckpoint:
            .permanent(reason: "the run's checkpoint does not fit the file (run again with --restart)")
        }
    }
}
