#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// Output targets (docs/cli.md "Output files"): an existing target that is not a regular file is refused with
/// exit status 4 and left as it was; a symbolic link to a regular file is replaced by the new file, not written
/// through; concurrent compiles into one --out leave one compile's complete set.
@Suite("tierc output targets, end to end")
struct OutputTargetTests {
    /// The kind of the file at `path` as `lstat` sees it.
    static func kind(_ path: String) -> mode_t {
        var status = stat()
        guard lstat(path, &status) == 0 else { return 0 }
        return status.st_mode & S_IFMT
    }

    /// A FIFO, and as root a character device (the null device's numbers), in a fresh workspace.
    static func specialFiles(in workspace: Workspace) -> [(name: String, kind: mode_t)] {
        var made: [(String, mode_t)] = []
        if mkfifo(workspace.url.appendingPathComponent("fifo").path, 0o644) == 0 { made.append(("fifo", S_IFIFO)) }
        #if os(Linux)
        if mknod(workspace.url.appendingPathComponent("null").path, S_IFCHR | 0o666, dev_t(0x103)) == 0 {  // makedev(1, 3): the null device
            made.append(("null", S_IFCHR))
        }
        #endif
        if symlink("fifo", workspace.url.appendingPathComponent("link-to-fifo").path) == 0 { made.append(("link-to-fifo", S_IFLNK)) }
        try? FileManager.default.createDirectory(at: workspace.url.appendingPathComponent("dir"), withIntermediateDirectories: false)
        made.append(("dir", S_IFDIR))
        return made
    }

    @Test("simulate --output and schema --output refuse devices, FIFOs, links to them and directories (exit 4)")
    func reportOutputsRefuseSpecialFiles() throws {
        let workspace = try Workspace(["tiers.yaml": validPolicy, "tenants.yaml": validTenants,
                                       "log.jsonl": "{\"ts\":\"2025-11-01T00:00:00Z\",\"tenant\":\"acme\"}\n"])
        let targets = Self.specialFiles(in: workspace)
        #expect(targets.count >= 3, "at least a FIFO, a link to it and a directory")
        for (name, kind) in targets {
            let path = workspace.url.appendingPathComponent(name).path
            let simulate = try TiercBinary.run(["simulate", "tiers.yaml", "log.jsonl", "--tenants", "tenants.yaml", "--output", name],
                                               in: workspace.url)
            #expect(simulate.status == 4, "\(name): \(simulate.stderr)")
            #expect(simulate.stderr.contains("cannot write '\(name)'") && simulate.stderr.contains("only replaces regular files"),
                    "\(name): \(simulate.stderr)")
            let schema = try TiercBinary.run(["schema", "--output", name], in: workspace.url)
            #expect(schema.status == 4, "\(name): \(schema.stderr)")
            #expect(Self.kind(path) == kind, "\(name) was left as it was")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.url.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "no temporary file left: \(leftovers)")
    }

    @Test("compile --out refuses a FIFO where an output goes; keygen --force refuses one too")
    func compileAndKeygenRefuseSpecialFiles() throws {
        let workspace = try Workspace(["tiers.yaml": validPolicy])
        let out = workspace.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        #expect(mkfifo(out.appendingPathComponent("policy.sql").path, 0o644) == 0)
        let compile = try TiercBinary.run(["compile", "tiers.yaml", "--out", "out"], in: workspace.url)
        #expect(compile.status == 4, "\(compile.stderr)")
        #expect(compile.stderr.contains("policy.sql': it is a FIFO"), "\(compile.stderr)")
        #expect(Self.kind(out.appendingPathComponent("policy.sql").path) == S_IFIFO)
        #expect(Self.kind(out.appendingPathComponent("policy.tierc").path) == 0, "nothing renamed into place")

        #expect(mkfifo(workspace.url.appendingPathComponent("signing.pub").path, 0o644) == 0)
        let keygen = try TiercBinary.run(["keygen", "--out", "signing", "--force"], in: workspace.url)
        #expect(keygen.status == 4, "\(keygen.stderr)")
        #expect(Self.kind(workspace.url.appendingPathComponent("signing.pub").path) == S_IFIFO)
        #expect(Self.kind(workspace.url.appendingPathComponent("signing.key").path) == 0, "no private key without its public half")
    }

    @Test("a symbolic link to a regular file is replaced by the new file; the file it pointed to is untouched")
    func symlinkToARegularFileIsReplacedNotFollowed() throws {
        let workspace = try Workspace(["target.json": "old\n"])
        #expect(symlink("target.json", workspace.url.appendingPathComponent("schema.json").path) == 0)
        let run = try TiercBinary.run(["schema", "--output", "schema.json"], in: workspace.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.kind(workspace.url.appendingPathComponent("schema.json").path) == S_IFREG)
        #expect(try String(contentsOf: workspace.url.appendingPathComponent("target.json"), encoding: .utf8) == "old\n")
        #expect(try String(contentsOf: workspace.url.appendingPathComponent("schema.json"), encoding: .utf8).contains("\"$schema\""))
    }

    @Test("eight concurrent compiles of different policies into one --out leave one compile's complete set")
    func concurrentCompilesLeaveAConsistentSet() throws {
        var files: [String: String] = [:]
        for index in 0..<8 {
            files["tiers\(index).yaml"] = validPolicy.replacingOccurrences(of: "price: 29", with: "price: \(30 + index)")
        }
        let workspace = try Workspace(files)
        let binary = try #require(TiercBinary.binary)
        var processes: [Process] = []
        for index in 0..<8 {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["compile", "tiers\(index).yaml", "--out", "out", "--revision", "\(index + 1)"]
            process.currentDirectoryURL = workspace.url
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            processes.append(process)
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })

        let out = workspace.url.appendingPathComponent("out")
        let swift = try String(contentsOf: out.appendingPathComponent("Policy.swift"), encoding: .utf8)
        let sql = try String(contentsOf: out.appendingPathComponent("policy.sql"), encoding: .utf8)
        let inspect = try TiercBinary.run(["inspect", "out/policy.tierc", "--format", "json"], in: workspace.url)
        let header = try #require((try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any])?["header"]
                                  as? [String: Any])
        let fingerprint = try #require(header["fingerprint"] as? String)
        let revision = try #require(header["revision"] as? Int)
        #expect(swift.contains("fingerprint: String = \"\(fingerprint)\""), "Policy.swift is of the snapshot's compile")
        #expect(sql.contains("-- fingerprint \(fingerprint)"), "policy.sql is of the snapshot's compile")
        #expect(sql.hasPrefix("-- tierc policy.sql: policy demo, revision \(revision)\n"), "policy.sql has the snapshot's revision")
        // The revision picks the policy: compile n used tiers(n-1).yaml, so the fingerprint is that policy's.
        let own = try TiercBinary.run(["compile", "tiers\(revision - 1).yaml", "--out", "single"], in: workspace.url)
        #expect(own.stdout.contains("fingerprint \(fingerprint)"), "\(own.stdout)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["Policy.swift", "grafana-dashboard.json", "policy.sql", "policy.tierc", "prometheus-rules.yaml"], "no lock or temporary file left: \(names)")
    }
}
