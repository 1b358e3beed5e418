public import PolicyModel
import Crypto
import Foundation

/// A loaded, verified policy snapshot (`policy.tierc`, docs/snapshot-format.md): its header, the policy and
/// the optional tenant directory, decoded from bytes that were treated as hostile throughout.
public struct Snapshot: Sendable {
    public let header: SnapshotHeader
    public let policy: Policy
    /// The tenants compiled in with `--tenants`, if any.
    public let tenants: TenantDirectory?
    /// The sections in file order, with where they are.
    public let sections: [SnapshotSection]
    /// `sha256:` and the hex of the stored checksum (verified).
    public let checksum: String
    public let signature: SignatureStatus
    /// The snapshot's size in bytes.
    public let byteCount: Int

    /// Whether the snapshot carries a signature (verified or not: see ``signature``).
    public var isSigned: Bool { signature != .unsigned }

    /// Whether `bytes` start with the snapshot magic: a cheap test to accept a snapshot where a tiers.yaml
    /// is expected. It says nothing about the rest; ``load(_:signature:)`` checks that.
    public static func hasMagic(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.count >= SnapshotFormat.magic.count && bytes.prefix(SnapshotFormat.magic.count).elementsEqual(SnapshotFormat.magic)
    }

    /// Loads a snapshot: checks the magic, the version, the lengths, the checksum over every preceding byte,
    /// the signature as `signature` asks, then decodes the header and sections and checks that the header's
    /// fingerprint is the SHA-256 of the policy body. Never traps, whatever the bytes.
    public static func load(_ bytes: [UInt8], signature requirement: SignatureRequirement = .ignore) throws(SnapshotError) -> Snapshot {
        let magic = SnapshotFormat.magic
        guard bytes.count >= magic.count else {
            if magic.starts(with: bytes) && !bytes.isEmpty {
                throw .truncated(offset: 0, needed: magic.count, available: bytes.count, what: "the magic")
            }
            throw .badMagic(found: bytes)
        }
        guard hasMagic(bytes) else { throw .badMagic(found: Array(bytes.prefix(magic.count))) }

        // The prelude: version, flags, payload length.
        var prelude = ByteReader(bytes, from: magic.count, section: "prelude")
        let version = try prelude.u16("the format version")
        guard version == SnapshotFormat.version else { throw .unsupportedVersion(found: version, supported: SnapshotFormat.version) }
        let flags = try prelude.u16("the flags")
        let declared = try prelude.u64("the payload length")
        let payloadStart = SnapshotFormat.preludeSize
        let available = bytes.count - payloadStart
        guard declared <= UInt64(available) else {
            let what = declared > UInt64(Int.max) ? "the header and sections (\(declared) bytes by the length at byte 12)"
                : "the header and sections (their length is at byte 12)"
            throw .truncated(offset: payloadStart, needed: Int(clamping: declared), available: available, what: what)
        }
        let checksumOffset = payloadStart + Int(declared)

        // The checksum covers every byte before it.
        var trailer = ByteReader(bytes, from: checksumOffset, section: "trailer")
        let stored = try trailer.take(SnapshotFormat.checksumSize, "the SHA-256 checksum")
        let computed = trailer.sha256(0..<checksumOffset)
        guard stored.elementsEqual(computed) else {
            throw .checksumMismatch(offset: checksumOffset, stored: Array(stored), computed: computed)
        }
        guard flags & ~SnapshotFormat.signedFlag == 0 else {
            throw .malformedSection(section: "prelude", offset: 10,
                                    problem: "unknown flags 0x\(String(flags, radix: 16)); only 0x1 (signed) is defined")
        }
        let signatureOffset = trailer.offset
        let signed = flags & SnapshotFormat.signedFlag != 0
        let signatureBytes = signed ? try trailer.take(SnapshotFormat.signatureSize, "the Ed25519 signature") : nil
        guard trailer.isAtEnd else {
            throw .malformedSection(section: "trailer", offset: trailer.offset,
                                    problem: "\(trailer.remaining) unexpected bytes after the end of the snapshot")
        }
        let status = try verify(signatureBytes, of: bytes[0..<signatureOffset], at: signatureOffset, requirement)

        var headerReader = ByteReader(bytes, from: payloadStart, to: checksumOffset, section: "header")
        let header = try SnapshotHeader.read(&headerReader, version: version)
        let sections = try SnapshotSection.readTable(bytes, from: headerReader.offset, to: checksumOffset)

        guard let body = sections.first(where: { $0.tag == .policy }) else {
            throw .malformedSection(section: "section table", offset: headerReader.offset, problem: "there is no policy section")
        }
        let bodyDigest = headerReader.sha256(body.offset..<body.offset + body.length)
        guard "sha256:" + Hex.string(bodyDigest) == header.fingerprint else {
            throw .malformedSection(section: "header", offset: payloadStart,
                                    problem: "the fingerprint \(header.fingerprint) is not the SHA-256 of the policy section "
                                        + "(sha256:\(Hex.string(bodyDigest)))")
        }
        var policyReader = CanonicalReader(bytes, from: body.offset, to: body.offset + body.length)
        let policy = try policyReader.policy()
        guard policy.name == header.policyName else {
            throw .malformedSection(section: "header", offset: payloadStart + SnapshotFormat.fingerprintSize + 8,
                                    problem: "the policy name `\(header.policyName)` differs from the policy section's `\(policy.name)`")
        }
        var tenants: TenantDirectory?
        if let section = sections.first(where: { $0.tag == .tenants }) {
            var reader = TenantSectionReader(bytes, from: section.offset, to: section.offset + section.length)
            tenants = try reader.directory(tiers: Set(policy.tiers.map(\.id)))
        }
        return Snapshot(header: header, policy: policy, tenants: tenants, sections: sections,
                        checksum: "sha256:" + Hex.string(stored), signature: status, byteCount: bytes.count)
    }

