#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// Untrusted inputs cost bounded work and output (docs/cli.md "Bounded output", "Input budgets";
/// docs/simulation.md "Long spans"; docs/diff.md "Editing with --set"); a signed snapshot's signature is
/// verified by simulate when asked, and said not to be otherwise.
@Suite("tierc bounded work on hostile input, end to end")
struct BoundedWorkTests {
    /// A one-line policy of 39 KB with 4,000 unknown keys, as in the issue.
    static let oneLinePolicy: String = {
        let keys = (0..<4_000).map { "k\($0): 1" }.joined(separator: ", ")
        return "{format: 1, policy: x, currency: USD, meters: {api_calls: {kind: counter, unit: call}}, tiers: {free: {price: 0}}, \(keys)}\n"
    }()

    @Test("human diagnostics of a one-line policy with 4,000 unknown keys: 100 shown, a window of the line each, an 'N more' line")
    func humanOutputIsBounded() throws {
        let workspace = try Workspace(["tiers.yaml": Self.oneLinePolicy])
        let run = try TiercBinary.run(["check", "tiers.yaml"], in: workspace.url)
        #expect(run.status == 1)
        // Before: every diagnostic echoed the whole 39 KB line (233 MB). Now 100 excerpts of at most 160 columns.
        #expect(run.stdout.utf8.count < 100 * 1_024, "\(run.stdout.utf8.count) bytes")
        #expect(run.stdout.components(separatedBy: "error[unknown-key]").count - 1 == 100)
        #expect(run.stdout.contains("3900 more diagnostics in tiers.yaml not shown"))
        #expect(run.stdout.hasSuffix("tiers.yaml: 4000 errors, no warnings\n"), "the summary counts every one")
        let longest = run.stdout.split(separator: "\n").filter { $0.hasPrefix("1 |") }.map(\.unicodeScalars.count).max() ?? 0
        #expect(longest <= 4 + 160, "an excerpt line has \(longest) columns")
        // The caret of the first diagnostic is under `k0`.
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let source = try #require(lines.firstIndex { $0.hasPrefix("1 |") })
        let caret = Array(lines[source + 1].unicodeScalars).firstIndex(of: "^")
        let key = Array(lines[source].unicodeScalars).indices.first { index in
            String(String.UnicodeScalarView(Array(lines[source].unicodeScalars)[index...].prefix(3))) == "k0:"
        }
        #expect(caret != nil && caret == key, "caret at \(String(describing: caret)), k0 at \(String(describing: key))")

        let json = try TiercBinary.run(["check", "tiers.yaml", "--format", "json"], in: workspace.url)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["diagnostics"] as? [Any])?.count == 4_000, "--format json lists every diagnostic")
    }

    @Test("simulate and diff read a non-snapshot policy up to the YAML budget and report it in a few bytes")
    func policyBudgetAppliesToSimulateAndDiff() throws {
        let workspace = try Workspace(["tenants.yaml": validTenants, "log.jsonl": "", "ok.yaml": validPolicy])
        // 20 MiB of NUL bytes on one line: over the 16 MiB YAML budget, and not a snapshot.
        try Data(count: 20 << 20).write(to: workspace.url.appendingPathComponent("nul.yaml"))
        let simulate = try TiercBinary.run(["simulate", "nul.yaml", "log.jsonl", "--tenants", "tenants.yaml"], in: workspace.url)
        #expect(simulate.status == 1)
        #expect(simulate.stderr.utf8.count < 4_096, "\(simulate.stderr.utf8.count) bytes on standard error")
        #expect(simulate.stderr.contains("nul.yaml:1:") && simulate.stderr.contains("over the 16 MiB limit"), "\(simulate.stderr.prefix(600))")
        let diff = try TiercBinary.run(["diff", "ok.yaml", "nul.yaml"], in: workspace.url)
        #expect(diff.status == 1)
        #expect(diff.stderr.utf8.count < 4_096, "\(diff.stderr.utf8.count) bytes on standard error")
        #expect(diff.stderr.contains("nul.yaml:1:") && diff.stderr.contains("over the 16 MiB limit"))

        // With the snapshot magic, the snapshot budget and the snapshot's own checks apply instead.
        var fake = Data([0x54, 0x49, 0x45, 0x52, 0x43, 0x00, 0x0D, 0x0A])
        fake.append(Data(count: 20 << 20))
        try fake.write(to: workspace.url.appendingPathComponent("fake.tierc"))
        let snapshot = try TiercBinary.run(["simulate", "fake.tierc", "log.jsonl", "--tenants", "tenants.yaml"], in: workspace.url)
        #expect(snapshot.status == 1)
        #expect(snapshot.stderr.hasPrefix("tierc: error: fake.tierc: "), "\(snapshot.stderr.prefix(600))")
        #expect(snapshot.stderr.utf8.count < 4_096)
    }

    @Test("simulate verifies a signed snapshot with --public-key, and says when a signature was not verified")
    func simulateVerifiesSignatures() throws {
        let fixtures = TiercBinary.packageRoot.appendingPathComponent("Tests/TiercTests/Fixtures/snapshot")
        func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }
        let root = TiercBinary.packageRoot
        let log = root.appendingPathComponent("examples/requests.jsonl").path
        let tenants = root.appendingPathComponent("examples/tenants.yaml").path

        let unverified = try TiercBinary.run(["simulate", fixture("tiers.signed.tierc"), log, "--format", "json"])
        #expect(unverified.status == 0)
        #expect(unverified.stderr.contains("tiers.signed.tierc is signed, but its signature was not verified"), "\(unverified.stderr)")

        let verified = try TiercBinary.run(["simulate", fixture("tiers.signed.tierc"), log, "--format", "json",
                                            "--public-key", fixture("test.pub"), "--require-signature"])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(!verified.stderr.contains("not verified"))
        #expect(verified.stdout == unverified.stdout)

        let wrongKey = try TiercBinary.run(["simulate", fixture("tiers.signed.tierc"), log, "--public-key", fixture("other.pub")])
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stderr.contains("bad signature"), "\(wrongKey.stderr)")
        #expect(wrongKey.stdout.isEmpty)

        let unsigned = try TiercBinary.run(["simulate", fixture("tiers.tierc"), log, "--public-key", fixture("test.pub"),
                                            "--require-signature"])
        #expect(unsigned.status == 1)
        #expect(unsigned.stderr.contains("missing signature"), "\(unsigned.stderr)")

        let yaml = try TiercBinary.run(["simulate", root.appendingPathComponent("tiers/tiers.yaml").path, log, "--tenants", tenants,
                                        "--public-key", fixture("test.pub"), "--require-signature"])
        #expect(yaml.status == 1)
        #expect(yaml.stderr.contains("--require-signature needs a signed snapshot"), "\(yaml.stderr)")

        let usage = try TiercBinary.run(["simulate", fixture("tiers.tierc"), log, "--require-signature"])
        #expect(usage.status == 64)
    }

    @Test("diff --set with a path of 28,000 keys is a usage error, not a crash")
    func deepSetPathIsAUsageError() throws {
        let workspace = try Workspace(["tiers.yaml": validPolicy])
        let path = Array(repeating: "a", count: 28_000).joined(separator: ".")
        let run = try TiercBinary.run(["diff", "tiers.yaml", "--set", "\(path)=1"], in: workspace.url)
        #expect(run.status == 64, "\(run.stderr.prefix(400))")
        #expect(run.stderr.contains("has 28000 keys; a path has at most 64"), "\(run.stderr.prefix(400))")
        #expect(run.stderr.utf8.count < 2_048, "the path is not echoed whole")
        let fine = try TiercBinary.run(["diff", "tiers.yaml", "--set", "tiers.pro.price=39"], in: workspace.url)
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    @Test("a log spanning 500 years: every month reported, memory bounded by tenants and meters, a warning names both lines")
    func longSpanIsStreamedAndWarned() throws {
        let tenants = "tenants:\n" + (0..<40).map { "  t\($0):\n    tier: pro\n    api_keys: [key-\($0)]\n" }.joined()
        let policy = validPolicy.replacingOccurrences(of: "tiers:\n", with: "usage_prices:\n  api_calls: { per: 1000, price: 1 }\ntiers:\n")
        let log = "{\"ts\":\"2025-06-01T00:00:00Z\",\"tenant\":\"t3\"}\n"
            + "{\"ts\":\"1800-01-01T00:00:00Z\",\"tenant\":\"t0\"}\n"
            + "{\"ts\":\"2299-12-31T23:59:59Z\",\"tenant\":\"t1\"}\n"
        let workspace = try Workspace(["tiers.yaml": policy, "tenants.yaml": tenants, "log.jsonl": log])
        let directory = workspace.url.path
        let measured = try MeasuredRun.run(["simulate", "\(directory)/tiers.yaml", "\(directory)/log.jsonl",
                                            "--tenants", "\(directory)/tenants.yaml", "--format", "csv",
                                            "--output", "\(directory)/report.csv"],
                                           stderr: "\(directory)/stderr")
        #expect(measured.status == 0)
        let stderr = try String(contentsOfFile: "\(directory)/stderr", encoding: .utf8)
        #expect(stderr.contains("the log spans 6000 months, more than the 60"), "\(stderr)")
        #expect(stderr.contains("from 1800-01-01T00:00:00Z (\(directory)/log.jsonl:2) to 2299-12-31T23:59:59Z (\(directory)/log.jsonl:3)"),
                "\(stderr)")
        // 40 tenants × 6,000 months × 2 lines, and the header.
        let report = try Data(contentsOf: workspace.url.appendingPathComponent("report.csv"))
        let rows = report.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        #expect(rows == 1 + 40 * 6_000 * 2)
        // The report holds 480,000 rows (18 MB); holding its invoices took some 275 MB before. Computed while
        // written, the process stays near its baseline.
        #expect(measured.maxResidentBytes > 0 && measured.maxResidentBytes < 120 << 20, "max RSS \(measured.maxResidentBytes >> 20) MiB (was about 260 MiB when the invoices were held)")

        // The human report (rollup first), the per-tenant CSV (a column per month) and the HTML page (a bar per
        // month) stay bounded too: never tenants × months in memory.
        for format in [["--format", "human"], ["--format", "csv", "--csv-table", "tenants"], ["--format", "html"]] {
            let other = try MeasuredRun.run(["simulate", "\(directory)/tiers.yaml", "\(directory)/log.jsonl",
                                             "--tenants", "\(directory)/tenants.yaml"] + format + ["--output", "\(directory)/other"],
                                            stderr: "\(directory)/stderr")
            #expect(other.status == 0, "\(format)")
            #expect(other.maxResidentBytes > 0 && other.maxResidentBytes < 120 << 20, "\(format): max RSS \(other.maxResidentBytes >> 20) MiB")
        }
    }
}

/// A child process run with `posix_spawn`, and its peak resident set size. On Linux the peak is read from
/// `/proc/PID/status` (`VmHWM`, the high-water mark of the child's own memory after `exec`) while it runs:
/// `wait4`'s `ru_maxrss` would not do, because `posix_spawn` starts the child in the parent's address space and
/// the kernel counts that space's peak (the whole test process's) at `exec`. Elsewhere `wait4`'s figure is used.
enum MeasuredRun {
    static func run(_ arguments: [String], stderr: String) throws -> (status: Int32, maxResidentBytes: Int) {
        let binary = try #require(TiercBinary.binary)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([binary.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, binary.path, &actions, nil, argv, environ)
        try #require(spawned == 0, "posix_spawn failed: \(spawned)")
        var status: Int32 = 0
        var usage = rusage()
        var peak = 0
        while true {
            #if os(Linux)
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
                peak = max(peak, kilobytes * 1_024)
            }
            #endif
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { break }
            usleep(5_000)
        }
        #if !os(Linux)
        peak = Int(usage.ru_maxrss)  // bytes on macOS
        #endif
        let exited = status & 0x7F == 0
        return (exited ? (status >> 8) & 0xFF : -1, peak)
    }
}
