import Foundation
import PolicyCompiler
import PolicyModel
import PolicyRuntime
import PolicySource
import Testing

/// What goes in comes out: policies, tenants and header fields survive a write and a load unchanged, and the
/// bytes are the same on every run.
@Suite("Snapshot round trip")
struct RoundTripTests {
    @Test func canonicalBodyDecodesToTheSamePolicy() throws {
        for (policy, _) in [try Fixtures.bundled(), try Fixtures.rich()] {
            let bytes = policy.canonicalBytes()
            let decoded = try Policy(canonicalBytes: bytes)
            #expect(decoded == policy)
            #expect(decoded.canonicalBytes() == bytes)
        }
    }

    @Test(arguments: ["bundled", "rich"])
    func snapshotLoadsToTheSamePolicyAndTenants(_ which: String) throws {
        let (policy, tenants) = which == "bundled" ? try Fixtures.bundled() : try Fixtures.rich()
        let bytes = try SnapshotWriter(revision: 7, sourceRevision: "v1.2.3-4-gabcdef0").write(policy: policy, tenants: tenants)
        let snapshot = try Snapshot.load(bytes)
        #expect(snapshot.policy == policy)
        #expect(snapshot.tenants == tenants)
        #expect(snapshot.header.policyName == policy.name)
        #expect(snapshot.header.fingerprint == policy.fingerprint)
        #expect(snapshot.header.revision == 7)
        #expect(snapshot.header.compilerVersion == PolicyCompiler.version)
        #expect(snapshot.header.sourceRevision == "v1.2.3-4-gabcdef0")
        #expect(snapshot.header.formatVersion == SnapshotFormat.version)
        #expect(snapshot.sections.map(\.tag) == [.policy, .tenants])
        #expect(snapshot.signature == .unsigned)
        #expect(!snapshot.isSigned)
        #expect(snapshot.byteCount == bytes.count)
        // The policy section holds the canonical body exactly.
        let body = try #require(snapshot.sections.first)
        #expect(Array(bytes[body.offset..<body.offset + body.length]) == policy.canonicalBytes())
    }

    @Test func withoutTenantsAndSourceRevision() throws {
        let (policy, _) = try Fixtures.rich()
        let snapshot = try Snapshot.load(try SnapshotWriter().write(policy: policy))
        #expect(snapshot.tenants == nil)
        #expect(snapshot.sections.map(\.tag) == [.policy])
        #expect(snapshot.header.revision == 0)
        #expect(snapshot.header.sourceRevision == nil)
        #expect(snapshot.policy == policy)
    }

    @Test func emptyTenantDirectoryStaysPresent() throws {
        let (policy, _) = try Fixtures.bundled()
        let snapshot = try Snapshot.load(try SnapshotWriter().write(policy: policy, tenants: TenantDirectory(tenants: [])))
        #expect(snapshot.tenants == TenantDirectory(tenants: []))
    }

    @Test func sameInputSameBytes() throws {
        let (policy, tenants) = try Fixtures.rich()
        let writer = SnapshotWriter(revision: 3, sourceRevision: "abc")
        let first = try writer.write(policy: policy, tenants: tenants)
        // A policy decoded again (new dictionaries, new hash seeds) writes the same bytes.
        let again = try Fixtures.rich()
        #expect(try writer.write(policy: again.0, tenants: again.1) == first)
        #expect(try writer.write(policy: try Policy(canonicalBytes: policy.canonicalBytes()), tenants: tenants) == first)
    }

