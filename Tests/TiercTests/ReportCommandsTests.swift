import Foundation
import Testing

/// Issue 15 through the real binary: `tierc table`, `--format html` of simulate and diff, `--csv-table`.
/// (The HTML is rendered in headless Chromium by scripts/test-html-report.sh, a step of scripts/test.sh.)
@Suite("tierc table and the HTML reports, end to end")
struct ReportCommandsTests {
    static let root = TiercBinary.packageRoot
    static var policy: String { root.appendingPathComponent("tiers/tiers.yaml").path }
    static var next: String { root.appendingPathComponent("Tests/TiercTests/Fixtures/ci/tiers.next.yaml").path }
    static var tenants: String { root.appendingPathComponent("examples/tenants.yaml").path }
    static var log: String { root.appendingPathComponent("examples/requests.jsonl").path }
    static let golden = root.appendingPathComponent("Tests/TiercTests/Fixtures/tiers.table.md")

    /// The pricing guide's table (README of the product, reproduced in docs/cli.md), line for line.
    static let guide = """
        | Tier | API Calls/Hour | API Calls/Month | Storage | Price |
        |------|----------------|-----------------|---------|-------|
        | Free | 100 | 1,000 | 1GB | $0 |
        | Starter | 500 | 10,000 | 5GB | $29/mo |
        | Professional | 2,000 | 50,000 | 20GB | $99/mo |
        | Enterprise | 10,000 | 500,000 | 100GB | $499/mo |

        """

