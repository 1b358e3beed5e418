import Foundation
import Testing

/// `tierc keys create|list|revoke` (docs/cli.md#keys): a key printed once and stored nowhere, accepted by
/// `tierc simulate` (YAML and compiled snapshot) for its tenant until its revocation day; the tenants file
/// rewritten with its comments kept; clear errors that change nothing.
@Suite("tierc keys", .serialized)
struct KeysCommandTests {
    static let tenantsText = """
        # Production tenants.
        tenants:
          tenant-a:            # the pilot customer
            tier: free
          tenant-b: { tier: professional }   # flow style

        """

    /// A fresh folder with tiers.yaml and tenants.yaml.
    static func workspace() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TiercBinary.packageRoot.appendingPathComponent("tiers/tiers.yaml"),
                                         to: directory.appendingPathComponent("tiers.yaml"))
        try tenantsText.write(to: directory.appendingPathComponent("tenants.yaml"), atomically: true, encoding: .utf8)
        return directory
    }

    static func text(_ directory: URL, _ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// The top-level status counts of `tierc simulate --format json` for one request per (key, ts).
    static func statuses(_ requests: [(key: String, ts: String)], policy: String, in directory: URL) throws -> [String: Int] {
        let log = requests.map { #"{"ts":"\#($0.ts)","path":"/api/v1/orders","headers":{"Authorization":"Bearer \#($0.key)"}}"# }
            .joined(separator: "\n") + "\n"
        try log.write(to: directory.appendingPathComponent("log.jsonl"), atomically: true, encoding: .utf8)
        let run = try TiercBinary.run(["simulate", policy, "log.jsonl", "--tenants", "tenants.yaml", "--format", "json"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return try #require(report?["status"] as? [String: Int])
    }

    /// Issue 19's "view of keys by tenant without any secret": `tierc compile --tenants` stages each `keys:`
    /// entry's prefix, name and created date for `tierc.api_keys` (PostgresTests.KeyListingTests loads them into
    /// a live server), and never the key.
    @Test func compileCarriesTheKeysPrefixNameAndDatesToTenantsSQL() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let created = try TiercBinary.run(["keys", "create", "tenant-a", "--tenants", "tenants.yaml", "--name", "backend"], in: directory)
        #expect(created.status == 0, "\(created.stderr)")
        let key = created.stdout.trimmingCharacters(in: .newlines)
        let revoked = try TiercBinary.run(["keys", "revoke", "tenant-a", "backend", "--tenants", "tenants.yaml", "--on", "2030-01-02"],
                                          in: directory)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let compiled = try TiercBinary.run(["compile", "tiers.yaml", "--tenants", "tenants.yaml", "--out", "out"], in: directory)
        #expect(compiled.status == 0, "\(compiled.stderr)")
        let sql = try Self.text(directory, "out/tenants.sql")
        let today = try #require(Self.text(directory, "tenants.yaml").firstMatch(of: /created: (\d{4}-\d{2}-\d{2})/)?.1)
        #expect(sql.contains("'tenant-a', '2030-01-02', '\(key.prefix(9))', 'backend', '\(today)')"), "\(sql)")
        #expect(!sql.contains(key) && !sql.contains(key.dropFirst(9)))
    }

    @Test func createPrintsTheKeyOnceAndSimulateAcceptsItUntilRevoked() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let created = try TiercBinary.run(["keys", "create", "tenant-a", "--tenants", "tenants.yaml", "--name", "backend"], in: directory)
        #expect(created.status == 0, "\(created.stderr)")
        let key = created.stdout.trimmingCharacters(in: .newlines)
        #expect(created.stdout == key + "\n", "standard output holds the key and nothing else")
        #expect(key.hasPrefix("omni_") && key.count == 48)
        #expect(created.stderr.contains("added key \(key.prefix(9))… to tenant `tenant-a` in tenants.yaml"))

        // The file keeps its comments and gains one entry: the hash, never the key.
        let tenants = try Self.text(directory, "tenants.yaml")
        #expect(tenants.hasPrefix("# Production tenants.\ntenants:\n  tenant-a:            # the pilot customer\n    tier: free\n    keys:\n      - { hash: \"sha256:"))
        #expect(tenants.contains("prefix: \"\(key.prefix(9))\", name: \"backend\", created: "))
        #expect(tenants.hasSuffix(" }\n  tenant-b: { tier: professional }   # flow style\n"))
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            #expect(!(try Self.text(directory, name)).contains(key), "the key is in \(name)")
        }

        #expect(try Self.statuses([(key, "2025-11-02T21:00:00Z")], policy: "tiers.yaml", in: directory)["200"] == 1)

        let revoked = try TiercBinary.run(["keys", "revoke", "tenant-a", "backend", "--tenants", "tenants.yaml", "--on", "2025-11-03"],
                                          in: directory)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(revoked.stdout.contains("revoked key backend \(key.prefix(9)) of tenant `tenant-a` from 2025-11-03"))
        #expect(try Self.text(directory, "tenants.yaml").contains(", revoked: 2025-11-03 }"))

        // Historical logs are judged by the date; the compiled snapshot decides the same.
        let log: [(key: String, ts: String)] = [(key, "2025-11-02T23:59:59Z"), (key, "2025-11-03T00:00:00Z"), (key, "2025-12-01T10:00:00Z")]
        let fromYAML = try Self.statuses(log, policy: "tiers.yaml", in: directory)
        #expect(fromYAML["200"] == 1 && fromYAML["401"] == 2, "\(fromYAML)")
        let compiled = try TiercBinary.run(["compile", "tiers.yaml", "--out", "build", "--tenants", "tenants.yaml"], in: directory)
        #expect(compiled.status == 0, "\(compiled.stderr)")
        #expect(try Self.statuses(log, policy: "build/policy.tierc", in: directory) == fromYAML)

        let list = try TiercBinary.run(["keys", "list", "--tenants", "tenants.yaml", "--on", "2025-11-03"], in: directory)
        #expect(list.status == 0)
        #expect(list.stdout.hasPrefix("TENANT    NAME     PREFIX     CREATED     STATE\ntenant-a  backend  \(key.prefix(9))  "))
        #expect(list.stdout.hasSuffix("  revoked since 2025-11-03\n"))
        let json = try TiercBinary.run(["keys", "list", "--tenants", "tenants.yaml", "--format", "json", "--on", "2025-11-02"], in: directory)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let keys = try #require(object?["keys"] as? [[String: Any]])
        #expect(keys.count == 1 && keys[0]["state"] as? String == "active" && keys[0]["revoked"] as? String == "2025-11-03")
    }

    @Test func errorsNameTheProblemAndChangeNothing() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let unknown = try TiercBinary.run(["keys", "create", "tenant-z", "--tenants", "tenants.yaml"], in: directory)
        #expect(unknown.status == 1)
        #expect(unknown.stdout.isEmpty, "no key is printed when none was stored")
        #expect(unknown.stderr.contains("no tenant `tenant-z`"), "\(unknown.stderr)")
        let noKey = try TiercBinary.run(["keys", "revoke", "tenant-a", "backend", "--tenants", "tenants.yaml"], in: directory)
        #expect(noKey.status == 1)
        #expect(noKey.stderr.contains("tenant `tenant-a` has no key whose prefix or name is `backend` (it has no `keys:` entries)"))
        #expect(try Self.text(directory, "tenants.yaml") == Self.tenantsText)

        let badPrefix = try TiercBinary.run(["keys", "create", "tenant-a", "--tenants", "tenants.yaml", "--prefix", "a b"], in: directory)
        #expect(badPrefix.status == 64)
        let stdin = try TiercBinary.run(["keys", "create", "tenant-a", "--tenants", "-"], in: directory)
        #expect(stdin.status == 64)
        let badDay = try TiercBinary.run(["keys", "revoke", "tenant-a", "x", "--tenants", "tenants.yaml", "--on", "2025-02-30"], in: directory)
        #expect(badDay.status == 64 && badDay.stderr.contains("YYYY-MM-DD"))
        let missing = try TiercBinary.run(["keys", "list", "--tenants", "nope.yaml"], in: directory)
        #expect(missing.status == 3)

        try "tenants:\n  tenant-a: { tier: free, keys: [{ hash: nope }] }\n"
            .write(to: directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let invalid = try TiercBinary.run(["keys", "create", "tenant-a", "--tenants", "bad.yaml"], in: directory)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("bad.yaml:2:42: an API key hash must be `sha256:`"), "\(invalid.stderr)")
        #expect(invalid.stdout.isEmpty)
    }

    @Test func concurrentCreatesKeepEveryKey() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        final class Collected: @unchecked Sendable {
            let lock = NSLock()
            var keys: [String] = []
        }
        let collected = Collected()
        DispatchQueue.concurrentPerform(iterations: 6) { index in
            let run = try? TiercBinary.run(["keys", "create", index % 2 == 0 ? "tenant-a" : "tenant-b", "--tenants", "tenants.yaml"],
                                           in: directory)
            if let run, run.status == 0 {
                collected.lock.lock()
                collected.keys.append(run.stdout.trimmingCharacters(in: .newlines))
                collected.lock.unlock()
            }
        }
        let created = collected.keys
        #expect(created.count == 6)
        let list = try TiercBinary.run(["keys", "list", "--tenants", "tenants.yaml", "--format", "json"], in: directory)
        let object = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
        let prefixes = Set(((object?["keys"] as? [[String: Any]]) ?? []).compactMap { $0["prefix"] as? String })
        #expect(prefixes == Set(created.map { String($0.prefix(9)) }))
    }
}
