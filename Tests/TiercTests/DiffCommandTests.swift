import Foundation
import Testing

/// `tierc diff` through the real binary: formats, --fail-on, --set, exit statuses.
@Suite("tierc diff, end to end")
struct DiffCommandTests {
    static let root = TiercBinary.packageRoot
    static var policy: String { root.appendingPathComponent("tiers/tiers.yaml").path }
    static var next: String { root.appendingPathComponent("Tests/TiercTests/Fixtures/ci/tiers.next.yaml").path }

    @Test func jsonHasTheDocumentedShape() throws {
        let run = try TiercBinary.run(["diff", Self.policy, Self.next, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["breaking"] as? Int == 3)
        #expect(object["safe"] as? Int == 0)
        #expect(object["cosmetic"] as? Int == 1)
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.count == 4)
        #expect(changes.allSatisfy { Set($0.keys) == ["path", "tier", "kind", "impact", "old", "new", "message"] })
        let kinds = changes.compactMap { $0["kind"] as? String }
        #expect(kinds == ["price-increased", "limit-cut", "tier-name-changed", "feature-withdrawn"])
        let keys = run.stdout.split(separator: "\n").compactMap { line in
            line.hasPrefix("  \"") ? line.split(separator: "\"")[1] : nil
        }
        #expect(keys == ["changes", "breaking", "safe", "cosmetic"], "top-level key order")
    }

    @Test func failOnSetsTheExitStatus() throws {
        #expect(try TiercBinary.run(["diff", Self.policy, Self.next, "--fail-on", "breaking"]).status == 1)
        #expect(try TiercBinary.run(["diff", Self.policy, Self.policy, "--fail-on", "any"]).status == 0)
        let cosmetic = ["diff", Self.policy, "--set", "tiers.free.name=Gratis"]
        #expect(try TiercBinary.run(cosmetic + ["--fail-on", "breaking"]).status == 0)
        #expect(try TiercBinary.run(cosmetic + ["--fail-on", "any"]).status == 1)
    }

    @Test func humanPointsAtNewLines() throws {
        let run = try TiercBinary.run(["diff", Self.policy, Self.next])
        #expect(run.stdout.contains("tiers.next.yaml:53:12: breaking[price-increased]: the price of tier `starter` goes up from 29.00 USD to 35.00 USD a month"))
        #expect(run.stdout.contains("53 |     price: 35"))
        #expect(run.stdout.hasSuffix("4 changes (3 breaking, no safe, 1 cosmetic)\n"))
        #expect(!run.stdout.contains("\u{1B}["))
    }