    @Test func tableOfTheBundledPolicyIsTheGuidesTable() throws {
        let run = try TiercBinary.run(["table", Self.policy])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix(Self.guide + "\n"), "\(run.stdout)")
        if ProcessInfo.processInfo.environment["TIERC_RECORD"] == "1" { try Data(run.stdout.utf8).write(to: Self.golden) }
        #expect(run.stdout == (try String(contentsOf: Self.golden, encoding: .utf8)),
                "differs from Tests/TiercTests/Fixtures/tiers.table.md (TIERC_RECORD=1 re-records)")
    }

    @Test func tableFormats() throws {
        let csv = try TiercBinary.run(["table", Self.policy, "--format", "csv"])
        #expect(csv.stdout.hasPrefix("tier,API Calls/Hour,API Calls/Month,Storage,Price,AI Intelligence,Growth Engine,Priority Support,API Calls,Storage\r\n"
                                     + "free,100,1000,1,0.00,false,false,false,0.01 per 1000,0.1 per 1\r\n"), "\(csv.stdout)")
        let json = try TiercBinary.run(["table", Self.policy, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["tables"] as? [[String: Any]])?.count == 3)
        let html = try TiercBinary.run(["table", Self.policy, "--format", "html"])
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains("<td>$29/mo</td>"))
        let broken = try TiercBinary.run(["table", "nonexistent.yaml"])
        #expect(broken.status == 3)
    }

    @Test func simulateWritesOneSelfContainedPage() throws {
        let workspace = try Workspace([:])
        let output = workspace.url.appendingPathComponent("report.html").path
        let run = try TiercBinary.run(["simulate", Self.policy, Self.log, "--tenants", Self.tenants, "--format", "html", "--output", output])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src=") && !html.contains("href="))
        #expect(html.contains("data-key=\"total\" data-value=\"1256.67\">1,256.67<"))
        let again = try TiercBinary.run(["simulate", Self.policy, Self.log, "--tenants", Self.tenants, "--format", "html"])
        #expect(again.stdout == html, "same inputs, same bytes")
    }

    @Test func diffWritesOneSelfContainedPage() throws {
        let run = try TiercBinary.run(["diff", Self.policy, Self.next, "--replay", Self.log, "--tenants", Self.tenants, "--format", "html"])
        #expect(run.status == 0, "\(run.stderr)")
        for id in ["changes", "revenue", "refusals", "newly-refused", "no-longer-refused", "tenant-table", "chart-revenue"] {
            #expect(run.stdout.contains("id=\"\(id)\""), "\(id)")
        }
        #expect(run.stdout.contains("<tr data-tier=\"total\"><th scope=\"row\">total</th>"))
        #expect(run.stdout.contains("data-key=\"new_total\" data-value=\"1268.67\">1,268.67<"))
        let plain = try TiercBinary.run(["diff", Self.policy, Self.next, "--format", "html"])
        #expect(plain.status == 0 && plain.stdout.contains("id=\"changes\"") && !plain.stdout.contains("id=\"revenue\""))
    }

    @Test func diffSeparatorsForPeopleOnlyAndOutputFile() throws {
        let arguments = ["diff", Self.policy, Self.next, "--replay", Self.log, "--tenants", Self.tenants]
        let human = try TiercBinary.run(arguments)
        #expect(human.stdout.contains("total: 1,256.67 → 1,268.67 (+12.00 USD)"), "\(human.stdout)")
        let markdown = try TiercBinary.run(arguments + ["--format", "markdown"])
        #expect(markdown.stdout.contains("| 1,256.67 | 1,268.67 | **+12.00** |"))
        let json = try TiercBinary.run(arguments + ["--format", "json"])
        #expect(json.stdout.contains("\"old_total\": \"1256.67\"") && !json.stdout.contains("1,256.67"))
        let workspace = try Workspace([:])
        let output = workspace.url.appendingPathComponent("diff.md").path
        let written = try TiercBinary.run(arguments + ["--format", "markdown", "--output", output])
        #expect(written.status == 0 && written.stdout.isEmpty)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == markdown.stdout)
        let refused = try TiercBinary.run(arguments + ["--output", "/dev/null"])
        #expect(refused.status == 4, "a device is refused as for simulate --output")
    }

    @Test func diffMessagesGroupedForPeopleOnly() throws {
        let arguments = ["diff", Self.policy, "--set", "tiers.enterprise.limits.api_calls.month=400000"]
        let human = try TiercBinary.run(arguments)
        #expect(human.stdout.contains("from 500,000 to 400,000"), "\(human.stdout)")
        let markdown = try TiercBinary.run(arguments + ["--format", "markdown"])
        #expect(markdown.stdout.contains("| `500,000` | `400,000` |") && markdown.stdout.contains("from 500,000 to 400,000"))
        let html = try TiercBinary.run(arguments + ["--format", "html"])
        #expect(html.stdout.contains("<td>500,000</td><td>400,000</td>"))
        for machine in ["json", "sarif", "github"] {
            let run = try TiercBinary.run(arguments + ["--format", machine])
            #expect(run.stdout.contains("500000") && !run.stdout.contains("500,000"), "\(machine)")
        }
    }

    /// The progress line is drawn only on a terminal: `script` (util-linux) gives the command one. A log file's
    /// size is known (percentage), a pipe's is not (MiB read).
    @Test func progressOnATerminal() throws {
        let workspace = try Workspace([:])
        let output = workspace.url.appendingPathComponent("r.json").path
        let tierc = try #require(TiercBinary.binary).path
        let file = try Self.onATerminal("/usr/bin/script", ["-qec", "\(tierc) simulate \(Self.policy) \(Self.log) --tenants \(Self.tenants) --format json --output \(output)", "/dev/null"])
        #expect(file.contains("replaying: 100% (2"), "\(file)")
        #expect(file.contains("KiB)"))
        let pipe = try Self.onATerminal("/usr/bin/script", ["-qec", "cat \(Self.log) | \(tierc) simulate \(Self.policy) - --tenants \(Self.tenants) --format json --output \(output)", "/dev/null"])
        #expect(pipe.contains("replaying: 0 MiB read"), "\(pipe)")
        let quiet = try TiercBinary.run(["simulate", Self.policy, Self.log, "--tenants", Self.tenants, "--format", "json"])
        #expect(!quiet.stderr.contains("replaying"), "no progress line when standard error is not a terminal")
    }

    /// What `script -qec COMMAND /dev/null` shows: the command's terminal output (stdout and stderr).
    static func onATerminal(_ program: String, _ arguments: [String]) throws -> String {
        let workspace = try Workspace([:])
        let log = workspace.url.appendingPathComponent("terminal")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "TERM": "xterm-256color"]
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return String(decoding: try Data(contentsOf: log), as: UTF8.self)
    }

    @Test func csvTableNeedsCSV() throws {
        let run = try TiercBinary.run(["simulate", Self.policy, Self.log, "--tenants", Self.tenants, "--csv-table", "tiers"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--csv-table chooses the table of --format csv"))
        let tiers = try TiercBinary.run(["simulate", Self.policy, Self.log, "--tenants", Self.tenants, "--format", "csv", "--csv-table", "tiers"])
        #expect(tiers.stdout.hasPrefix("tier,tenants,requests,status_200,status_403,status_429,tenants_refused,total_2025-11,total_2025-12,total,currency\r\n"
                                       + "free,1,106,100,1,5,1,0.12,0.00,0.12,USD\r\n"))
    }
}
