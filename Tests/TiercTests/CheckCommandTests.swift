import Foundation
import Testing

/// The output of one run of the built `tierc` binary.
struct TiercRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the real `tierc` executable, as a user or CI would.
enum TiercBinary {
    /// The package's root directory (this file is Tests/TiercTests/CheckCommandTests.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `tierc` binary beside the test bundle (`swift test` builds it into the same products directory),
    /// or `$TIERC_BINARY`, or `.build/debug/tierc` as a last resort.
    static let binary: URL? = {
        let fileManager = FileManager.default
        if let path = ProcessInfo.processInfo.environment["TIERC_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var directories: [URL] = []
        for bundle in [Bundle.main] + Bundle.allBundles {
            directories.append(bundle.bundleURL)
            directories.append(bundle.bundleURL.deletingLastPathComponent())
            if let executable = bundle.executableURL { directories.append(executable.deletingLastPathComponent()) }
        }
        directories.append(packageRoot.appendingPathComponent(".build/debug"))
        for directory in directories {
            let candidate = directory.appendingPathComponent("tierc")
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               fileManager.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        return nil
    }()

    /// Runs `tierc arguments…` in `directory` with `environment` added to a minimal one (no `NO_COLOR`,
    /// `TERM=xterm-256color`, so only the missing terminal keeps colours off), feeding `input` to stdin.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
                    input: String? = nil) throws -> TiercRun {
        let binary = try #require(binary, "tierc binary not found; build it with `swift build` first")
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("tierc-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        let inURL = scratch.appendingPathComponent("stdin")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: inURL.path, contents: Data((input ?? "").utf8))

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ["PATH": "/usr/bin:/bin", "TERM": "xterm-256color"]
        if let home = ProcessInfo.processInfo.environment["HOME"] { env["HOME"] = home }
        env.merge(environment) { $1 }
        process.environment = env
        let stdout = try FileHandle(forWritingTo: outURL)
        let stderr = try FileHandle(forWritingTo: errURL)
        let stdin = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        process.waitUntilExit()
        try stdout.close()
        try stderr.close()
        try stdin.close()
        return TiercRun(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }
}

/// A temporary directory with the given files, removed at deinit.
final class Workspace {
    let url: URL

    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: url.appendingPathComponent(name))
        }
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A valid policy, as in docs/policy-format.md (trimmed).
let validPolicy = """
format: 1
policy: demo
currency: USD
identification: { order: [api_key] }
meters:
  api_calls: { kind: counter, unit: call }
features:
  export: {}
tiers:
  free:
    price: 0
    limits:
      api_calls: { hour: 100, month: 1000 }
  pro:
    extends: free
    price: 29
    limits:
      api_calls: { hour: 1000, month: 20000 }
    features: [export]

"""

let validTenants = """
tenants:
  acme:
    tier: pro
    api_keys: [demo-key-acme]

"""

/// `export` is declared but no tier grants it: one `unused-feature` warning.
let policyWithWarning = validPolicy.replacingOccurrences(of: "    features: [export]\n", with: "")

/// `limts` misspelt in tier `pro`.
let policyWithError = validPolicy.replacingOccurrences(of: "    limits:\n      api_calls: { hour: 1000",
                                                       with: "    limts:\n      api_calls: { hour: 1000")

/// The 1-based line and column of the first `needle` in `text` (columns in Unicode scalars).
func position(of needle: String, in text: String) -> (line: Int, column: Int)? {
    guard let range = text.range(of: needle) else { return nil }
    let before = text[..<range.lowerBound]
    let line = before.count { $0 == "\n" } + 1
    let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
    return (line, text[lineStart..<range.lowerBound].unicodeScalars.count + 1)
}

@Suite("tierc check, end to end", .serialized)
struct CheckCommandTests {
    @Test("the project's own tiers.yaml and tenants.yaml check clean")
    func projectPolicy() throws {
        let tiers = TiercBinary.packageRoot.appendingPathComponent("tiers/tiers.yaml")
        let tenants = TiercBinary.packageRoot.appendingPathComponent("examples/tenants.yaml")
        try #require(FileManager.default.fileExists(atPath: tiers.path))
        var arguments = ["check", "tiers/tiers.yaml"]
        if FileManager.default.fileExists(atPath: tenants.path) { arguments += ["--tenants", "examples/tenants.yaml"] }
        let run = try TiercBinary.run(arguments, in: TiercBinary.packageRoot)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.isEmpty)
        #expect(run.stdout.hasPrefix("tiers/tiers.yaml"))
        #expect(run.stdout.hasSuffix(": no errors, no warnings\n"))
    }

    @Test("a clean inline policy and tenants: status 0, summary only")
    func cleanInline() throws {
        let workspace = try Workspace(["tiers.yaml": validPolicy, "tenants.yaml": validTenants])
        let run = try TiercBinary.run(["check", "tiers.yaml", "--tenants", "tenants.yaml"], in: workspace.url)
        #expect(run.status == 0)
        #expect(run.stdout == "tiers.yaml, tenants.yaml: no errors, no warnings\n")
        #expect(run.stderr.isEmpty)
    }

    @Test("errors: status 1, human report with the place and code, no colour without a terminal")
    func errorsHuman() throws {
        let workspace = try Workspace(["tiers.yaml": policyWithError])
        let run = try TiercBinary.run(["check", "./tiers.yaml"], in: workspace.url)
        #expect(run.status == 1)
        let place = try #require(position(of: "limts", in: policyWithError))
        #expect(run.stdout.hasPrefix("./tiers.yaml:\(place.line):\(place.column): error[unknown-key]: "))
        #expect(run.stdout.contains("\(place.line) |     limts:\n"))
        #expect(run.stdout.contains("^~~~~"))
        #expect(run.stdout.hasSuffix("./tiers.yaml: 1 error, no warnings\n"))
        #expect(!run.stdout.contains("\u{1B}"))
        #expect(run.stderr.isEmpty)
    }

    @Test("errors as JSON: status 1, parseable, located")
    func errorsJSON() throws {
        let workspace = try Workspace(["tiers.yaml": policyWithError])
        let run = try TiercBinary.run(["check", "tiers.yaml", "--format", "json"], in: workspace.url)
        #expect(run.status == 1)
        #expect(run.stdout.hasSuffix("}\n"))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 1)
        #expect(object["warnings"] as? Int == 0)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        let first = try #require(diagnostics.first)
        let place = try #require(position(of: "limts", in: policyWithError))
        #expect(first["file"] as? String == "tiers.yaml")
        #expect(first["code"] as? String == "unknown-key")
        #expect(first["severity"] as? String == "error")
        #expect(first["line"] as? Int == place.line)
        #expect(first["column"] as? Int == place.column)
        #expect(first["end_column"] as? Int == place.column + 5)
        // Key order is part of the format.
        let keys = ["\"file\"", "\"line\"", "\"column\"", "\"end_line\"", "\"end_column\"", "\"severity\"",
                    "\"code\"", "\"message\"", "\"notes\"", "\"fixits\""]
        let offsets = keys.compactMap { run.stdout.range(of: $0)?.lowerBound }
        #expect(offsets.count == keys.count)
        #expect(offsets == offsets.sorted())
    }

    @Test("warnings: status 0; with --warnings-as-errors 1; disabled, 0 again")
    func warnings() throws {
        let workspace = try Workspace(["tiers.yaml": policyWithWarning])
        let plain = try TiercBinary.run(["check", "tiers.yaml"], in: workspace.url)
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("warning[unused-feature]"))
        #expect(plain.stdout.hasSuffix("tiers.yaml: no errors, 1 warning\n"))
        let strict = try TiercBinary.run(["check", "tiers.yaml", "--warnings-as-errors"], in: workspace.url)
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("error[unused-feature]"))
        let disabled = try TiercBinary.run(["check", "tiers.yaml", "--warnings-as-errors", "--disable", "unused-feature"],
                                     in: workspace.url)
        #expect(disabled.status == 0)
        #expect(disabled.stdout == "tiers.yaml: no errors, no warnings\n")
    }

    @Test("a missing file: status 3 and one line on stderr")
    func missingFile() throws {
        let workspace = try Workspace([:])
        let run = try TiercBinary.run(["check", "missing.yaml"], in: workspace.url)
        #expect(run.status == 3)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "tierc: error: cannot read 'missing.yaml': No such file or directory\n")
    }

    @Test("a directory, or a missing tenants file: status 3")
    func unreadable() throws {
        let workspace = try Workspace(["tiers.yaml": validPolicy])
        let directory = try TiercBinary.run(["check", "."], in: workspace.url)
        #expect(directory.status == 3)
        #expect(directory.stderr == "tierc: error: cannot read '.': Is a directory\n")
        let tenants = try TiercBinary.run(["check", "tiers.yaml", "--tenants", "nope.yaml"], in: workspace.url)
        #expect(tenants.status == 3)
        #expect(tenants.stderr == "tierc: error: cannot read 'nope.yaml': No such file or directory\n")
    }

    @Test("usage errors: status 64", arguments: [
        (["check", "tiers.yaml", "--disable", "unused-featur"], "did you mean 'unused-feature'?"),
        (["check", "tiers.yaml", "--disable", "unknown-key"], "only warnings can be disabled"),
        (["check", "tiers.yaml", "--disable", "qqqqqqqq"], "warning codes are: "),
        (["check", "tiers.yaml", "--format", "xml"], "xml"),
        (["check", "tiers.yaml", "--bogus"], "--bogus"),
        (["check"], "policy"),
        (["check", "-", "--tenants", "-"], "standard input"),
    ])
    func usageErrors(arguments: [String], expected: String) throws {
        let workspace = try Workspace(["tiers.yaml": validPolicy])
        let run = try TiercBinary.run(arguments, in: workspace.url)
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains(expected), "\(run.stderr)")
    }

    @Test("'-' reads the policy from standard input")
    func standardInput() throws {
        let run = try TiercBinary.run(["check", "-", "--format", "json"], input: policyWithError)
        #expect(run.status == 1)
        #expect(run.stdout.contains("\"file\": \"<stdin>\""))
    }

    @Test("NO_COLOR and TERM=dumb keep colours off", arguments: [["NO_COLOR": "1"], ["TERM": "dumb"], [:]])
    func noColour(environment: [String: String]) throws {
        let workspace = try Workspace(["tiers.yaml": policyWithError])
        let run = try TiercBinary.run(["check", "tiers.yaml"], in: workspace.url, environment: environment)
        #expect(run.status == 1)
        #expect(!run.stdout.contains("\u{1B}"))
    }

    @Test("--version and --help")
    func versionAndHelp() throws {
        let version = try TiercBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "0.1.0\n")
        let help = try TiercBinary.run(["check", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit status:"))
        #expect(help.stdout.contains("unused-feature"))
    }
}
