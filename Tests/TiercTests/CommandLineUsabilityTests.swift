import Foundation
import Testing

/// What a newcomer meets first: help that fits 80 columns, a misspelt command answered with the right one, a
/// tenants file passed without `--tenants`, and `keygen --out` into a folder that does not exist yet.
@Suite("tierc command line, for newcomers")
struct CommandLineUsabilityTests {
    static let commands = ["", "check", "diff", "compile", "simulate", "table", "inspect", "keygen", "schema", "serve"]

    @Test(arguments: commands)
    func helpFitsEightyColumns(_ command: String) throws {
        let run = try TiercBinary.run((command.isEmpty ? [] : [command]) + ["--help"], environment: ["COLUMNS": "80"])
        #expect(run.status == 0)
        let wide = run.stdout.split(separator: "\n").filter { $0.count > 80 }
        #expect(wide.isEmpty, "\(wide)")
        #expect(run.stdout.contains("USAGE: tierc"))
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
