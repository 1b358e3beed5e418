import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TiercHummingbird

/// Hot reload (docs/serve.md, "Reload"): SIGHUP and `--watch` put a changed policy in force for the next request
/// with the counters kept; a broken, truncated, corrupt, unsigned (with `--require-signature`) or wrongly signed
/// policy is refused while the old one keeps serving.
@Suite("tierc serve: reload", .serialized)
struct ServeReloadTests {
    static let hour = "2025-11-02T21:00:00Z"

    final class Directory: @unchecked Sendable {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-reload-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }

        /// Replaces a file's contents at once (a new inode, as an editor or a deploy does).
        func replace(_ name: String, with data: Data) throws {
            try data.write(to: url.appendingPathComponent(name), options: .atomic)
        }
    }

    static func status(_ server: ServeProcess) async throws -> [String: Any] {
        let text = try await server.withAdminClient { try await $0.get("/admin/v1/status").text }
        return try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Polls the status (at most 30 s) until the reload counter `key` reaches `count`.
    static func waitForReloads(_ server: ServeProcess, _ key: String, _ count: Int) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(30)
        while true {
            let status = try await Self.status(server)
            if (status["reloads"] as? [String: Int])?[key] == count { return status }
            guard Date() < deadline else {
                Issue.record("no \(count) \(key) reloads: \(status)")
                return status
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    static func get(_ server: ServeProcess, _ path: String, key: String = "demo-key-tenant-a") async throws -> TestClient.Response {
        try await server.withMainClient { try await $0.get(path, headers: .bearer(key, at: Self.hour)) }
    }

    @Test func sighupAppliesAChangedPolicyAndKeepsTheCounters() async throws {
        let directory = try Directory()
        let yaml = try ServerFixtures.text("tiers/tiers.yaml")
        try directory.replace("tiers.yaml", with: Data(yaml.utf8))
        let server = try await ServeProcess.start([directory.path("tiers.yaml"), "--tenants", "examples/tenants.yaml", "--trust-clock-header"])
        for _ in 0..<5 { #expect(try await Self.get(server, "/api/v1/orders").status == .ok) }
        #expect(try await Self.get(server, "/api/intelligence/x").status == .forbidden)

        let generous = yaml.replacingOccurrences(of: "      storage_gb: 1\n    features: []", with: "      storage_gb: 1\n    features: [ai_intelligence]")
        #expect(generous != yaml)
        try directory.replace("tiers.yaml", with: Data(generous.utf8))
        kill(server.process.processIdentifier, SIGHUP)
        let status = try await Self.waitForReloads(server, "succeeded", 1)
        #expect(status["last_reload_error"] is NSNull)
        let allowed = try await Self.get(server, "/api/intelligence/x")
        #expect(allowed.status == .ok, "the next request is decided by the new policy")
        #expect(allowed.headers[RateLimitHeaders.remaining] == "94", "5 calls before the reload, 1 after: counters survive")

        try directory.replace("tiers.yaml", with: Data("format: 1\npolicy: [unclosed\n".utf8))
        kill(server.process.processIdentifier, SIGHUP)
        let failed = try await Self.waitForReloads(server, "failed", 1)
        #expect((failed["last_reload_error"] as? String)?.contains("tiers.yaml") == true)
        #expect(try await Self.get(server, "/api/intelligence/x").status == .ok, "the last good policy keeps serving")
        #expect(try await server.stop() == 0)
        #expect(server.stderr.contains("tierc serve: reload failed, keeping the policy in force: "))
    }

    @Test func watchedSignedSnapshotsAreVerifiedBeforeTheSwap() async throws {
        let directory = try Directory()
        for name in ["good", "other"] {
            let keygen = try TiercCommand.run(["keygen", "--out", directory.path(name)])
            #expect(keygen.status == 0, "\(keygen.stderr)")
        }
        let yaml = try ServerFixtures.text("tiers/tiers.yaml")
        try directory.replace("tiers.yaml", with: Data(yaml.utf8))
        try directory.replace("pricier.yaml", with: Data(yaml.replacingOccurrences(of: "price: 29", with: "price: 39").utf8))
        /// Compiles `source` as revision `revision`, signed with `key` (or unsigned), and returns the snapshot's bytes.
        func snapshot(_ source: String, revision: Int, key: String?) throws -> Data {
            let out = directory.path("out-\(revision)")
            var arguments = ["compile", directory.path(source), "--tenants", "examples/tenants.yaml", "--out", out,
                             "--revision", String(revision)]
            if let key { arguments += ["--sign-key", directory.path("\(key).key")] }
            let run = try TiercCommand.run(arguments, in: ServerFixtures.repositoryRoot)
            #expect(run.status == 0, "\(run.stderr)")
            return try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("policy.tierc"))
        }
        try directory.replace("policy.tierc", with: snapshot("tiers.yaml", revision: 1, key: "good"))
        let server = try await ServeProcess.start([directory.path("policy.tierc"), "--public-key", directory.path("good.pub"),
                                       "--require-signature", "--watch", "--trust-clock-header"])
        #expect(try await Self.status(server)["revision"] as? Int == 1)

        let signed = try snapshot("pricier.yaml", revision: 5, key: "good")
        let refused: [(String, Data)] = [
            ("unsigned", try snapshot("pricier.yaml", revision: 2, key: nil)),
            ("signed with another key", try snapshot("pricier.yaml", revision: 3, key: "other")),
            ("truncated (caught half-written)", signed.prefix(signed.count / 2)),
            ("corrupt", { var bytes = signed; bytes[bytes.count / 2] ^= 0x55; return bytes }()),
            ("not a policy", Data("garbage".utf8)),
        ]
        for (index, (what, bytes)) in refused.enumerated() {
            try directory.replace("policy.tierc", with: bytes)
            let status = try await Self.waitForReloads(server, "failed", index + 1)
            #expect(status["revision"] as? Int == 1, "\(what): the old policy stays")
            #expect(status["last_reload_error"] as? String != nil, "\(what)")
            #expect(try await Self.get(server, "/api/v1/orders").status == .ok, "\(what): still serving")
        }
        try directory.replace("policy.tierc", with: signed)
        let accepted = try await Self.waitForReloads(server, "succeeded", 1)
        #expect(accepted["revision"] as? Int == 5)
        #expect(accepted["last_reload_error"] is NSNull)
        #expect(try await server.stop() == 0)
    }

    @Test func anUnsignedSnapshotIsRefusedAtStart() throws {
        let directory = try Directory()
        _ = try TiercCommand.run(["keygen", "--out", directory.path("good")])
        let compile = try TiercCommand.run(["compile", "tiers/tiers.yaml", "--tenants", "examples/tenants.yaml", "--out", directory.path("out")],
                                           in: ServerFixtures.repositoryRoot)
        #expect(compile.status == 0)
        let run = try TiercCommand.run(["serve", directory.path("out/policy.tierc"), "--public-key", directory.path("good.pub"),
                                        "--require-signature", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("signature"))
        #expect(!run.stdout.contains("listening"))
        let yaml = try TiercCommand.run(["serve", "tiers/tiers.yaml", "--tenants", "examples/tenants.yaml", "--public-key",
                                         directory.path("good.pub"), "--require-signature"], in: ServerFixtures.repositoryRoot)
        #expect(yaml.status == 1)
        #expect(yaml.stderr.contains("a tiers.yaml carries no signature"))
    }
}
