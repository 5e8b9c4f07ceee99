extension StoreError: RetryClassifiable {
    /// A database failure is transient (a lock held too long, a busy database, a serialization
    /// failure or deadlock, a lost connection); a record that does not fit its table is
    /// permanent, and so is a store that cannot be opened, unless it was only locked.
    public var retryability: Retryability {
        switch self {
        case .database:
            return .transient
        case .cannotOpen(_, let reason):
            if reason.contains("locked") { return .transient }
            return .permanent(reason: "the store cannot be opened")
        case .typeMismatch, .missingValue, .unknownColumn, .valueNotAllowed:
            return .permanent(reason: "the record does not fit its table")
        case .newerStore, .notAStore:
            return .permanent(reason: "the store is not one this wfrun can use")
        case .runLost:
            return .permanent(reason: "another process holds the run now")
        }
    }
}
