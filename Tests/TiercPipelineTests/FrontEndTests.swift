import Foundation
import PolicyCheck
import PolicyCompiler
import PolicyModel
import PolicyRuntime
import PolicySource
import Testing
import TiercPipeline

/// The front end without the binary: YAML and snapshots in memory to a loaded policy or a typed error with the
/// diagnostics (docs/pipeline.md#the-front-end).
@Suite("Pipeline front end")
struct FrontEndTests {
    let frontEnd = PolicyFrontEnd()

    @Test("YAML with errors: rejected, with every diagnostic, in position order")
    func yamlWithErrors() throws {
        let source = SourceFile(name: "tiers.yaml", text: PipelineFixtures.brokenPolicy)
        do {
            _ = try frontEnd.load(policy: source)
            Issue.record("a policy with errors was loaded")
        } catch {
            guard case .rejected(let result, let notices) = error else {
                Issue.record("expected the check's diagnostics, got \(error)")
                return
            }
            #expect(notices.isEmpty)
            #expect(result.diagnostics.filter { $0.severity == .error }.map(\.code.rawValue) == ["duplicate-key", "unknown-key"])
            #expect(result.diagnostics.allSatisfy { $0.file == "tiers.yaml" })
            #expect(result.policy == nil)
            #expect(error.description.hasPrefix("tiers.yaml:"))
        }
    }

    @Test("clean YAML and tenants: the resolved policy, the tenants, the files read, no diagnostics")
    func cleanYAML() throws {
        let policy = SourceFile(name: "tiers.yaml", text: PipelineFixtures.smallPolicy)
        let tenants = SourceFile(name: "tenants.yaml", text: PipelineFixtures.smallTenants)
        let loaded = try frontEnd.load(policy: policy, tenants: tenants)
        #expect(loaded.policy.name == "demo")
        #expect(loaded.policy.tiers.map(\.id) == ["free", "pro"])
        #expect(loaded.tenants?.tenants.count == 1)
        #expect(loaded.sources.map(\.name) == ["tiers.yaml", "tenants.yaml"])
        #expect(!loaded.isSnapshot && loaded.revision == 0 && loaded.document != nil && loaded.provenance != nil)
        #expect(loaded.diagnostics.isEmpty && loaded.notices.isEmpty)
    }

    @Test("warnings do not stop a load; they come back to be shown")
    func warningsAreKept() throws {
        let loaded = try frontEnd.load(policy: SourceFile(name: "tiers.yaml", text: PipelineFixtures.policyWithWarning))
        #expect(loaded.diagnostics.map(\.code.rawValue) == ["unused-feature"])
        #expect(loaded.diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test("tenants on a tier the policy lacks: rejected with the tenants' diagnostics")
    func badTenants() throws {
        let policy = SourceFile(name: "tiers.yaml", text: PipelineFixtures.smallPolicy)
        let tenants = SourceFile(name: "tenants.yaml", text: PipelineFixtures.smallTenants.replacingOccurrences(of: "tier: pro", with: "tier: gold"))
        #expect {
            try frontEnd.load(policy: policy, tenants: tenants)
        } throws: { error in
            guard case PolicyLoadError.rejected(let result, _) = error else { return false }
            return result.diagnostics.contains { $0.file == "tenants.yaml" && $0.severity == .error }
        }
    }

    @Test("a snapshot loads to the policy of its YAML, with its own tenants and revision")
    func snapshot() throws {
        let yaml = try frontEnd.load(policy: try PipelineFixtures.source("tiers/tiers.yaml"),
                                     tenants: try PipelineFixtures.source("examples/tenants.yaml"))
        let files = try SnapshotBackend().emit(CompileInput(yaml, options: CompileOptions(revision: 7)))
        let snapshot = SourceFile(name: "policy.tierc", bytes: try #require(files.first).bytes)
        #expect(PolicyFrontEnd.isSnapshot(snapshot.bytes))
        let loaded = try frontEnd.load(policy: snapshot)
        #expect(loaded.isSnapshot && loaded.revision == 7)
        #expect(loaded.policy == yaml.policy)
        #expect(loaded.policy.fingerprint == yaml.policy.fingerprint)
        #expect(loaded.tenants == yaml.tenants)
        #expect(loaded.source == nil && loaded.document == nil && loaded.checks.isEmpty && loaded.notices.isEmpty)
        // A tenants file given with the snapshot replaces the snapshot's own tenants.
        let other = try frontEnd.load(policy: snapshot, tenants: SourceFile(name: "tenants.yaml", text: """
            tenants:
              solo:
                tier: free

            """))
        #expect(other.tenants?.tenants.map(\.id) == ["solo"])
        #expect(other.checks.count == 1 && other.tenantsSource?.name == "tenants.yaml")
    }

    @Test("the committed signed snapshot: a notice without a key, verified with its key, refused with another")
    func signedSnapshot() throws {
        let signed = try PipelineFixtures.source("Tests/TiercTests/Fixtures/snapshot/tiers.signed.tierc")
        let unverified = try frontEnd.load(policy: signed)
        #expect(unverified.notices == [.unverifiedSignature(file: signed.name)])
        #expect(unverified.notices.first?.description == "\(signed.name) is signed, but its signature was not verified (only its checksum)")

        let key = try SnapshotPublicKey(keyFileText: String(decoding: try PipelineFixtures.bytes("Tests/TiercTests/Fixtures/snapshot/test.pub"), as: UTF8.self))
        let verified = try PolicyFrontEnd(signature: .require(key)).load(policy: signed)
        #expect(verified.notices.isEmpty)

        let otherKey = try SnapshotPublicKey(keyFileText: String(decoding: try PipelineFixtures.bytes("Tests/TiercTests/Fixtures/snapshot/other.pub"), as: UTF8.self))
        #expect {
            try PolicyFrontEnd(signature: .require(otherKey)).load(policy: signed)
        } throws: { error in
            guard case PolicyLoadError.invalidSnapshot(let file, _) = error else { return false }
            return file == signed.name && "\(error)".contains("bad signature")
        }
        // Bad tenants with an unverified snapshot: the notice comes back with the diagnostics.
        #expect {
            try frontEnd.load(policy: signed, tenants: SourceFile(name: "t.yaml", text: "tenants:\n  x:\n    tier: nope\n"))
        } throws: { error in
            guard case PolicyLoadError.rejected(_, let notices) = error else { return false }
            return notices == [.unverifiedSignature(file: signed.name)]
        }
    }

    @Test("a corrupted snapshot is an invalid snapshot, with the reader's reason")
    func corruptedSnapshot() throws {
        var bytes = try PipelineFixtures.bytes("Tests/TiercTests/Fixtures/snapshot/tiers.tierc")
        bytes[500] ^= 0x10
        #expect {
            try frontEnd.load(policy: SourceFile(name: "bad.tierc", bytes: bytes))
        } throws: { error in
            "\(error)".hasPrefix("bad.tierc: checksum mismatch")
        }
    }

    @Test("the read limits: a snapshot's budget for bytes that start with its magic, the YAML budget otherwise")
    func readLimits() throws {
        let magic = Array(try PipelineFixtures.bytes("Tests/TiercTests/Fixtures/snapshot/tiers.tierc").prefix(8))
        #expect(frontEnd.readLimit(prefix: magic) == PolicyFrontEnd.maxSnapshotBytes + 1)
        #expect(frontEnd.readLimit(prefix: Array("forma".utf8)) == YAMLBudget.default.maxInputBytes + 1)
        #expect(frontEnd.tenantsReadLimit == YAMLBudget.default.maxInputBytes + 1)
    }
}