    @Test func githubAnnotatesBreakingChangesOnNewLines() throws {
        let run = try TiercBinary.run(["diff", Self.policy, Self.next, "--format", "github"])
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("::error file=") }.count == 3)
        #expect(lines.contains { $0.hasPrefix("::error file=\(Self.next),line=55,col=26,endLine=55,endColumn=29,title=tierc diff%3A limit-cut (breaking)::") })
        #expect(lines.filter { $0.hasPrefix("::notice") }.count == 1)
    }

    /// A renamed tier that tenants are still on is breaking, located at the new key; a replay with tenants that
    /// are not on tiers of NEW prints the report, then the tenants' errors, and fails.
    @Test func renamedTierWithTenantsOnIt() throws {
        let renamed = try String(contentsOfFile: Self.policy, encoding: .utf8)
            .replacingOccurrences(of: "\n  starter:\n", with: "\n  basic:\n").replacingOccurrences(of: "extends: starter", with: "extends: basic")
        let workspace = try Workspace(["renamed.yaml": renamed])
        let tenants = TiercBinary.packageRoot.appendingPathComponent("examples/tenants.yaml").path
        let line = renamed.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "  basic:" }.map { $0 + 1 } ?? 0
        let safe = try TiercBinary.run(["diff", Self.policy, "renamed.yaml"], in: workspace.url)
        #expect(safe.stdout.contains("renamed.yaml:\(line):3: safe[tier-renamed]"), "\(safe.stdout)")
        let run = try TiercBinary.run(["diff", Self.policy, "renamed.yaml", "--tenants", tenants, "--fail-on", "breaking"], in: workspace.url)
        #expect(run.status == 1)
        #expect(run.stdout.contains("renamed.yaml:\(line):3: breaking[tier-renamed]: tier `starter` is renamed `basic`"), "\(run.stdout)")
        #expect(run.stdout.contains("tenant `tenant-c` is still on `starter` and gets 401"))
        let log = TiercBinary.packageRoot.appendingPathComponent("examples/requests.jsonl").path
        let replay = try TiercBinary.run(["diff", Self.policy, "renamed.yaml", "--tenants", tenants, "--replay", log], in: workspace.url)
        #expect(replay.status == 1)
        #expect(replay.stdout.contains("breaking[tier-renamed]"))
        #expect(replay.stderr.contains("error[undefined-tier]"))
        #expect(replay.stderr.contains("no replay"))
    }

    @Test func markdownIsATable() throws {
        let run = try TiercBinary.run(["diff", Self.policy, Self.next, "--format", "markdown"])
        #expect(run.stdout.contains("| Impact | Kind | Path | Old | New | Change |"))
        #expect(run.stdout.contains("| **breaking** | `limit-cut` | `tiers.starter.limits.api_calls.hour` (line 55) | `500` | `400` |"))
    }

    @Test func setErrorsAreLocatedAtTheArgument() throws {
        let run = try TiercBinary.run(["diff", Self.policy, "--set", "tiers.starter.price=39", "--set", "tiers.starter.prise=39"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("<--set>:2:15: error[unknown-key]: unknown key `prise` in tier `starter`; did you mean `price`?"))
    }

    @Test func usageErrors() throws {
        #expect(try TiercBinary.run(["diff", Self.policy]).status == 64)
        #expect(try TiercBinary.run(["diff", Self.policy, Self.next, "--format", "xml"]).status == 64)
        #expect(try TiercBinary.run(["diff", Self.policy, Self.next, "--fail-on", "safe"]).status == 64)
        #expect(try TiercBinary.run(["diff", Self.policy, "missing.yaml"]).status == 3)
    }

    @Test("a compiled snapshot compares like its YAML; a corrupt one, or --set on one, is refused")
    func snapshots() throws {
        let workspace = try Workspace(["garbage.tierc": "TIERC\u{0}\u{1}binary"])
        for (source, out) in [(Self.policy, "old"), (Self.next, "new")] {
            let run = try TiercBinary.run(["compile", source, "--out", out], in: workspace.url)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let yaml = try TiercBinary.run(["diff", Self.policy, Self.next, "--format", "json"])
        let compiled = try TiercBinary.run(["diff", "old/policy.tierc", "new/policy.tierc", "--format", "json"], in: workspace.url)
        #expect(compiled.status == yaml.status)
        #expect(compiled.stdout == yaml.stdout)
        let mixed = try TiercBinary.run(["diff", "old/policy.tierc", Self.next, "--format", "json"], in: workspace.url)
        #expect(mixed.stdout == yaml.stdout)
        let corrupt = try TiercBinary.run(["diff", Self.policy, "garbage.tierc"], in: workspace.url)
        #expect(corrupt.status == 1)
        #expect(corrupt.stderr.contains("garbage.tierc:"))
        let edit = try TiercBinary.run(["diff", "old/policy.tierc", "--set", "tiers.starter.price=39"], in: workspace.url)
        #expect(edit.status == 64)
        #expect(edit.stderr.contains("--set edits a tiers.yaml"))
    }
}

/// `tierc diff --replay --new-tenants` (docs/diff.md): a discount given in NEW's tenants file alone changes the
/// replayed invoices of that tenant and no other, with no NEW policy; without --replay it is a usage error.
@Suite("tierc diff --new-tenants, end to end")
struct DiffNewTenantsTests {
    @Test func aDiscountAloneChangesOnlyThatTenantsInvoices() throws {
        let root = TiercBinary.packageRoot
        let tenants = try String(contentsOf: root.appendingPathComponent("examples/tenants.yaml"), encoding: .utf8)
        let discounted = tenants.replacingOccurrences(
            of: "    tier: starter\n", with: "    tier: starter\n    discounts:\n      - { percent: 20, from: 2025-11, months: 3 }\n")
        #expect(discounted != tenants)
        let workspace = try Workspace(["tenants.discounted.yaml": discounted])
        let run = try TiercBinary.run(["diff", root.appendingPathComponent("tiers/tiers.yaml").path,
                                       "--replay", root.appendingPathComponent("examples/requests.jsonl").path,
                                       "--tenants", root.appendingPathComponent("examples/tenants.yaml").path,
                                       "--new-tenants", "tenants.discounted.yaml", "--format", "json"], in: workspace.url)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((object["changes"] as? [Any])?.isEmpty == true)
        let replay = try #require(object["replay"] as? [String: Any])
        let rows = try #require(replay["tenants"] as? [[String: Any]])
        let deltas = Dictionary(uniqueKeysWithValues: rows.compactMap { row in
            (row["tenant"] as? String).map { ($0, row["delta_total"] as? String ?? "?") }
        })
        // tenant-c (starter, 29.00 a month in November and December): 20 % off each month.
        #expect(deltas == ["tenant-a": "0.00", "tenant-b": "0.00", "tenant-c": "-11.60", "tenant-d": "0.00"])
    }

    @Test func newTenantsNeedsAReplay() throws {
        let root = TiercBinary.packageRoot
        let run = try TiercBinary.run(["diff", root.appendingPathComponent("tiers/tiers.yaml").path,
                                       "--new-tenants", root.appendingPathComponent("examples/tenants.yaml").path])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--new-tenants needs --replay"))
    }
}
