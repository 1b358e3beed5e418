import Foundation
import PolicyCheck
import PolicyCompiler
import PolicyModel
import PolicyRuntime
import PolicySource
import Testing
import TiercPipeline

/// `tierc serve`'s loading without the binary (docs/pipeline.md#serving-a-policy): YAML and snapshots with the
/// signature requirement, the tenants chosen (the tenants file's, the live policy's, a snapshot's own), and the one
/// line a failed reload logs for each failure.
@Suite("Pipeline: serve front end")
struct ServeFrontEndTests {
    static let fixtures = "Tests/TiercTests/Fixtures/snapshot"

    static func key(_ name: String) throws -> SnapshotPublicKey {
        try SnapshotPublicKey(keyFileText: String(decoding: try PipelineFixtures.bytes("\(fixtures)/\(name).pub"), as: UTF8.self))
    }

    /// The small policy compiled in memory: with its tenant (`acme`) or without tenants, signed with the test key or not.
    static func snapshot(withTenants: Bool, signed: Bool, revision: UInt64 = 3) throws -> SourceFile {
        let yaml = try PolicyFrontEnd().load(policy: SourceFile(name: "tiers.yaml", text: PipelineFixtures.smallPolicy),
                                             tenants: withTenants ? SourceFile(name: "tenants.yaml", text: PipelineFixtures.smallTenants) : nil)
        let key = signed ? try SnapshotSigningKey(keyFileText: String(decoding: try PipelineFixtures.bytes("\(fixtures)/test.key"), as: UTF8.self)) : nil
        let files = try SnapshotBackend().emit(CompileInput(yaml, options: CompileOptions(revision: revision, signingKey: key)))
        return SourceFile(name: "policy.tierc", bytes: try #require(files.first).bytes)
    }

    static let policy = SourceFile(name: "tiers.yaml", text: PipelineFixtures.smallPolicy)
    static let tenants = SourceFile(name: "tenants.yaml", text: PipelineFixtures.smallTenants)
    /// Another tenants file of the small policy (`solo`), to tell the tenants files apart from a snapshot's own.
    static let otherTenants = SourceFile(name: "other.yaml", text: "tenants:\n  solo:\n    tier: free\n")
    /// The live policy's tenants, as a `--shadow` candidate gets them.
    static func live() throws -> TenantDirectory {
        try #require(try PolicyFrontEnd().load(policy: policy, tenants: SourceFile(name: "live.yaml", text: """
            tenants:
              one:
                tier: free
              two:
                tier: pro

            """)).tenants)
    }

    /// The one line of a load that must fail.
    static func line(_ frontEnd: ServeFrontEnd = ServeFrontEnd(), policy: SourceFile, tenants: SourceFile? = nil,
                     liveTenants: TenantDirectory? = nil) -> String? {
        do {
            let served = try frontEnd.load(policy: policy, tenants: tenants, liveTenants: liveTenants)
            Issue.record("loaded \(served.policy.name), expected a failure")
            return nil
        } catch {
            return error.description
        }
    }

    @Test("a tiers.yaml with its tenants file: the checked policy and the file's tenants, revision 0")
    func yamlWithTenants() throws {
        let served = try ServeFrontEnd().load(policy: Self.policy, tenants: Self.tenants)
        #expect(served.policy.name == "demo" && served.revision == 0 && !served.loaded.isSnapshot)
        #expect(served.tenants.tenants.map(\.id) == ["acme"])
        #expect(served.loaded.sources.map(\.name) == ["tiers.yaml", "tenants.yaml"])
        // A --shadow candidate with a tenants file decides for the file's tenants, not the live ones.
        let candidate = try ServeFrontEnd().load(policy: Self.policy, tenants: Self.tenants, liveTenants: try Self.live())
        #expect(candidate.tenants.tenants.map(\.id) == ["acme"])
    }

    @Test("a tiers.yaml without a tenants file: the live tenants for a candidate, else no tenants and its line")
    func yamlWithoutTenants() throws {
        let candidate = try ServeFrontEnd().load(policy: Self.policy, liveTenants: try Self.live())
        #expect(candidate.tenants.tenants.map(\.id) == ["one", "two"])
        #expect {
            try ServeFrontEnd().load(policy: Self.policy)
        } throws: { error in
            guard case ServeLoadError.noTenants(let loaded) = error else { return false }
            return loaded.file == "tiers.yaml" && !loaded.isSnapshot
        }
        #expect(Self.line(policy: Self.policy) == "tiers.yaml: not a valid input")
    }

    @Test("a snapshot's tenants: its own, else replaced by the tenants file; a candidate's are the live ones")
    func snapshotTenants() throws {
        let snapshot = try Self.snapshot(withTenants: true, signed: false)
        let own = try ServeFrontEnd().load(policy: snapshot)
        #expect(own.loaded.isSnapshot && own.revision == 3 && own.policy.name == "demo")
        #expect(own.tenants.tenants.map(\.id) == ["acme"])
        let file = try ServeFrontEnd().load(policy: snapshot, tenants: Self.otherTenants)
        #expect(file.tenants.tenants.map(\.id) == ["solo"])
        #expect(file.loaded.tenantsSource?.name == "other.yaml")
        let candidate = try ServeFrontEnd().load(policy: snapshot, liveTenants: try Self.live())
        #expect(candidate.tenants.tenants.map(\.id) == ["one", "two"], "never the tenants a candidate snapshot carries")
        let candidateWithFile = try ServeFrontEnd().load(policy: snapshot, tenants: Self.otherTenants, liveTenants: try Self.live())
        #expect(candidateWithFile.tenants.tenants.map(\.id) == ["solo"])
    }

    @Test("a snapshot compiled without tenants: a tenants file or live tenants, else its line")
    func snapshotWithoutTenants() throws {
        let snapshot = try Self.snapshot(withTenants: false, signed: false)
        #expect(try ServeFrontEnd().load(policy: snapshot, tenants: Self.tenants).tenants.tenants.map(\.id) == ["acme"])
        #expect(try ServeFrontEnd().load(policy: snapshot, liveTenants: try Self.live()).tenants.tenants.count == 2)
        #expect(Self.line(policy: snapshot) == "policy.tierc: compiled without tenants and no --tenants given")
    }

    @Test("signatures: unverified without a key (a notice), verified with it, required, refused with another key")
    func signatures() throws {
        let signed = try Self.snapshot(withTenants: true, signed: true)
        let unverified = try ServeFrontEnd().load(policy: signed)
        #expect(unverified.loaded.notices == [.unverifiedSignature(file: "policy.tierc")])
        let test = try Self.key("test"), other = try Self.key("other")
        #expect(try ServeFrontEnd(signature: .verifyIfPresent(test)).load(policy: signed).loaded.notices.isEmpty)
        let required = ServeFrontEnd(signature: .require(test))
        #expect(required.requiresSignature && !ServeFrontEnd(signature: .verifyIfPresent(test)).requiresSignature)
        #expect(try required.load(policy: signed).tenants.tenants.map(\.id) == ["acme"])

        let wrong = try #require(Self.line(ServeFrontEnd(signature: .verifyIfPresent(other)), policy: signed))
        #expect(wrong.hasPrefix("policy.tierc: bad signature: the Ed25519 signature at byte "))
        #expect(wrong.hasSuffix(" does not verify with the given public key; the file was changed after it was signed, or signed with another key"))
        #expect(Self.line(ServeFrontEnd(signature: .require(other)), policy: signed) == wrong)

        let unsigned = try Self.snapshot(withTenants: true, signed: false)
        #expect(try ServeFrontEnd(signature: .verifyIfPresent(test)).load(policy: unsigned).loaded.notices.isEmpty)
        #expect(Self.line(required, policy: unsigned) == "policy.tierc: missing signature: the snapshot is unsigned (its flags at byte 10 have no signature bit), but a signed snapshot is required; compile it with --sign-key")
    }

    @Test("--require-signature refuses a tiers.yaml, before its tenants are looked at")
    func requiredSignatureRefusesYAML() throws {
        let required = ServeFrontEnd(signature: .require(try Self.key("test")))
        let line = "tiers.yaml: --require-signature needs a signed snapshot; a tiers.yaml carries no signature"
        #expect(Self.line(required, policy: Self.policy, tenants: Self.tenants) == line)
        #expect(Self.line(required, policy: SourceFile(name: "tiers.yaml", text: "garbage")) == line)
        #expect(throws: ServeLoadError.self) { try required.admit(Self.policy) }
        try required.admit(try Self.snapshot(withTenants: false, signed: true))
        try ServeFrontEnd().admit(Self.policy)
    }

    @Test("a truncated or corrupt snapshot: the finding's message after the file's name")
    func brokenSnapshots() throws {
        let bytes = try Self.snapshot(withTenants: true, signed: true).bytes
        let half = SourceFile(name: "policy.tierc", bytes: Array(bytes.prefix(bytes.count / 2)))
        let truncated = try #require(Self.line(policy: half))
        #expect(truncated.hasPrefix("policy.tierc: truncated snapshot: the header and sections (their length is at byte 12) at byte 20 needs "))
        #expect(truncated.hasSuffix(" bytes remain; the file is incomplete (copy it again or recompile it)"))
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x55
        let corrupt = try #require(Self.line(policy: SourceFile(name: "policy.tierc", bytes: flipped)))
        #expect(corrupt.hasPrefix("policy.tierc: checksum mismatch: the SHA-256 stored at byte "))
        #expect(Self.line(policy: SourceFile(name: "policy.tierc", bytes: Array(bytes.prefix(8))))
                == "policy.tierc: truncated snapshot: the format version at byte 8 needs 2 bytes but the file ends there; the file is incomplete (copy it again or recompile it)")
        // The finding is the one of the front end's error (docs/diagnostics.md, "Findings in a snapshot").
        do {
            _ = try ServeFrontEnd().load(policy: half)
        } catch {
            guard case .rejected(let rejected) = error, let finding = rejected.diagnostics.first else {
                Issue.record("expected the snapshot's finding, got \(error)")
                return
            }
            #expect(finding.code.rawValue == "truncated-snapshot")
            #expect(error.description == "policy.tierc: \(finding.message)")
        }
    }

    @Test("check errors: the first one located, with how many more; from the tenants file too")
    func checkErrors() throws {
        let broken = SourceFile(name: "tiers.yaml", text: PipelineFixtures.brokenPolicy)
        #expect(Self.line(policy: broken, tenants: Self.tenants)
                == "tiers.yaml:17:5: duplicate-key: duplicate key `price` in this mapping; remove or rename one of the two (and 1 more error)")
        let three = SourceFile(name: "tiers.yaml", text: PipelineFixtures.brokenPolicy.replacingOccurrences(of: "currency: USD\n", with: "currency: USD\nroundng: x\n"))
        #expect(Self.line(policy: three, tenants: Self.tenants)?.hasSuffix(" (and 2 more errors)") == true)
        #expect(Self.line(policy: SourceFile(name: "tiers.yaml", text: "format: 1\npolicy: [unclosed\n"), tenants: Self.tenants)
                == "tiers.yaml:3:1: yaml-syntax: did not find expected ',' or ']'; separate list items with `,` and close the list with `]`")

        let badTenants = SourceFile(name: "tenants.yaml", text: PipelineFixtures.smallTenants.replacingOccurrences(of: "tier: pro", with: "tier: gold"))
        let expected = "tenants.yaml:3:11: undefined-tier: tenant `acme` is on tier `gold`, which the policy does not declare; tiers: `free`, `pro`"
        #expect(Self.line(policy: Self.policy, tenants: badTenants) == expected)
        #expect(Self.line(policy: try Self.snapshot(withTenants: false, signed: false), tenants: badTenants) == expected)
        #expect(Self.line(policy: Self.policy, tenants: SourceFile(name: "tenants.yaml", text: ""))
                == "tenants.yaml:1:1: empty-document: the file contains no YAML document")
    }

    @Test("text from the files is made safe for a terminal in the line: controls and bidirectional overrides")
    func hostileText() throws {
        let policy = SourceFile(name: "tiers.yaml", text: PipelineFixtures.smallPolicy
            .replacingOccurrences(of: "currency: USD\n", with: "currency: USD\n\"bad\\tkey\\u202e\\e\": 1\n"))
        let line = try #require(Self.line(policy: policy))
        #expect(line.hasPrefix("tiers.yaml:4:1: unknown-key: unknown key `bad\u{FFFD}key\u{FFFD}\u{FFFD}` in the policy"))
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202E}" })
        #expect(UntrustedText.safe("a\tb\u{1B}[31m\u{85}c\u{2066}é") == "a\u{FFFD}b\u{FFFD}[31m\u{FFFD}c\u{FFFD}é")
        #expect(UntrustedText.safe("plain: ok") == "plain: ok")
    }

    @Test("a reload reads a policy file up to the snapshot budget whatever it starts with; tenants up to the YAML budget")
    func readLimits() {
        let frontEnd = ServeFrontEnd()
        #expect(frontEnd.reloadReadLimit == PolicyFrontEnd.maxSnapshotBytes + 1)
        #expect(frontEnd.frontEnd.tenantsReadLimit == YAMLBudget.default.maxInputBytes + 1)
    }
}
