import PolicyCompiler
import PolicyModel
import PolicyRuntime
import SeededRandom
import Testing

/// The reader against hostile bytes: every cut, thousands of seeded bit flips (with and without a repaired
/// checksum, so that the structural checks are reached), random strings. Each must end in a typed error or
/// in a snapshot that re-encodes to its own bytes; a trap would crash the test process.
@Suite("Snapshot reader, hostile input")
struct HostileInputTests {
    /// Every prefix of a real (signed, with tenants) snapshot is refused as truncated.
    @Test(arguments: [false, true])
    func everyTruncationIsTruncated(signed: Bool) throws {
        let bytes = try Fixtures.bundledSnapshot(signed: signed)
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            do {
                _ = try Snapshot.load(prefix, signature: .ignore)
                Issue.record("a \(length)-byte prefix of a \(bytes.count)-byte snapshot loaded")
            } catch {
                if length == 0 {
                    #expect(error == .badMagic(found: []))
                } else {
                    #expect(error.kind == "truncated", "prefix of \(length) bytes: \(error)")
                }
            }
        }
    }

    /// Appended bytes are refused, and the error says where the snapshot ended.
    @Test func trailingBytesAreRefused() throws {
        let bytes = try Fixtures.bundledSnapshot()
        #expect(throws: SnapshotError.malformedSection(section: "trailer", offset: bytes.count,
                                                       problem: "1 unexpected bytes after the end of the snapshot")) {
            try Snapshot.load(bytes + [0])
        }
    }

    /// 6,000 single and multiple bit flips: the checksum (or the magic, version or lengths before it) catches
    /// every one.
    @Test func bitFlipsAreCaught() throws {
        let original = try Fixtures.bundledSnapshot(signed: true)
        var random = SplitMix64(seed: 0x5EED_0001)
        var kinds: [String: Int] = [:]
        for round in 0..<6_000 {
            let mutated = Self.flip(original, flips: 1 + round % 4, &random)
            guard mutated != original else { continue }
            do {
                _ = try Snapshot.load(mutated, signature: .require(Fixtures.testKey.publicKey))
                Issue.record("round \(round): a mutated snapshot loaded")
            } catch {
                kinds[error.kind, default: 0] += 1
            }
        }
        // Most flips land in the checksummed bytes.
        #expect(kinds["checksum-mismatch", default: 0] > 5_000, "\(kinds)")
        #expect(Set(kinds.keys).isSubset(of: ["checksum-mismatch", "bad-signature", "bad-magic", "unsupported-version", "truncated",
                                              "malformed-section"]), "\(kinds)")
    }

    /// The same flips with the checksum recomputed: the structural and semantic checks see them. Each must be
    /// refused with a typed error, or decode to a policy that re-encodes to the very bytes of its section.
    @Test(arguments: ["bundled", "rich"])
    func bitFlipsWithRepairedChecksumAreDecodedOrRefused(_ which: String) throws {
        let (policy, tenants) = which == "bundled" ? try Fixtures.bundled() : try Fixtures.rich()
        let original = try SnapshotWriter(revision: 9, sourceRevision: "rev").write(policy: policy, tenants: tenants)
        var random = SplitMix64(seed: which == "bundled" ? 0x5EED_0002 : 0x5EED_0003)
        var loaded = 0
        var kinds: [String: Int] = [:]
        for round in 0..<6_000 {
            let mutated = Tamper.recomputeChecksum(Self.flip(original, flips: 1 + round % 3, &random))
            do {
                let snapshot = try Snapshot.load(mutated)
                loaded += 1
                try Self.expectConsistent(snapshot, mutated)
            } catch let error as SnapshotError {
                kinds[error.kind, default: 0] += 1
            }
        }
        #expect(kinds["malformed-section", default: 0] > 1_000, "\(kinds)")
        #expect(kinds["checksum-mismatch"] == nil, "every checksum was repaired: \(kinds)")
        // Flips in free text (a name, a description) decode; the test above checked they re-encode exactly.
        #expect(loaded > 0)
    }

    /// Random byte strings, alone and after a valid magic and version, never load and never trap.
    @Test func randomBytesAreRefused() throws {
        var random = SplitMix64(seed: 0x5EED_0004)
        let prefix = SnapshotFormat.magic + [1, 0]
        for round in 0..<4_000 {
            let length = random.below(round < 2_000 ? 64 : 600)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if round % 2 == 1 { bytes = prefix + bytes }
            if round % 4 == 3, bytes.count >= 20 {
                // A plausible payload length, and a correct checksum after it.
                let payload = UInt64(random.below(bytes.count - 20 + 1))
                for index in 0..<8 { bytes[12 + index] = UInt8(truncatingIfNeeded: payload >> (8 * UInt64(index))) }
                bytes[10] = 0
                bytes[11] = 0
                bytes += [UInt8](repeating: 0, count: 32)
                bytes = Array(bytes.prefix(20 + Int(payload) + 32))
                bytes = Tamper.recomputeChecksum(bytes)
            }
            #expect(throws: SnapshotError.self, "round \(round)") { try Snapshot.load(bytes) }
        }
    }

    /// Bytes that are not the canonical body, fed to the body decoder directly (no checksum in front of it).
    @Test func randomBodiesAreRefusedOrRoundTrip() throws {
        let body = try Fixtures.rich().0.canonicalBytes()
        var random = SplitMix64(seed: 0x5EED_0005)
        for round in 0..<3_000 {
            var bytes = body
            for _ in 0...(round % 5) {
                let index = random.below(bytes.count)
                switch random.below(3) {
                case 0: bytes[index] ^= UInt8(1) << UInt8(random.below(8))
                case 1: bytes[index] = UInt8(truncatingIfNeeded: random.next())
                default: bytes.removeSubrange(index..<min(bytes.count, index + 1 + random.below(8)))
                }
                if bytes.isEmpty { break }
            }
            if let policy = try? Policy(canonicalBytes: bytes) {
                #expect(policy.canonicalBytes() == bytes, "round \(round): decoded but re-encodes differently")
            }
        }
    }

    /// A hostile count is refused before anything is reserved for it.
    @Test func hugeCountsAreRefusedWithoutAllocating() throws {
        var body = try Fixtures.bundled().0.canonicalBytes()
        // The identification order count sits after format, name, currency, minor units, rounding, default meter.
        let orderCount = 4 + 4 + "omni-platform".utf8.count + 4 + 3 + 1 + 1 + 1 + 4 + "api_calls".utf8.count
        #expect(body[orderCount] == 2, "tiers/tiers.yaml identifies by api_key and subdomain")
        body.replaceSubrange(orderCount..<orderCount + 4, with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: SnapshotError.malformedSection(section: "policy section", offset: orderCount,
                                                       problem: "the number of identification methods is 2147483647; at most 4 are allowed")) {
            try Policy(canonicalBytes: body)
        }
    }

    static func flip(_ bytes: [UInt8], flips: Int, _ random: inout SplitMix64) -> [UInt8] {
        var out = bytes
        for _ in 0..<flips {
            out[random.below(out.count)] ^= UInt8(1) << UInt8(random.below(8))
        }
        return out
    }

    /// A snapshot that loaded after a mutation is self-consistent: its policy and tenants re-encode to its
    /// sections' bytes, and its fingerprint is the policy's.
    static func expectConsistent(_ snapshot: Snapshot, _ bytes: [UInt8]) throws {
        #expect(snapshot.header.fingerprint == snapshot.policy.fingerprint)
        let body = try #require(snapshot.sections.first { $0.tag == .policy })
        #expect(Array(bytes[body.offset..<body.offset + body.length]) == snapshot.policy.canonicalBytes())
        let rewritten = try SnapshotWriter(revision: snapshot.header.revision, sourceRevision: snapshot.header.sourceRevision,
                                           compilerVersion: snapshot.header.compilerVersion)
            .write(policy: snapshot.policy, tenants: snapshot.tenants)
        #expect(rewritten == bytes, "a loaded snapshot re-encodes to other bytes")
    }
}
