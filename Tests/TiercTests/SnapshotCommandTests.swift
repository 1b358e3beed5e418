import Foundation
import Testing

/// `tierc keygen` and `tierc inspect` through the real binary, on the committed snapshots of tiers/tiers.yaml
/// (Fixtures/snapshot, kept current by SnapshotTests' golden test).
@Suite("tierc keygen and inspect, end to end")
struct SnapshotCommandTests {
    static let fixtures = TiercBinary.packageRoot.appendingPathComponent("Tests/TiercTests/Fixtures/snapshot")
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    @Test func inspectPrintsHeaderTiersAndTenants() throws {
        let run = try TiercBinary.run(["inspect", Self.fixture("tiers.tierc")])
        #expect(run.status == 0, "\(run.stderr)")
        for expected in ["format version 2", "omni-platform",
                         "sha256:ac8a0472c99937933656d6d01321e69cdb2e81107ded5548e59553d81f2edeb1", "revision         42",
                         "source revision  0123abc", "signature        none", "policy (1769 bytes at byte 114)",
                         "enterprise    Enterprise    professional  499.00  10000/hour, 500000/month  100",
                         "tenants: 4 (free 1, starter 1, professional 1, enterprise 1)"] {
            #expect(run.stdout.contains(expected), "missing `\(expected)` in:\n\(run.stdout)")
        }
        #expect(run.stderr.isEmpty)
    }

