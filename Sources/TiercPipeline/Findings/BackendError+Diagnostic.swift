public import PolicySource

extension BackendError {
    /// The findings of a backend that produced no output (docs/pipeline.md#backends), on the policy file `file`:
    /// one `unrepresentable-value` per value the output cannot hold, with the reason as a note, or one
    /// `backend-failed`. The backends name values, not places, so the findings point at the start of the file.
    public func diagnostics(file: String) -> [Diagnostic] {
        switch self {
        case .unrepresentable(_, let problems, let reason):
            problems.map {
                Diagnostic(.error, .unrepresentableValue, $0, file: file, range: .fileStart,
                           notes: [DiagnosticNote("not compiled: \(reason)")])
            }
        case .failed(_, let reason):
            [Diagnostic(.error, .backendFailed, reason, file: file, range: .fileStart)]
        }
    }
}