    /// The bytes of a snapshot up to and including its checksum (docs/snapshot-format.md#layout): prelude, header,
    /// the section table with the policy's canonical body and the optional tenants, and the SHA-256 of every
    /// preceding byte. With `signed`, the flags say so and the caller appends the 64-byte Ed25519 signature of
    /// every returned byte. The labels and the revision are written as given: `SnapshotWriter` (PolicyCompiler)
    /// checks them first. Deterministic: the same arguments give the same bytes.
    public static func encode(policy: Policy, tenants: TenantDirectory?, revision: UInt64, sourceRevision: String?,
                              compilerVersion: String, signed: Bool) throws(SnapshotEncodingError) -> [UInt8] {
        let body = policy.canonicalBytes()
        var sections: [(SnapshotFormat.SectionTag, [UInt8])] = [(.policy, body)]
        if let tenants {
            var section = ByteWriter()
            try section.tenants(tenants)
            sections.append((.tenants, section.bytes))
        }
        var payload = ByteWriter()
        payload.header(body: body, revision: revision, policyName: policy.name, compilerVersion: compilerVersion,
                       sourceRevision: sourceRevision)
        payload.sectionTable(sections)

        var file = ByteWriter()
        file.raw(SnapshotFormat.magic)
        file.u16(SnapshotFormat.version)
        file.u16(signed ? SnapshotFormat.signedFlag : 0)
        file.u64(UInt64(payload.bytes.count))
        file.raw(payload.bytes)
        file.raw(SHA256.hash(data: file.bytes))
        return file.bytes
    }

    private static func verify(_ signature: ArraySlice<UInt8>?, of message: ArraySlice<UInt8>, at offset: Int,
                               _ requirement: SignatureRequirement) throws(SnapshotError) -> SignatureStatus {
        let key: SnapshotPublicKey
        switch requirement {
        case .ignore:
            return signature == nil ? .unsigned : .notVerified
        case .verifyIfPresent(let given):
            guard signature != nil else { return .unsigned }
            key = given
        case .require(let given):
            guard signature != nil else { throw .missingSignature }
            key = given
        }
        guard let signature, key.isValidSignature(signature, for: message) else { throw .badSignature(offset: offset) }
        return .verified(keyID: key.keyID)
    }
}

/// How ``Snapshot/load(_:signature:)`` treats the signature.
public enum SignatureRequirement: Sendable {
    /// Do not verify; the checksum still guards against corruption (not against tampering).
    case ignore
    /// Verify the signature if there is one; accept an unsigned snapshot. An attacker can strip a signature
    /// and fix the checksum, so use ``require(_:)`` when the snapshot comes from an untrusted place.
    case verifyIfPresent(SnapshotPublicKey)
    /// Refuse an unsigned snapshot (``SnapshotError/missingSignature``) and verify the signature with the key.
    case require(SnapshotPublicKey)
}

/// What is known about a loaded snapshot's signature.
public enum SignatureStatus: Sendable, Hashable {
    case unsigned
    /// Signed, but no key was given to verify it.
    case notVerified
    /// Signed and verified with the key whose ``SnapshotPublicKey/keyID`` this is.
    case verified(keyID: String)
}
