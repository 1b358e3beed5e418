import Foundation
import Testing

/// `tierc compile` through the real binary: outputs, determinism, refusal on errors, atomic replacement, and
/// `tierc simulate` on the snapshot giving the very bytes of the YAML run.
@Suite("tierc compile, end to end")
struct CompileCommandTests {
    static let root = TiercBinary.packageRoot
    static var policy: String { root.appendingPathComponent("tiers/tiers.yaml").path }
    static var tenants: String { root.appendingPathComponent("examples/tenants.yaml").path }
    static var log: String { root.appendingPathComponent("examples/requests.jsonl").path }

    /// tiers/tiers.yaml written differently: other comments, quoting, flow instead of block style and the
    /// keys of order-free mappings reordered. Same meaning, so the same outputs.
    static let respelledPolicy = """
        # the same policy, spelled differently
        policy: "omni-platform"
        format: 1
        default_meter: 'api_calls'
        rounding: half_up
        currency: USD
        identification:
          require_tenant: false
          subdomain: {base_domain: "yourdomain.com"}
          api_key: {scheme: "Bearer"}
          order: [api_key, subdomain]
        meters: {api_calls: {unit: call, kind: counter}, storage_gb: {unit: GB, kind: gauge}}
        features:
          ai_intelligence: {description: "AI prediction endpoints"}
          growth_engine: {description: Growth analytics and campaign tools}
          priority_support: {description: Priority support queue}
        usage_prices:
          storage_gb: {price: 0.10, per: 1}
          api_calls: {price: 0.01, per: 1000}
        routes:
          - {feature: ai_intelligence, match: "/api/intelligence/**"}
          - {match: /api/growth/**, feature: growth_engine}
          - {match: /api/support/priority/**, feature: priority_support}
          - {cost: 0, match: /api/v1/tenant/usage}
        tiers:
          free: {name: Free, features: [], limits: {storage_gb: 1, api_calls: {month: 1000, hour: 100}}, price: 0}
          starter:
            price: 29
            limits: {storage_gb: 5, api_calls: {month: 10000, hour: 500}}
            name: Starter
            extends: free
          professional:
            features: [ai_intelligence, growth_engine]
            extends: starter
            limits:
              storage_gb: 20
              api_calls: {month: 50000, hour: 2000}
            price: 99
            name: Professional
          enterprise: {extends: professional, name: Enterprise, price: 499, features: [priority_support],
                       limits: {api_calls: {hour: 10000, month: 500000}, storage_gb: 100}}
        """

