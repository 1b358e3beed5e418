public import PolicyModel
import PolicyRuntime
import Crypto

/// Writes a policy snapshot (`policy.tierc`, docs/snapshot-format.md): prelude, header, the policy's canonical
/// body, the optional tenants, a SHA-256 checksum of every preceding byte and, with a signing key, an Ed25519
/// signature of every byte before it. Deterministic: no timestamp, no randomness, so the same policy, tenants
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
        let body = policy.canonicalBytes()
        var sections: [(SnapshotFormat.SectionTag, [UInt8])] = [(.policy, body)]
        if let tenants { sections.append((.tenants, try TenantSectionWriter.bytes(tenants))) }

        var payload = CanonicalWriter()
        payload.raw(SHA256.hash(data: body))
        payload.u64(revision)
        payload.string(policy.name)
        payload.string(compilerVersion)
        payload.optionalString(sourceRevision)
        payload.u32(UInt32(sections.count))
        for (tag, bytes) in sections {
            payload.u32(tag.rawValue)
            payload.u64(UInt64(bytes.count))
            payload.raw(bytes)
        }

        var file = CanonicalWriter()
        file.raw(SnapshotFormat.magic)
        file.u16(SnapshotFormat.version)
        file.u16(signingKey == nil ? 0 : SnapshotFormat.signedFlag)
        file.u64(UInt64(payload.bytes.count))
        file.raw(payload.bytes)
        file.raw(SHA256.hash(data: file.bytes))
        if let signingKey { file.raw(try signingKey.signature(for: file.bytes)) }

        let requirement: SignatureRequirement = signingKey.map { .require($0.publicKey) } ?? .ignore
        do {
            _ = try Snapshot.load(file.bytes, signature: requirement)
        } catch {
            throw .rejectedByReader(error)
        }
        return file.bytes
    }
}
