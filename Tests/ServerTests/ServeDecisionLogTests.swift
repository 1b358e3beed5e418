import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PolicyModel
import Testing
@testable import TiercServer

/// `--decision-log`: request-log lines without credentials, rotation on SIGUSR1, and everything written by the
/// time a graceful shutdown ends (docs/serve.md, "Decision log"). The 10,000-request replay is in
/// ServeEquivalenceTests.
@Suite("tierc serve: the decision log", .serialized)
struct ServeDecisionLogTests {
    static let hour = "2025-11-02T21:00:00Z"

    /// Polls the admin status (at most 30 s) until `condition` holds for its `decision_log` object.
    static func waitForLog(_ server: ServeProcess, _ condition: @escaping @Sendable ([String: Any]) -> Bool) async throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = try await server.withAdminClient { try await $0.get("/admin/v1/status").text }
            let status = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            if let log = status?["decision_log"] as? [String: Any], condition(log) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the decision log did not reach the expected state")
    }

    @Test func linesRotateOnSIGUSR1AndAreFlushedAtShutdown() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-dlog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("decisions.jsonl")
        let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml", "--trust-clock-header",
                                       "--decision-log", path.path])
        try await server.withMainClient { client in
            _ = try await client.get("/api/v1/orders", headers: .bearer("demo-key-tenant-a", at: Self.hour))
            _ = try await client.get("/api/intelligence/x", headers: .bearer("demo-key-tenant-a", at: Self.hour))
            _ = try await client.get("/api/v1/orders", headers: .bearer("not-a-key", at: Self.hour))
            _ = try await client.get("/api/v1/tenant/usage", headers: .bearer("demo-key-tenant-a", at: Self.hour))
        }
        try await Self.waitForLog(server) { $0["written"] as? Int == 3 }
        let rotated = directory.appendingPathComponent("decisions.jsonl.1")
        try FileManager.default.moveItem(at: path, to: rotated)
        kill(server.process.processIdentifier, SIGUSR1)
        try await Self.waitForLog(server) { $0["reopens"] as? Int == 1 }
        try await server.withMainClient { client in
            _ = try await client.get("/", headers: [HTTPField.Name("X-Tierc-Time")!: Self.hour])
        }
        try await server.withAdminClient { admin in
            _ = try await admin.post("/admin/v1/gauges", headers: [HTTPField.Name("X-Tierc-Time")!: Self.hour],
                                     body: ByteBuffer(string: #"{"tenant":"tenant-b","meter":"storage_gb","value":2.50}"#))
        }
        #expect(try await server.stop() == 0)
        #expect(try String(contentsOf: rotated, encoding: .utf8) == """
            {"ts":"2025-11-02T21:00:00Z","path":"/api/v1/orders","tenant":"tenant-a","status":200}
            {"ts":"2025-11-02T21:00:00Z","path":"/api/intelligence/x","tenant":"tenant-a","status":403}
            {"ts":"2025-11-02T21:00:00Z","path":"/api/v1/orders","tenant":"","status":401}

            """, "the usage endpoint is not a decision; no key is written")
        #expect(try String(contentsOf: path, encoding: .utf8) == """
            {"ts":"2025-11-02T21:00:00Z","path":"/","status":200}
            {"ts":"2025-11-02T21:00:00Z","tenant":"tenant-b","meter":"storage_gb","value":2.5}

            """)
    }

    @Test func aDecisionLogReplaysAgainstACandidatePolicy() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-dlog-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: path) }
        let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml", "--trust-clock-header",
                                       "--decision-log", path.path])
        try await server.withMainClient { client in
            for _ in 0..<60 { _ = try await client.get("/api/v1/orders", headers: .bearer("demo-key-tenant-a", at: Self.hour)) }
        }
        #expect(try await server.stop() == 0)
        let diff = try TiercCommand.run(["diff", "tiers/tiers.yaml", "--set", "tiers.free.limits.api_calls.hour=50",
                                         "--replay", path.path, "--tenants", "examples/tenants.yaml"], in: ServerFixtures.repositoryRoot)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("tenant-a"), "the lowered limit refuses 10 of tenant-a's 60 calls: \(diff.stdout)")
    }

    @Test func anUnwritableLogStopsTheServerBeforeItListens() throws {
        let run = try TiercCommand.run(["serve", "tiers/tiers.yaml", "--tenants", "examples/tenants.yaml",
                                        "--decision-log", "/nonexistent-directory/decisions.jsonl", "--listen", "127.0.0.1:0",
                                        "--admin-listen", "127.0.0.1:0"], in: ServerFixtures.repositoryRoot)
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot open /nonexistent-directory/decisions.jsonl"))
        #expect(!run.stdout.contains("listening"))
    }
}

/// The decision log's buffer is bounded: when the writer falls behind, lines are dropped and counted, and the
/// request path never waits.
@Suite("Decision log buffer")
struct DecisionLogBufferTests {
    @Test func aFullBufferDropsAndCountsLines() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-dlog-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: path) }
        let log = try DecisionLog(path: path.path, capacity: 3)
        // No writer runs: the first three lines wait in the buffer, the next two are dropped.
        let kept = (0..<5).map { _ in log.recordGauge(tenant: "tenant-a", meter: "storage_gb", value: ExactDecimal(1), at: 0) }
        #expect(kept == [true, true, true, false, false])
        #expect(log.dropped == 2)
        #expect(log.written == 0)
    }
}
