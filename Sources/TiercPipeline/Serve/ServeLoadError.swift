import PolicyCheck
import PolicySource

/// Why `tierc serve` cannot decide by a policy (docs/pipeline.md#serving-a-policy). At start the executable shows
/// it in full (the diagnostics, as every command); a reload logs ``description``, one line.
public enum ServeLoadError: Error, Sendable, CustomStringConvertible {
    /// A tiers.yaml where `--require-signature` asks for a signed snapshot.
    case unsignedPolicy(file: String)
    /// The front end refused the policy or its tenants file.
    case rejected(PolicyLoadError)
    /// The policy loaded, but there are no tenants to decide for: a snapshot compiled without them (or a tiers.yaml)
    /// and no tenants file.
    case noTenants(LoadedPolicy)

    /// The one line a failed reload logs and shows in `last_reload_error` (docs/serve.md#reload): the first error
    /// as `FILE:LINE:COLUMN: CODE: MESSAGE (and N more errors)`, a snapshot's finding as `FILE: MESSAGE`; text from
    /// the files is made safe for a terminal (``UntrustedText/safe(_:)``).
    public var description: String {
        switch self {
        case .unsignedPolicy(let file):
            "\(file): --require-signature needs a signed snapshot; a tiers.yaml carries no signature"
        case .rejected(let error):
            Self.line(error)
        case .noTenants(let loaded):
            loaded.isSnapshot ? "\(loaded.file): compiled without tenants and no --tenants given"
                : "\(loaded.file): not a valid input"
        }
    }

    /// The line of a refused load: the check's first error, with how many more there are, or the snapshot's finding.
    static func line(_ error: PolicyLoadError) -> String {
        switch error {
        case .rejected(let result, _):
            guard result.hasErrors else { return "\(result.sources.first?.name ?? "the input"): not a valid input" }
            // The first error as ``PolicyLoadError/description`` says it, with how many more there are.
            let more = result.errorCount - 1
            let suffix = more > 0 ? " (and \(more) more error\(more == 1 ? "" : "s"))" : ""
            return UntrustedText.safe(error.description + suffix)
        case .snapshotTooLarge, .invalidSnapshot:
            // docs/diagnostics.md, "Findings in a snapshot": the message may quote the file's bytes.
            return error.diagnostics.map { "\($0.file): \(UntrustedText.safe($0.message))" }.joined(separator: "; ")
        }
    }
}
