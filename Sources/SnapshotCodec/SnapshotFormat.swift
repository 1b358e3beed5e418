/// The constants of the snapshot layout (docs/snapshot-format.md), shared by the writers and the readers of this
/// target so the two cannot drift apart.
public enum SnapshotFormat {
    /// Bytes 0–7: `TIERC`, a NUL (binary, not text) and CR LF (a transfer that rewrites line ends breaks it visibly).
    public static let magic: [UInt8] = [0x54, 0x49, 0x45, 0x52, 0x43, 0x00, 0x0D, 0x0A]
    /// The one format version this reader accepts and the writer writes. Any change to the layout bumps it.
    /// Version 2: usage prices carry `free` and the package form, bands a flat fee, tiers an optional minimum
    /// (pricing v2); tenants their subscription dates and discounts, and each API key digest its revocation day
    /// (docs/snapshot-format.md).
    public static let version: UInt16 = 2
    /// The revocation day of a key that is not revoked.
    public static let notRevoked = Int64.max
    /// Magic (8), version (2), flags (2), payload length (8).
    public static let preludeSize = 20
    /// The SHA-256 checksum after the payload.
    public static let checksumSize = 32
    /// The Ed25519 signature after the checksum, when the snapshot is signed.
    public static let signatureSize = 64
    /// The flag bit that says the snapshot ends with a signature. Every other bit must be 0.
    public static let signedFlag: UInt16 = 1
    /// The header's fingerprint: a raw SHA-256 digest.
    public static let fingerprintSize = 32
    /// The longest compiler version and source-revision label, in UTF-8 bytes.
    public static let maxLabelBytes = 256
    /// The largest revision: it must fit a signed 64-bit integer (JSON, SQL `bigint`).
    public static let maxRevision = UInt64(Int64.max)

    /// A section's tag. Sections appear at most once each, in ascending tag order; `policy` is required.
    public enum SectionTag: UInt32, Sendable, CaseIterable {
        /// The policy's canonical body (`Policy.canonicalBytes()`), whose SHA-256 is the header's fingerprint.
        case policy = 1
        /// The tenant directory: ids, tiers, API-key SHA-256 digests, subdomains. Never raw keys.
        case tenants = 2

        public var name: String {
            switch self {
            case .policy: "policy"
            case .tenants: "tenants"
            }
        }
    }

    /// Whether a label (compiler version, source revision) is acceptable: 1 to ``maxLabelBytes`` bytes of UTF-8
    /// without control characters, so that printing it cannot drive a terminal.
    public static func isValidLabel(_ text: String) -> Bool {
        let count = text.utf8.count
        return count >= 1 && count <= maxLabelBytes
            && !text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }
}
