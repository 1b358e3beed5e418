import Foundation
import Testing

/// A pull request controls the policy's text, and the bundled workflow prints `check --format github` and
/// `diff --format github` into the runner's log. No key, name or message may start a workflow command of its own
/// (docs/security.md, "Workflow commands"), and check refuses control characters a backend cannot carry
/// (docs/diagnostics.md, `invalid-value`).
@Suite("Workflow-command injection and control characters, end to end")
struct WorkflowCommandInjectionTests {
    static let policy = TiercBinary.packageRoot.appendingPathComponent("tiers/tiers.yaml")

    /// tiers.yaml with `replacement` in place of `original` (once).
    static func edited(_ original: String, _ replacement: String) throws -> String {
        let text = try String(contentsOf: policy, encoding: .utf8)
        let edited = text.replacingOccurrences(of: original, with: replacement, options: [], range: text.range(of: original))
        #expect(edited != text, "fixture edit \(original)")
        return edited
    }

    /// Every line of a github-format run is an annotation of tierc's own or the plain summary.
    static func expectOnlyOwnCommands(_ output: String, summaryPrefix: String) {
        let lines = output.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        #expect(lines.last == "", "ends with one newline")
        for line in lines.dropLast() {
            let own = line.hasPrefix("::error file=") || line.hasPrefix("::warning file=") || line.hasPrefix("::notice")
                || line.hasPrefix(summaryPrefix)
            #expect(own, "a line tierc did not mean to write: \(line)")
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" }, "\(line)")
        }
    }

    @Test(arguments: ["\r\n", "\r", "\n", "\u{0}", "\u{1B}", "\u{85}"])
    func hostileKeysAndNamesStayInsideTheirAnnotation(_ breaker: String) throws {
        let payload = "x\(breaker)::error file=README.md,line=1::owned\(breaker)::stop-commands::token"
        let escaped = payload.unicodeScalars.map { scalar -> String in
            switch scalar.value {
            case 0x0A: "\\n"
            case 0x0D: "\\r"
            case 0x00: "\\0"
            case 0x1B: "\\e"
            case 0x85: "\\N"
            default: String(scalar)
            }
        }.joined()
        // A hostile key (reported as an unknown key) and a hostile display name (refused as a control character).
        var yaml = try Self.edited("    price: 29\n", "    price: 29\n    \"\(escaped)\": 1\n")
        yaml = yaml.replacingOccurrences(of: "name: Starter", with: "name: \"\(escaped)\"")
        let run = try TiercBinary.run(["check", "-", "--format", "github"], input: yaml)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("::error file=<stdin>,"), "\(run.stdout)")
        #expect(run.stdout.contains("tierc unknown-key"))
        #expect(run.stdout.contains("tierc invalid-value"))
        Self.expectOnlyOwnCommands(run.stdout, summaryPrefix: "<stdin>: ")
    }

    @Test func aDisplayNameWithANULIsRefusedByCheck() throws {
        let yaml = try Self.edited("name: Starter", "name: \"Star\\0ter\"")
        let run = try TiercBinary.run(["check", "-", "--format", "json"], input: yaml)
        #expect(run.status == 1)
        #expect(run.stdout.contains("\"code\": \"invalid-value\""))
        #expect(run.stdout.contains("contains the control character U+0000"), "\(run.stdout)")
    }

    @Test func aRouteGlobWithAControlCharacterIsRefusedByCheck() throws {
        let yaml = try Self.edited("match: /api/growth/**", "match: \"/api/gro\\twth/**\"")
        let run = try TiercBinary.run(["check", "-"], input: yaml)
        #expect(run.status == 1)
        #expect(run.stdout.contains("error[invalid-value]: the `match` of route 2 contains the control character U+0009"),
                "\(run.stdout)")
    }

    @Test func aMultiLineDescriptionIsStillProse() throws {
        let yaml = try Self.edited("name: Starter", "name: Starter\n    description: \"Two lines:\\n\\tthe second\"")
        let run = try TiercBinary.run(["check", "-"], input: yaml)
        #expect(run.status == 0, "\(run.stdout)")
    }

    /// diff checks both sides first, so a hostile name never reaches a diff annotation; the check errors it prints
    /// instead are one line each.
    @Test func diffOfAHostileNewPolicyWritesNoForeignCommand() throws {
        let yaml = try Self.edited("name: Starter", "name: \"a\\r\\n::error file=README.md::owned\"")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-inject-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let new = directory.appendingPathComponent("new.yaml")
        try Data(yaml.utf8).write(to: new)
        let run = try TiercBinary.run(["diff", Self.policy.path, new.path, "--format", "github"])
        #expect(run.status == 1)
        for stream in [run.stdout, run.stderr] where !stream.isEmpty {
            #expect(!stream.split(separator: "\n").contains { $0.hasPrefix("::error file=README.md") }, "\(stream)")
            #expect(!stream.contains("\r"))
        }
    }
}