    /// The JSON shape of docs/cli.md, key for key, and the same bytes on every run.
    @Test func inspectJSONHasTheDocumentedShape() throws {
        let run = try TiercBinary.run(["inspect", Self.fixture("tiers.signed.tierc"), "--format", "json",
                                       "--public-key", Self.fixture("test.pub")])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["file", "bytes", "format_version", "header", "checksum", "signature", "sections", "policy", "tenants"])
        let header = try #require(object["header"] as? [String: Any])
        #expect(header["revision"] as? Int == 42)
        #expect(header["fingerprint"] as? String == "sha256:ac8a0472c99937933656d6d01321e69cdb2e81107ded5548e59553d81f2edeb1")
        let signature = try #require(object["signature"] as? [String: Any])
        #expect(signature["status"] as? String == "verified")
        let policy = try #require(object["policy"] as? [String: Any])
        let tiers = try #require(policy["tiers"] as? [[String: Any]])
        #expect(tiers.map { $0["id"] as? String } == ["free", "starter", "professional", "enterprise"])
        let limits = try #require(tiers[0]["limits"] as? [String: Any])
        #expect((limits["api_calls"] as? [String: Any])?["hour"] as? Int == 100)
        #expect(limits["storage_gb"] as? String == "1")
        #expect((object["tenants"] as? [String: Any])?["count"] as? Int == 4)
        // Keys in the documented order, and deterministic bytes.
        #expect(run.stdout.hasPrefix("{\n  \"file\": "))
        let again = try TiercBinary.run(["inspect", Self.fixture("tiers.signed.tierc"), "--format", "json",
                                         "--public-key", Self.fixture("test.pub")])
        #expect(again.stdout == run.stdout)
    }

    @Test func inspectVerifiesSignatures() throws {
        let signed = Self.fixture("tiers.signed.tierc")
        let good = try TiercBinary.run(["inspect", signed, "--public-key", Self.fixture("test.pub"), "--require-signature"])
        #expect(good.status == 0)
        #expect(good.stdout.contains("Ed25519, verified with ed25519:"))
        let wrong = try TiercBinary.run(["inspect", signed, "--public-key", Self.fixture("other.pub")])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("tiers.signed.tierc: bad signature"))
        #expect(wrong.stderr.contains("at byte 2273"))
        #expect(wrong.stdout.isEmpty)
        let unsigned = try TiercBinary.run(["inspect", Self.fixture("tiers.tierc"), "--public-key", Self.fixture("test.pub"),
                                            "--require-signature"])
        #expect(unsigned.status == 1)
        #expect(unsigned.stderr.contains("missing signature"))
        let privateKey = try TiercBinary.run(["inspect", signed, "--public-key", Self.fixture("test.key")])
        #expect(privateKey.status == 1)
        #expect(privateKey.stderr.contains("test.key: this is an Ed25519 private key, but a public key is needed"))
        let noKey = try TiercBinary.run(["inspect", signed, "--require-signature"])
        #expect(noKey.status == 64)
    }

    @Test func inspectReportsCorruptionWithTheByteOffset() throws {
        let original = try Data(contentsOf: Self.fixtures.appendingPathComponent("tiers.tierc"))
        var corrupted = original
        corrupted[500] ^= 0x10
        let workspace = try Workspace([:])
        try corrupted.write(to: workspace.url.appendingPathComponent("bad.tierc"))
        try original.prefix(1000).write(to: workspace.url.appendingPathComponent("short.tierc"))
        let bad = try TiercBinary.run(["inspect", "bad.tierc"], in: workspace.url)
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("tierc: error: bad.tierc: checksum mismatch: the SHA-256 stored at byte 2241"))
        let short = try TiercBinary.run(["inspect", "short.tierc"], in: workspace.url)
        #expect(short.status == 1)
        #expect(short.stderr.contains("short.tierc: truncated snapshot"))
        let yaml = try TiercBinary.run(["inspect", TiercBinary.packageRoot.appendingPathComponent("tiers/tiers.yaml").path])
        #expect(yaml.status == 1)
        #expect(yaml.stderr.contains("not a tierc snapshot"))
        let missing = try TiercBinary.run(["inspect", "missing.tierc"], in: workspace.url)
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("cannot read 'missing.tierc'"))
        let stdin = try TiercBinary.run(["inspect", "-"], in: workspace.url, input: "not a snapshot")
        #expect(stdin.status == 1)
        #expect(stdin.stderr.contains("<stdin>: not a tierc snapshot"))
    }

    @Test func keygenWritesAKeyPairThatVerifies() throws {
        let workspace = try Workspace([:])
        let run = try TiercBinary.run(["keygen", "--out", "signing"], in: workspace.url)
        #expect(run.status == 0, "\(run.stderr)")
        let keyPath = workspace.url.appendingPathComponent("signing.key").path
        let privateText = try String(contentsOfFile: keyPath, encoding: .utf8)
        let publicText = try String(contentsOfFile: workspace.url.appendingPathComponent("signing.pub").path, encoding: .utf8)
        #expect(privateText.hasPrefix("tierc-ed25519-private:") && privateText.hasSuffix("=\n") && privateText.count == 67)
        #expect(publicText.hasPrefix("tierc-ed25519-public:") && publicText.count == 66)
        let permissions = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        // The new public key is a valid key for inspect (the committed snapshot is signed with another one).
        let verify = try TiercBinary.run(["inspect", Self.fixture("tiers.signed.tierc"), "--public-key", "signing.pub"],
                                         in: workspace.url)
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("bad signature"))
    }

    @Test func keygenNeverOverwritesWithoutForce() throws {
        let workspace = try Workspace(["signing.pub": "keep me\n"])
        let refused = try TiercBinary.run(["keygen", "--out", "signing"], in: workspace.url)
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("'signing.pub' already exists; use --force"))
        #expect(!FileManager.default.fileExists(atPath: workspace.url.appendingPathComponent("signing.key").path))
        #expect(try String(contentsOfFile: workspace.url.appendingPathComponent("signing.pub").path, encoding: .utf8) == "keep me\n")
        let forced = try TiercBinary.run(["keygen", "--out", "signing", "--force"], in: workspace.url)
        #expect(forced.status == 0)
        #expect(try String(contentsOfFile: workspace.url.appendingPathComponent("signing.pub").path, encoding: .utf8)
            .hasPrefix("tierc-ed25519-public:"))
        // A missing folder is created (CommandLineUsabilityTests); a folder that is a file cannot be.
        let unwritable = try TiercBinary.run(["keygen", "--out", "signing.pub/signing"], in: workspace.url)
        #expect(unwritable.status == 4)
        #expect(unwritable.stderr.contains("not a directory"), "\(unwritable.stderr)")
        let usage = try TiercBinary.run(["keygen", "--out", "keys/"], in: workspace.url)
        #expect(usage.status == 64)
    }
}