    /// The same meaning in other words (key order, quoting, flow style, inherited values spelt out) gives the
    /// same snapshot.
    @Test func meaningNotTextDecidesTheBytes() throws {
        let (policy, _) = try Fixtures.bundled()
        let reworded = """
            policy: omni-platform
            format: 1
            currency: "USD"
            default_meter: api_calls
            identification:
              order: [api_key, subdomain]
              subdomain:
                base_domain: yourdomain.com
            meters:
              api_calls:
                unit: call
                kind: counter
              storage_gb: { unit: GB, kind: gauge }
            features:
              ai_intelligence: { description: "AI prediction endpoints" }
              growth_engine: { description: Growth analytics and campaign tools }
              priority_support: { description: Priority support queue }
            routes:
              - { match: /api/intelligence/**, feature: ai_intelligence }
              - { match: /api/growth/**, feature: growth_engine }
              - { match: /api/support/priority/**, feature: priority_support, cost: 1 }
              - { match: /api/v1/tenant/usage, cost: 0 }
            usage_prices:
              storage_gb: { price: "0.1", per: 1 }
              api_calls: { price: 0.010, per: 1000 }
            tiers:
              free: { name: Free, price: 0.00, limits: { storage_gb: 1, api_calls: { month: 1000, hour: 100 } } }
              starter: { extends: free, name: Starter, price: 29, limits: { api_calls: { hour: 500, month: 10000 }, storage_gb: 5 } }
              professional:
                extends: starter
                name: Professional
                price: "99"
                limits: { api_calls: { hour: 2000, month: 50000 }, storage_gb: 20 }
                features: [growth_engine, ai_intelligence]
              enterprise:
                extends: professional
                name: Enterprise
                price: 499
                limits: { api_calls: { hour: 10000, month: 500000 }, storage_gb: 100 }
                features: [priority_support, ai_intelligence]
            """
        let (other, _) = try Fixtures.check(.init(name: "reworded.yaml", text: reworded), tenants: nil)
        #expect(try SnapshotWriter().write(policy: other) == (try SnapshotWriter().write(policy: policy)))
    }

    @Test func writerRefusesWhatTheReaderWouldRefuse() throws {
        let (policy, _) = try Fixtures.bundled()
        let stray = TenantDirectory(tenants: [Tenant(id: "t", tier: "no-such-tier")])
        #expect(throws: SnapshotWriterError.self) { try SnapshotWriter().write(policy: policy, tenants: stray) }
        let badDigest = TenantDirectory(tenants: [Tenant(id: "t", tier: "free", apiKeyHashes: ["ABCDEF"])])
        #expect(throws: SnapshotWriterError.invalidKeyDigest(tenant: "t", digest: "ABCDEF")) {
            try SnapshotWriter().write(policy: policy, tenants: badDigest)
        }
        #expect(throws: SnapshotWriterError.invalidLabel(name: "source revision", value: "a\nb")) {
            try SnapshotWriter(sourceRevision: "a\nb").write(policy: policy)
        }
        #expect(throws: SnapshotWriterError.revisionTooLarge(.max)) { try SnapshotWriter(revision: .max).write(policy: policy) }
        #expect(throws: Never.self) { try SnapshotWriter(revision: UInt64(Int64.max)).write(policy: policy) }
    }

    @Test func hasMagicRecognisesSnapshotsOnly() throws {
        let bytes = try Fixtures.bundledSnapshot()
        #expect(Snapshot.hasMagic(bytes))
        #expect(Snapshot.hasMagic(bytes.prefix(8)))
        #expect(!Snapshot.hasMagic(bytes.prefix(7)))
        #expect(!Snapshot.hasMagic(Array("format: 1\npolicy: x\n".utf8)))
        #expect(!Snapshot.hasMagic([]))
    }

    /// The committed snapshots that `tierc inspect`'s tests read are what this writer writes today
    /// (`TIERC_RECORD=1 swift test` re-records them after a deliberate format change).
    @Test func goldenSnapshotsAreCurrent() throws {
        let directory = Fixtures.goldenDirectory
        let files: [(String, [UInt8])] = [
            ("tiers.tierc", try Fixtures.bundledSnapshot()),
            ("tiers.signed.tierc", try Fixtures.bundledSnapshot(signed: true)),
            ("test.key", Array(Fixtures.testKey.keyFileText.utf8)),
            ("test.pub", Array(Fixtures.testKey.publicKey.keyFileText.utf8)),
            ("other.pub", Array(Fixtures.otherKey.publicKey.keyFileText.utf8)),
        ]
        if ProcessInfo.processInfo.environment["TIERC_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, bytes) in files { try Data(bytes).write(to: directory.appendingPathComponent(name)) }
        }
        for (name, bytes) in files {
            let committed = try Data(contentsOf: directory.appendingPathComponent(name))
            #expect(Array(committed) == bytes, "\(name) differs from what the writer writes (TIERC_RECORD=1 re-records it)")
        }
    }
}
