import PolicyCompiler

/// `policy.tierc`, the binary snapshot the runtime loads (docs/snapshot-format.md), through ``SnapshotWriter``:
/// with the tenants when the compile has them, signed when the options carry a key.
public struct SnapshotBackend: CompileBackend {
    /// The file it writes.
    public static let fileName = "policy.tierc"

    public init() {}

    public var name: String { "snapshot" }
    public var outputs: [OutputDeclaration] { [OutputDeclaration(path: Self.fileName)] }
    public var helpText: String {
        """
          policy.tierc   the binary snapshot the runtime loads (docs/snapshot-format.md); with --tenants it
                         carries the tenants too (API keys as SHA-256 only)
        """
    }

    public func emit(_ input: CompileInput) throws(BackendError) -> [OutputFile] {
        let writer = SnapshotWriter(revision: input.options.revision, sourceRevision: input.options.sourceRevision,
                                    signingKey: input.options.signingKey)
        do {
            return [OutputFile(path: Self.fileName, bytes: try writer.write(policy: input.policy, tenants: input.tenants))]
        } catch {
            throw .failed(backend: name, reason: "cannot write the snapshot: \(error)")
        }
    }
}
