import PolicyCompiler
import PolicyModel
import PolicyRuntime
import Testing

@Suite("Snapshot signatures")
struct SignatureTests {
    @Test func goodKeyVerifies() throws {
        let bytes = try Fixtures.bundledSnapshot(signed: true)
        let key = Fixtures.testKey.publicKey
        let required = try Snapshot.load(bytes, signature: .require(key))
        #expect(required.signature == .verified(keyID: key.keyID))
        #expect(required.isSigned)
        #expect(try Snapshot.load(bytes, signature: .verifyIfPresent(key)).signature == .verified(keyID: key.keyID))
        #expect(try Snapshot.load(bytes).signature == .notVerified)
        // The signature is the last 64 bytes; the rest is the unsigned snapshot with the signed flag set.
        #expect(bytes.count == (try Fixtures.bundledSnapshot()).count + SnapshotFormat.signatureSize)
    }

    @Test func wrongKeyIsABadSignature() throws {
        let bytes = try Fixtures.bundledSnapshot(signed: true)
        let offset = bytes.count - SnapshotFormat.signatureSize
        #expect(throws: SnapshotError.badSignature(offset: offset)) {
            try Snapshot.load(bytes, signature: .require(Fixtures.otherKey.publicKey))
        }
        #expect(throws: SnapshotError.badSignature(offset: offset)) {
            try Snapshot.load(bytes, signature: .verifyIfPresent(Fixtures.otherKey.publicKey))
        }
    }

    @Test func unsignedIsMissingASignatureOnlyWhenOneIsRequired() throws {
        let bytes = try Fixtures.bundledSnapshot()
        #expect(throws: SnapshotError.missingSignature) { try Snapshot.load(bytes, signature: .require(Fixtures.testKey.publicKey)) }
        #expect(try Snapshot.load(bytes, signature: .verifyIfPresent(Fixtures.testKey.publicKey)).signature == .unsigned)
    }

    /// A header byte changed after signing: caught by the checksum, and with the checksum recomputed, by the
    /// signature. The same for a changed signature byte.
    @Test func tamperingAfterSigningFails() throws {
        let bytes = try Fixtures.bundledSnapshot(signed: true)
        let key = Fixtures.testKey.publicKey
        var changed = bytes
        // The last byte of the revision (byte 20 + 32 + 7): 42 becomes 42 + 2^56.
        changed[SnapshotFormat.preludeSize + SnapshotFormat.fingerprintSize + 7] ^= 0x01
        #expect { try Snapshot.load(changed, signature: .require(key)) } throws: { ($0 as? SnapshotError)?.kind == "checksum-mismatch" }
        let repaired = Tamper.recomputeChecksum(changed)
        #expect(throws: SnapshotError.badSignature(offset: bytes.count - SnapshotFormat.signatureSize)) {
            try Snapshot.load(repaired, signature: .require(key))
        }
        // Without verification, the repaired file loads with the changed revision: that is what signatures are for.
        #expect(try Snapshot.load(repaired).header.revision == 42 + (1 << 56))

        var badSignature = bytes
        badSignature[bytes.count - 1] ^= 0x80
        #expect(throws: SnapshotError.badSignature(offset: bytes.count - SnapshotFormat.signatureSize)) {
            try Snapshot.load(badSignature, signature: .require(key))
        }
    }

    /// Stripping the signature (clearing the flag, dropping the 64 bytes, fixing the checksum) gives a valid
    /// unsigned snapshot, which `.require` refuses.
    @Test func strippedSignatureIsMissing() throws {
        var bytes = try Fixtures.bundledSnapshot(signed: true)
        bytes.removeLast(SnapshotFormat.signatureSize)
        bytes[10] = 0
        bytes = Tamper.recomputeChecksum(bytes)
        #expect(throws: SnapshotError.missingSignature) { try Snapshot.load(bytes, signature: .require(Fixtures.testKey.publicKey)) }
        #expect(bytes == (try Fixtures.bundledSnapshot()))
    }

    /// swift-crypto on Linux signs with BoringSSL's deterministic ED25519_sign: signing twice gives the same
    /// bytes, so signed snapshots are reproducible too.
    @Test func signingIsDeterministic() throws {
        let (policy, tenants) = try Fixtures.rich()
        let writer = SnapshotWriter(revision: 1, signingKey: Fixtures.testKey)
        #expect(try writer.write(policy: policy, tenants: tenants) == (try writer.write(policy: policy, tenants: tenants)))
    }

    @Test func keyFilesRoundTrip() throws {
        let key = SnapshotSigningKey.generate()
        let text = key.keyFileText
        #expect(text.hasPrefix("tierc-ed25519-private:") && text.hasSuffix("\n"))
        let reread = try SnapshotSigningKey(keyFileText: text)
        #expect(reread.publicKey == key.publicKey)
        let publicText = key.publicKey.keyFileText
        #expect(publicText.hasPrefix("tierc-ed25519-public:"))
        #expect(try SnapshotPublicKey(keyFileText: "  " + publicText + "\n") == key.publicKey)
        #expect(SnapshotSigningKey.generate().publicKey != key.publicKey)
    }

    @Test func keyFileErrorsSayWhatIsExpected() throws {
        let key = Fixtures.testKey
        #expect(throws: SnapshotKeyError.wrongKind(expected: .publicKey, found: .privateKey)) {
            try SnapshotPublicKey(keyFileText: key.keyFileText)
        }
        #expect(throws: SnapshotKeyError.wrongKind(expected: .privateKey, found: .publicKey)) {
            try SnapshotSigningKey(keyFileText: key.publicKey.keyFileText)
        }
        #expect(throws: SnapshotKeyError.wrongKind(expected: .publicKey, found: nil)) {
            try SnapshotPublicKey(keyFileText: "ssh-ed25519 AAAA")
        }
        #expect(throws: SnapshotKeyError.badKeyData(kind: .publicKey, reason: "the text after the prefix is not base64")) {
            try SnapshotPublicKey(keyFileText: "tierc-ed25519-public:not base64!")
        }
        #expect(throws: SnapshotKeyError.badKeyData(kind: .publicKey, reason: "it holds 3 bytes, not 32")) {
            try SnapshotPublicKey(keyFileText: "tierc-ed25519-public:AAAA")
        }
        let message = SnapshotKeyError.wrongKind(expected: .publicKey, found: .privateKey).description
        #expect(message.contains(".pub"))
    }
}
