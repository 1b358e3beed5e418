import Foundation
import Testing

/// What a newcomer meets first: help that fits 80 columns, a misspelt command answered with the right one, a
/// tenants file passed without `--tenants`, and `keygen --out` into a folder that does not exist yet.
@Suite("tierc command line, for newcomers")
struct CommandLineUsabilityTests {
    static let commands = ["", "check", "diff", "compile", "simulate", "table", "inspect", "keygen", "keys", "keys create",
                           "keys list", "keys revoke", "schema", "serve"]

    @Test(arguments: commands)
    func helpFitsEightyColumns(_ command: String) throws {
        let run = try TiercBinary.run(command.split(separator: " ").map(String.init) + ["--help"], environment: ["COLUMNS": "80"])
        #expect(run.status == 0)
        let wide = run.stdout.split(separator: "\n").filter { $0.count > 80 }
        #expect(wide.isEmpty, "\(wide)")
        #expect(run.stdout.contains("USAGE: tierc"))
        // Example command lines and the exit-status table are never broken by the help's own wrapping: every line of
        // those sections is indented (a continuation is written by hand, after a `\`).
        var section = false
        for line in run.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if ["Examples:", "Exit status:", "Exit statuses:", "Warning codes that --disable accepts:"].contains(line) {
                section = true
            } else if line.hasPrefix("USAGE:") || line.hasPrefix("OPTIONS:") || line.hasPrefix("ARGUMENTS:")
                        || line.hasPrefix("SUBCOMMANDS:") {
                section = false
            } else if section, !line.isEmpty {
                #expect(line.hasPrefix("  "), "a broken line in the help of '\(command)': \(line)")
            }
        }
    }

    @Test func aMisspeltCommandGetsTheClosestOne() throws {
        let run = try TiercBinary.run(["chek", "tiers/tiers.yaml"])
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("tierc: error: 'chek' is not a tierc command; did you mean 'check'?"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let unrelated = try TiercBinary.run(["frobnicate"])
        #expect(unrelated.status == 64)
        #expect(unrelated.stderr.contains("'frobnicate' is not a tierc command\nCommands: check, diff, compile, simulate"))
        #expect(try TiercBinary.run(["help", "check"]).status == 0)
    }

    @Test func aSecondFileForCheckSuggestsTenants() throws {
        let run = try TiercBinary.run(["check", "tiers/tiers.yaml", "examples/tenants.yaml"], in: TiercBinary.packageRoot)
        #expect(run.status == 64)
        #expect(run.stderr.contains("use --tenants: tierc check tiers/tiers.yaml --tenants examples/tenants.yaml"),
                "\(run.stderr)")
    }

    @Test func keygenCreatesItsFolder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-keygen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let prefix = directory.appendingPathComponent("keys/nested/signing").path
        let run = try TiercBinary.run(["keygen", "--out", prefix])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: prefix + ".key"))
        #expect(FileManager.default.fileExists(atPath: prefix + ".pub"))
    }
}
