import Crypto

/// The snapshot's header: what it is a snapshot of, and who made it from what
/// (docs/snapshot-format.md#header-starts-at-byte-20). `ByteWriter.header` writes it and ``read(_:version:)``
/// reads it, side by side in this file.
public struct SnapshotHeader: Sendable, Hashable {
    public let formatVersion: UInt16
    /// The policy's identifier (the same as the policy section's name).
    public let policyName: String
    /// `sha256:` and the hex SHA-256 of the policy section: `Policy.fingerprint`, as `tierc simulate` reports it.
    public let fingerprint: String
    /// The revision given at compile time (`--revision`), 0 by default; at most 2^63 − 1.
    public let revision: UInt64
    /// The version of the tierc that wrote the snapshot.
    public let compilerVersion: String
    /// A provenance label given at compile time (`--source-revision`, e.g. a git commit), if any.
    public let sourceRevision: String?

    /// Reads the header: fingerprint (32 raw bytes), revision (u64), policy name, compiler version and the
    /// optional source revision, each text a u32 length and UTF-8.
    static func read(_ reader: inout ByteReader, version: UInt16) throws(SnapshotError) -> SnapshotHeader {
        let digest = try reader.take(SnapshotFormat.fingerprintSize, "the fingerprint")
        var at = reader.offset
        let revision = try reader.u64("the revision")
        guard revision <= SnapshotFormat.maxRevision else {
            throw reader.malformed("the revision \(revision) is above the largest allowed, 2^63 − 1", at: at)
        }
        let name = try reader.string("the policy name")
        at = reader.offset
        let compilerVersion = try reader.string("the compiler version")
        guard SnapshotFormat.isValidLabel(compilerVersion) else {
            throw reader.malformed("the compiler version must be 1 to \(SnapshotFormat.maxLabelBytes) bytes without control characters",
                                   at: at)
        }
        at = reader.offset
        let sourceRevision = try reader.optionalString("the source revision")
        if let sourceRevision, !SnapshotFormat.isValidLabel(sourceRevision) {
            throw reader.malformed("the source revision must be 1 to \(SnapshotFormat.maxLabelBytes) bytes without control characters",
                                   at: at)
        }
        return SnapshotHeader(formatVersion: version, policyName: name, fingerprint: "sha256:" + Hex.string(digest),
                              revision: revision, compilerVersion: compilerVersion, sourceRevision: sourceRevision)
    }
}

extension ByteWriter {
    /// Writes the header: the SHA-256 of the policy section `body` (the fingerprint), the revision, the policy
    /// name, the compiler version and the optional source revision.
    mutating func header(body: [UInt8], revision: UInt64, policyName: String, compilerVersion: String, sourceRevision: String?) {
        raw(SHA256.hash(data: body))
        u64(revision)
        string(policyName)
        string(compilerVersion)
        optionalString(sourceRevision)
    }
}
