/// Why a backend produced no output (docs/pipeline.md#backends). Either way nothing of the compile is written.
public enum BackendError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The policy holds values this backend's output cannot represent: every one of them (`problems`), and what
    /// that means (`reason`, e.g. "Policy.swift cannot represent these values"). Reported before any `failed`.
    case unrepresentable(backend: String, problems: [String], reason: String)
    /// The backend failed for another reason, worded for the user (e.g. "cannot write the snapshot: …").
    case failed(backend: String, reason: String)

    /// The backend's ``CompileBackend/name``.
    public var backend: String {
        switch self {
        case .unrepresentable(let backend, _, _), .failed(let backend, _): backend
        }
    }

    public var description: String {
        switch self {
        case .unrepresentable(_, let problems, let reason): (problems + ["not compiled: \(reason)"]).joined(separator: "\n")
        case .failed(_, let reason): reason
        }
    }
}