    static func outputs(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in ["policy.tierc", "Policy.swift", "policy.sql", "tenants.sql"] {
            guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) else { continue }
            files[name] = try Data(contentsOf: directory.appendingPathComponent(name))
        }
        return files
    }

    @Test func writesTheSnapshotAndSwiftAndSaysSo() throws {
        let workspace = try Workspace([:])
        let run = try TiercBinary.run(["compile", Self.policy, "--out", "build/policy", "--tenants", Self.tenants],
                                      in: workspace.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("compiled omni-platform (4 tiers, 4 tenants)"))
        #expect(run.stdout.contains("wrote build/policy/policy.tierc"))
        let files = try Self.outputs(workspace.url.appendingPathComponent("build/policy"))
        #expect(files["policy.tierc"]?.prefix(5) == Data("TIERC".utf8))
        #expect(String(decoding: files["Policy.swift"] ?? Data(), as: UTF8.self).contains("enum Tier"))
        // No temporary file is left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: workspace.url.appendingPathComponent("build/policy").path)
        #expect(names.sorted() == ["Policy.swift", "grafana-dashboard.json", "policy.sql", "policy.tierc", "prometheus-rules.yaml", "tenants.sql"])
        #expect(String(decoding: files["policy.sql"] ?? Data(), as: UTF8.self).contains("tierc.check_request"))
        #expect(!String(decoding: files["tenants.sql"] ?? Data(), as: UTF8.self).contains("demo-key"), "raw keys never leave tenants.yaml")
    }

    @Test("same meaning, same bytes: a second run, and the policy spelled differently")
    func deterministic() throws {
        let workspace = try Workspace(["respelled.yaml": Self.respelledPolicy])
        for (source, out) in [(Self.policy, "a"), (Self.policy, "b"), ("respelled.yaml", "c")] {
            let run = try TiercBinary.run(["compile", source, "--out", out, "--tenants", Self.tenants], in: workspace.url)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let a = try Self.outputs(workspace.url.appendingPathComponent("a"))
        #expect(a == (try Self.outputs(workspace.url.appendingPathComponent("b"))))
        #expect(a == (try Self.outputs(workspace.url.appendingPathComponent("c"))))
    }

    @Test("a policy with errors is refused (status 1) and the good files already there are untouched")
    func errorsWriteNothing() throws {
        let workspace = try Workspace(["tiers.yaml": validPolicy, "broken.yaml": policyWithError])
        let good = try TiercBinary.run(["compile", "tiers.yaml", "--out", "out"], in: workspace.url)
        #expect(good.status == 0, "\(good.stderr)")
        let before = try Self.outputs(workspace.url.appendingPathComponent("out"))
        let bad = try TiercBinary.run(["compile", "broken.yaml", "--out", "out"], in: workspace.url)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error[unknown-key]"))
        #expect(bad.stderr.contains("not compiled"))
        #expect(try Self.outputs(workspace.url.appendingPathComponent("out")) == before)
    }

    @Test("a backend that fails (Policy.swift cannot hold a price): status 1, the problem named, nothing written")
    func failingBackendWritesNothing() throws {
        let huge = validPolicy.replacingOccurrences(of: "    price: 29\n", with: "    price: 100000000000000000000\n")
        let workspace = try Workspace(["tiers.yaml": validPolicy, "huge.yaml": huge])
        #expect(try TiercBinary.run(["compile", "tiers.yaml", "--out", "out"], in: workspace.url).status == 0)
        let before = try Self.outputs(workspace.url.appendingPathComponent("out"))
        let names = try FileManager.default.contentsOfDirectory(atPath: workspace.url.appendingPathComponent("out").path).sorted()
        let run = try TiercBinary.run(["compile", "huge.yaml", "--out", "out"], in: workspace.url)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == """
            tierc: error: huge.yaml: the price of tier `pro` (100000000000000000000) is not a whole number of USD minor units that fits in Int64
            tierc: error: huge.yaml: not compiled: Policy.swift cannot represent these values

            """)
        // Not one file replaced, none added (no temporary file left), though the snapshot backend succeeded.
        #expect(try Self.outputs(workspace.url.appendingPathComponent("out")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.url.appendingPathComponent("out").path).sorted() == names)
        // Into a new directory: not even the directory is made.
        #expect(try TiercBinary.run(["compile", "huge.yaml", "--out", "fresh"], in: workspace.url).status == 1)
        #expect(!FileManager.default.fileExists(atPath: workspace.url.appendingPathComponent("fresh").path))
    }

    @Test("a tenants.sql of an earlier compile with --tenants is removed by a compile without it")
    func staleTenantsSQL() throws {
        let workspace = try Workspace([:])
        #expect(try TiercBinary.run(["compile", Self.policy, "--out", "out", "--tenants", Self.tenants], in: workspace.url).status == 0)
        let tenantsSQL = workspace.url.appendingPathComponent("out/tenants.sql").path
        #expect(FileManager.default.fileExists(atPath: tenantsSQL))
        let run = try TiercBinary.run(["compile", Self.policy, "--out", "out"], in: workspace.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("removed out/tenants.sql"))
        #expect(!FileManager.default.fileExists(atPath: tenantsSQL))
    }

    @Test("an output directory that cannot be made is status 4")
    func unwritableOutput() throws {
        let workspace = try Workspace(["tiers.yaml": validPolicy, "file": "not a directory"])
        let run = try TiercBinary.run(["compile", "tiers.yaml", "--out", "file/out"], in: workspace.url)
        #expect(run.status == 4)
        #expect(run.stderr.contains("cannot write 'file"))
    }

    @Test("simulate on the snapshot gives the very bytes of simulate on the YAML, with the snapshot's tenants or --tenants")
    func simulateSnapshot() throws {
        let workspace = try Workspace([:])
        let compiled = try TiercBinary.run(["compile", Self.policy, "--out", "out", "--tenants", Self.tenants], in: workspace.url)
        #expect(compiled.status == 0, "\(compiled.stderr)")
        let yaml = try TiercBinary.run(["simulate", Self.policy, Self.log, "--tenants", Self.tenants, "--format", "json"])
        let own = try TiercBinary.run(["simulate", "out/policy.tierc", Self.log, "--format", "json"], in: workspace.url)
        let given = try TiercBinary.run(["simulate", "out/policy.tierc", Self.log, "--tenants", Self.tenants, "--format", "json"],
                                        in: workspace.url)
        #expect(yaml.status == 0 && own.status == 0 && given.status == 0, "\(own.stderr)\(given.stderr)")
        #expect(own.stdout == yaml.stdout)
        #expect(given.stdout == yaml.stdout)
        #expect(own.stdout.contains(#""fingerprint": "sha256:"#))
    }

    @Test("a snapshot compiled without tenants needs --tenants; a corrupted snapshot is refused with its offset")
    func snapshotProblems() throws {
        let workspace = try Workspace([:])
        #expect(try TiercBinary.run(["compile", Self.policy, "--out", "out"], in: workspace.url).status == 0)
        let missing = try TiercBinary.run(["simulate", "out/policy.tierc", Self.log], in: workspace.url)
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("compiled without tenants"))
        let url = workspace.url.appendingPathComponent("out/policy.tierc")
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: url)
        let corrupt = try TiercBinary.run(["simulate", "out/policy.tierc", Self.log, "--tenants", Self.tenants], in: workspace.url)
        #expect(corrupt.status == 1)
        #expect(corrupt.stderr.contains("out/policy.tierc:"))
    }

    @Test("--sign-key signs: inspect verifies with the public key and refuses another key")
    func signedSnapshot() throws {
        let workspace = try Workspace([:])
        #expect(try TiercBinary.run(["keygen", "--out", "a"], in: workspace.url).status == 0)
        #expect(try TiercBinary.run(["keygen", "--out", "b"], in: workspace.url).status == 0)
        let run = try TiercBinary.run(["compile", Self.policy, "--out", "out", "--sign-key", "a.key", "--revision", "42",
                                       "--source-revision", "abc123"], in: workspace.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("revision 42, signed"))
        let good = try TiercBinary.run(["inspect", "out/policy.tierc", "--public-key", "a.pub", "--require-signature"],
                                       in: workspace.url)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("abc123"))
        let wrong = try TiercBinary.run(["inspect", "out/policy.tierc", "--public-key", "b.pub"], in: workspace.url)
        #expect(wrong.status == 1)
        let badKey = try TiercBinary.run(["compile", Self.policy, "--out", "out", "--sign-key", "a.pub"], in: workspace.url)
        #expect(badKey.status == 1)
    }
}
