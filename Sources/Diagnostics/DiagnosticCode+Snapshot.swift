/// The codes of problems of a compiled snapshot and of key files, found by `tierc inspect` and by `simulate`,
/// `diff` and `serve` loading a snapshot (docs/snapshot-format.md, "Errors"). A snapshot has no lines: these
/// findings are located by byte offset (``ByteSpan``).
extension DiagnosticCode {
    /// The file starts like a snapshot but is larger than any snapshot tierc writes.
    public static let snapshotTooLarge: DiagnosticCode = "snapshot-too-large"
    /// The first bytes are not the snapshot magic.
    public static let notASnapshot: DiagnosticCode = "not-a-snapshot"
    /// The bytes end before the snapshot does.
    public static let truncatedSnapshot: DiagnosticCode = "truncated-snapshot"
    /// A format version this tierc does not read.
    public static let unsupportedSnapshotVersion: DiagnosticCode = "unsupported-snapshot-version"
    /// The stored SHA-256 differs from the hash of the bytes before it.
    public static let checksumMismatch: DiagnosticCode = "checksum-mismatch"
    /// The Ed25519 signature does not verify with the given public key.
    public static let badSignature: DiagnosticCode = "bad-signature"
    /// A signed snapshot is required, and this one is unsigned.
    public static let missingSignature: DiagnosticCode = "missing-signature"
    /// The checksum matches, but a section breaks the format's rules.
    public static let malformedSection: DiagnosticCode = "malformed-section"
    /// A `--public-key` or `--sign-key` file that is not a tierc key file of the kind needed.
    public static let invalidKeyFile: DiagnosticCode = "invalid-key-file"
}
