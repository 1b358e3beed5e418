import Foundation
import Testing

/// `tierc inspect` and `tierc compile` report their problems as findings in `--format json|sarif|github`, as
/// `tierc check` does (docs/cli.md#findings): a snapshot's located by byte offset, a key file's and a backend's
/// with their codes; the human output is the one of before.
@Suite("inspect and compile findings formats, end to end")
struct FindingsFormatTests {
    static let snapshots = TiercBinary.packageRoot.appendingPathComponent("Tests/TiercTests/Fixtures/snapshot")
    static let ci = TiercBinary.packageRoot.appendingPathComponent("Tests/TiercTests/Fixtures/ci")
    static func snapshot(_ name: String) -> String { snapshots.appendingPathComponent(name).path }

    /// A workspace holding `bad.tierc`: the committed snapshot with one byte of its policy section flipped.
    static func corruptedWorkspace() throws -> Workspace {
        var bytes = try Data(contentsOf: snapshots.appendingPathComponent("tiers.tierc"))
        bytes[500] ^= 0x10
        let workspace = try Workspace([:])
        try bytes.write(to: workspace.url.appendingPathComponent("bad.tierc"))
        return workspace
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func inspectJSONReportsACorruptSnapshotAsAFindingAtItsByteOffset() throws {
        let workspace = try Self.corruptedWorkspace()
        let run = try TiercBinary.run(["inspect", "bad.tierc", "--format", "json"], in: workspace.url)
        #expect(run.status == 1)
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        let report = try Self.object(run.stdout)
        #expect(report["errors"] as? Int == 1)
        #expect(report["warnings"] as? Int == 0)
        let findings = try #require(report["diagnostics"] as? [[String: Any]])
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding["file"] as? String == "bad.tierc")
        #expect(finding["code"] as? String == "checksum-mismatch")
        #expect(finding["byte_offset"] as? Int == 2241)
        #expect(finding["byte_length"] as? Int == 32)
        #expect(finding["line"] == nil, "a binary file has no lines")
        #expect((finding["message"] as? String)?.hasPrefix("checksum mismatch: the SHA-256 stored at byte 2241") == true)
        // The human format is the line of before, on standard error.
        let human = try TiercBinary.run(["inspect", "bad.tierc"], in: workspace.url)
        #expect(human.stderr.hasPrefix("tierc: error: bad.tierc: checksum mismatch: the SHA-256 stored at byte 2241"))
        #expect(human.stdout.isEmpty)
    }

    @Test func inspectSARIFLocatesTheFindingByByteRegion() throws {
        let workspace = try Self.corruptedWorkspace()
        let run = try TiercBinary.run(["inspect", "bad.tierc", "--format", "sarif"], in: workspace.url)
        #expect(run.status == 1)
        let log = try Self.object(run.stdout)
        let sarifRun = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(sarifRun["results"] as? [[String: Any]])
        #expect(results.count == 1)
        #expect(results.first?["ruleId"] as? String == "checksum-mismatch")
        let location = try #require((results.first?["locations"] as? [[String: Any]])?.first)
        let physical = try #require(location["physicalLocation"] as? [String: Any])
        let region = try #require(physical["region"] as? [String: Any])
        #expect(region["byteOffset"] as? Int == 2241)
        #expect(region["byteLength"] as? Int == 32)
        #expect(region["startLine"] == nil)
        // The rule says who reports it.
        let rules = try #require(((sarifRun["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        let rule = try #require(rules.first { $0["id"] as? String == "checksum-mismatch" })
        #expect(((rule["fullDescription"] as? [String: Any])?["text"] as? String)?.contains("by `tierc inspect`") == true)
    }

    @Test func inspectGitHubAnnotatesTheFileAndAValidSnapshotHasNoFindings() throws {
        let run = try TiercBinary.run(["inspect", Self.snapshot("tiers.signed.tierc"), "--public-key", Self.snapshot("other.pub"),
                                       "--format", "github"])
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("::error file=\(Self.snapshot("tiers.signed.tierc")),title=tierc bad-signature::bad signature: the Ed25519 signature at byte 2273") == true)
        #expect(lines.last == "\(Self.snapshot("tiers.signed.tierc")): 1 error, no warnings")
        let valid = try TiercBinary.run(["inspect", Self.snapshot("tiers.tierc"), "--format", "github"])
        #expect(valid.status == 0)
        #expect(valid.stdout == "\(Self.snapshot("tiers.tierc")): no errors, no warnings\n")
        let key = try TiercBinary.run(["inspect", Self.snapshot("tiers.tierc"), "--public-key", Self.snapshot("test.key"), "--format", "json"])
        #expect(key.status == 1)
        let finding = try #require((try Self.object(key.stdout)["diagnostics"] as? [[String: Any]])?.first)
        #expect(finding["code"] as? String == "invalid-key-file")
        #expect(finding["line"] as? Int == 1)
    }

    @Test func compileJSONReportsTheCheckFindingsAndWritesNothing() throws {
        let workspace = try Workspace([:])
        let run = try TiercBinary.run(["compile", Self.ci.appendingPathComponent("broken.yaml").path, "--out", "out",
                                       "--format", "json"], in: workspace.url)
        #expect(run.status == 1)
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        let check = try TiercBinary.run(["check", Self.ci.appendingPathComponent("broken.yaml").path, "--format", "json"])
        #expect(run.stdout == check.stdout, "compile reports the check's findings as check does")
        #expect(!FileManager.default.fileExists(atPath: workspace.url.appendingPathComponent("out/policy.tierc").path))
    }

    @Test func compileMachineFormatsPutTheSummaryOnStandardError() throws {
        let workspace = try Workspace([:])
        let policy = TiercBinary.packageRoot.appendingPathComponent("tiers/tiers.yaml").path
        let run = try TiercBinary.run(["compile", policy, "--out", "out", "--format", "sarif"], in: workspace.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("compiled omni-platform (4 tiers, 0 tenants)"))
        let log = try Self.object(run.stdout)
        #expect(((log["runs"] as? [[String: Any]])?.first?["results"] as? [Any])?.isEmpty == true)
        #expect(FileManager.default.fileExists(atPath: workspace.url.appendingPathComponent("out/policy.tierc").path))
        let human = try TiercBinary.run(["compile", policy, "--out", "out"], in: workspace.url)
        #expect(human.stdout.hasPrefix("compiled omni-platform (4 tiers, 0 tenants)"))
        #expect(human.stderr.isEmpty)
    }

    @Test func compileReportsAValueItCannotRepresentAsAFinding() throws {
        let workspace = try Workspace(["tiers.yaml": """
            format: 1
            policy: huge
            currency: USD
            identification: {order: [api_key]}
            meters:
              api_calls: {kind: counter}
            tiers:
              free:
                price: 100000000000000000

            """])
        let run = try TiercBinary.run(["compile", "tiers.yaml", "--out", "out", "--format", "github"], in: workspace.url)
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("::error file=tiers.yaml,line=1,col=1,endLine=1,endColumn=1,title=tierc unrepresentable-value::the price of tier `free` (100000000000000000) is not a whole number of USD minor units that fits in Int64%0Anote: not compiled: Policy.swift cannot represent these values\n"))
        let human = try TiercBinary.run(["compile", "tiers.yaml", "--out", "out"], in: workspace.url)
        #expect(human.stderr == """
            tierc: error: tiers.yaml: the price of tier `free` (100000000000000000) is not a whole number of USD minor units that fits in Int64
            tierc: error: tiers.yaml: not compiled: Policy.swift cannot represent these values

            """)
    }
}
