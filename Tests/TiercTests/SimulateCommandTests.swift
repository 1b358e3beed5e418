import Foundation
import Testing

/// `tierc simulate` through the real binary: the bundled example, exit statuses, --strict, --output, stdin.
@Suite("tierc simulate, end to end")
struct SimulateCommandTests {
    static let root = TiercBinary.packageRoot
    static var policy: String { root.appendingPathComponent("tiers/tiers.yaml").path }
    static var tenants: String { root.appendingPathComponent("examples/tenants.yaml").path }
    static var log: String { root.appendingPathComponent("examples/requests.jsonl").path }
    static let golden = root.appendingPathComponent("Tests/TiercTests/Fixtures/requests.report.json")

    /// The JSON report of the bundled example is compared byte for byte with a committed golden file
    /// (`TIERC_RECORD=1` re-records it); it also pins determinism across runs and machines.
    @Test func exampleReportMatchesGolden() throws {
        let run = try TiercBinary.run(["simulate", Self.policy, Self.log, "--tenants", Self.tenants, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        if ProcessInfo.processInfo.environment["TIERC_RECORD"] == "1" {
            try Data(run.stdout.utf8).write(to: Self.golden)
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(run.stdout == expected, "report differs from Tests/TiercTests/Fixtures/requests.report.json (TIERC_RECORD=1 re-records)")
        #expect(run.stderr.contains("requests.jsonl:229: `ts` is missing"))
        let again = try TiercBinary.run(["simulate", Self.policy, Self.log, "--tenants", Self.tenants, "--format", "json"])
        #expect(again.stdout == run.stdout)
    }

    @Test func humanSummaryNamesEveryTenant() throws {
        let run = try TiercBinary.run(["simulate", Self.policy, Self.log, "--tenants", Self.tenants])
        #expect(run.status == 0)
        for tenant in ["tenant-a", "tenant-b", "tenant-c", "tenant-d"] { #expect(run.stdout.contains(tenant)) }
        #expect(!run.stdout.contains("\u{1B}["), "no colour without a terminal")
    }

    @Test func policyErrorsStopTheReplayWithStatus1() throws {
        let workspace = try Workspace(["tiers.yaml": policyWithError, "tenants.yaml": validTenants, "log.jsonl": "{\"ts\":0}\n"])
        let run = try TiercBinary.run(["simulate", "tiers.yaml", "log.jsonl", "--tenants", "tenants.yaml"], in: workspace.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("tiers.yaml:"))
        #expect(run.stderr.contains("error[unknown-key]"))
        #expect(run.stdout.isEmpty)
    }

    @Test func unreadableLogIsStatus3() throws {
        let workspace = try Workspace(["tiers.yaml": validPolicy, "tenants.yaml": validTenants])
        let run = try TiercBinary.run(["simulate", "tiers.yaml", "missing.jsonl", "--tenants", "tenants.yaml"], in: workspace.url)
        #expect(run.status == 3)
        #expect(run.stderr.contains("cannot read 'missing.jsonl'"))
    }

    @Test func strictStopsAtTheFirstInvalidLine() throws {
        let log = "{\"ts\":\"2025-11-01T00:00:00Z\",\"tenant\":\"acme\"}\n\n{\"ts\":\"2025-11-31T00:00:00Z\"}\n{\"nope\":1}\n"
        let workspace = try Workspace(["tiers.yaml": validPolicy, "tenants.yaml": validTenants, "log.jsonl": log])
        let lenient = try TiercBinary.run(["simulate", "tiers.yaml", "log.jsonl", "--tenants", "tenants.yaml", "--format", "json"],
                                          in: workspace.url)
        #expect(lenient.status == 0)
        #expect(lenient.stdout.contains("\"invalid_lines\": [3, 4]"))
        let strict = try TiercBinary.run(["simulate", "tiers.yaml", "log.jsonl", "--tenants", "tenants.yaml", "--strict"], in: workspace.url)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("log.jsonl:3"))
        #expect(strict.stderr.contains("RFC 3339"))
    }

    @Test func standardInputAndAtomicOutput() throws {
        let log = "{\"ts\":\"2025-11-01T00:00:00Z\",\"tenant\":\"acme\"}\n"
        let workspace = try Workspace(["tiers.yaml": validPolicy, "tenants.yaml": validTenants, "report.json": "old"])
        let run = try TiercBinary.run(["simulate", "tiers.yaml", "-", "--tenants", "tenants.yaml", "--format", "json",
                                       "--output", "report.json"], in: workspace.url, input: log)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let written = try String(contentsOf: workspace.url.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(written.hasPrefix("{\n  \"policy\": \"demo\""))
        // An output that cannot be written: status 4, and nothing half-written is left behind.
        let failed = try TiercBinary.run(["simulate", "tiers.yaml", "-", "--tenants", "tenants.yaml",
                                          "--output", "no/such/dir/report.json"], in: workspace.url, input: log)
        #expect(failed.status == 4)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.url.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }
}
