/// The codes of problems that `tierc compile`'s backends find in a policy that passed the check
/// (docs/pipeline.md#backends).
extension DiagnosticCode {
    /// A value that an output of the compile (e.g. Policy.swift) cannot hold.
    public static let unrepresentableValue: DiagnosticCode = "unrepresentable-value"
    /// A backend that could not build its output for another reason (e.g. the snapshot's writer refused it).
    public static let backendFailed: DiagnosticCode = "backend-failed"
}
