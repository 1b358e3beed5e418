public import PolicyModel
import SnapshotCodec

/// Writes a policy snapshot (`policy.tierc`, docs/snapshot-format.md): prelude, header, the policy's canonical
/// body, the optional tenants, a SHA-256 checksum of every preceding byte (all encoded by `Snapshot.encode` of
/// SnapshotCodec) and, with a signing key, an Ed25519 signature of every byte before it. Deterministic: no timestamp, no randomness, so the same policy, tenants
/// and options give the same bytes on every run and machine.
///
///     let bytes = try SnapshotWriter(revision: 7, sourceRevision: "3f2a1c9").write(policy: policy, tenants: tenants)
public struct SnapshotWriter: Sendable {
    /// The revision recorded in the header (`--revision`), at most 2^63 − 1.
    public var revision: UInt64
    /// A provenance label recorded in the header (`--source-revision`, e.g. a git commit).
    public var sourceRevision: String?
    /// Signs the snapshot when set (`--sign-key`).
    public var signingKey: SnapshotSigningKey?
    /// The compiler version recorded in the header.
    public var compilerVersion: String

    public init(revision: UInt64 = 0, sourceRevision: String? = nil, signingKey: SnapshotSigningKey? = nil,
                compilerVersion: String = PolicyCompiler.version) {
        self.revision = revision
        self.sourceRevision = sourceRevision
        self.signingKey = signingKey
        self.compilerVersion = compilerVersion
    }

    /// The snapshot's bytes. They are loaded back before they are returned (verifying the signature with the
    /// signing key's public key), so a snapshot this returns is one the runtime accepts.
    public func write(policy: Policy, tenants: TenantDirectory? = nil) throws(SnapshotWriterError) -> [UInt8] {
        guard revision <= SnapshotFormat.maxRevision else { throw .revisionTooLarge(revision) }
        guard SnapshotFormat.isValidLabel(compilerVersion) else {
            throw .invalidLabel(name: "compiler version", value: compilerVersion)
        }
        if let sourceRevision, !SnapshotFormat.isValidLabel(sourceRevision) {
            throw .invalidLabel(name: "source revision", value: sourceRevision)
        }
        var bytes: [UInt8]
        do {
            bytes = try Snapshot.encode(policy: policy, tenants: tenants, revision: revision, sourceRevision: sourceRevision,
                                        compilerVersion: compilerVersion, signed: signingKey != nil)
        } catch {
            switch error {
            case .invalidKeyDigest(let tenant, let digest): throw .invalidKeyDigest(tenant: tenant, digest: digest)
            }
        }
        if let signingKey { bytes += try signingKey.signature(for: bytes) }

        let requirement: SignatureRequirement = signingKey.map { .require($0.publicKey) } ?? .ignore
        do {
            _ = try Snapshot.load(bytes, signature: requirement)
        } catch {
            throw .rejectedByReader(error)
        }
        return bytes
    }
}
