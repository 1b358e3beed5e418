public import SnapshotCodec

/// Why a snapshot could not be written.
public enum SnapshotWriterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A header label (the source revision) is empty, too long or has control characters.
    case invalidLabel(name: String, value: String)
    /// The revision is above 2^63 − 1.
    case revisionTooLarge(UInt64)
    /// A tenant's API key digest is not 64 lowercase hex digits (raw keys are never written, only digests).
    case invalidKeyDigest(tenant: String, digest: String)
    /// The signing library failed.
    case signingFailed(String)
    /// The bytes written do not load back: the policy or tenants break a rule the reader checks (for example a
    /// tenant on a tier the policy lacks). The writer never hands out a snapshot the runtime would refuse.
    case rejectedByReader(SnapshotError)

    public var description: String {
        switch self {
        case .invalidLabel(let name, let value):
            "the \(name) `\(value)` must be 1 to \(SnapshotFormat.maxLabelBytes) bytes of text without control characters"
        case .revisionTooLarge(let value):
            "the revision \(value) is too large; the largest is \(SnapshotFormat.maxRevision) (2^63 − 1)"
        case .invalidKeyDigest(let tenant, let digest):
            "tenant `\(tenant)` has the API key digest `\(digest)`, which is not 64 lowercase hex digits"
        case .signingFailed(let reason):
            "cannot sign the snapshot: \(reason)"
        case .rejectedByReader(let error):
            "the snapshot would not load: \(error)"
        }
    }
}
