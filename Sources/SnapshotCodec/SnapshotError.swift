/// Why bytes were refused as a snapshot. Every case names the byte offset (from the start of the file) where
/// the problem was found, what was there and what a valid snapshot has instead.
public enum SnapshotError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes end before the snapshot does: reading `what` at `offset` needs `needed` bytes, only
    /// `available` remain.
    case truncated(offset: Int, needed: Int, available: Int, what: String)
    /// The first bytes are not the snapshot magic: not a tierc snapshot at all.
    case badMagic(found: [UInt8])
    /// A format version this reader does not know.
    case unsupportedVersion(found: UInt16, supported: UInt16)
    /// The SHA-256 stored at `offset` differs from the hash of every byte before it: the file was corrupted or edited.
    case checksumMismatch(offset: Int, stored: [UInt8], computed: [UInt8])
    /// The Ed25519 signature at `offset` does not verify with the given public key.
    case badSignature(offset: Int)
    /// A signature is required but the snapshot is unsigned (its flags, at byte 10, say so).
    case missingSignature
    /// The bytes are intact (the checksum matches) but a part of them breaks the format's rules.
    case malformedSection(section: String, offset: Int, problem: String)

    /// A short stable name of the case, for tests and tools (`truncated`, `bad-magic`…).
    public var kind: String {
        switch self {
        case .truncated: "truncated"
        case .badMagic: "bad-magic"
        case .unsupportedVersion: "unsupported-version"
        case .checksumMismatch: "checksum-mismatch"
        case .badSignature: "bad-signature"
        case .missingSignature: "missing-signature"
        case .malformedSection: "malformed-section"
        }
    }

    public var description: String {
        switch self {
        case .truncated(let offset, let needed, let available, let what):
            let has = available == 0 ? "the file ends there" : "only \(available) byte\(available == 1 ? "" : "s") remain"
            return "truncated snapshot: \(what) at byte \(offset) needs \(needed) byte\(needed == 1 ? "" : "s") but \(has); "
                + "the file is incomplete (copy it again or recompile it)"
        case .badMagic(let found):
            let shown = found.isEmpty ? "the file is empty" : "it starts with \(Hex.spaced(found))"
            return "not a tierc snapshot: \(shown), expected the magic \(Hex.spaced(SnapshotFormat.magic)) "
                + "(`TIERC\\0\\r\\n`) at byte 0"
        case .unsupportedVersion(let found, let supported):
            let writer = found < supported ? "an older tierc" : "a newer tierc"
            return "unsupported snapshot format version \(found) at byte 8: it was written by \(writer), and this tierc reads "
                + "version \(supported) only; recompile the policy with this tierc, or load it with the tierc that wrote it"
        case .checksumMismatch(let offset, let stored, let computed):
            return "checksum mismatch: the SHA-256 stored at byte \(offset) is \(Hex.string(stored)), but bytes 0 to "
                + "\(offset - 1) hash to \(Hex.string(computed)); the file was corrupted or edited after it was compiled"
        case .badSignature(let offset):
            return "bad signature: the Ed25519 signature at byte \(offset) does not verify with the given public key; "
                + "the file was changed after it was signed, or signed with another key"
        case .missingSignature:
            return "missing signature: the snapshot is unsigned (its flags at byte 10 have no signature bit), "
                + "but a signed snapshot is required; compile it with --sign-key"
        case .malformedSection(let section, let offset, let problem):
            return "malformed \(section) at byte \(offset): \(problem)"
        }
    }
}
