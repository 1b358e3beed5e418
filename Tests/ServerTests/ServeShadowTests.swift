import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// `tierc serve --shadow CANDIDATE` (docs/serve.md, "Shadow policy"): a candidate decides every request again
/// with its own counters and never changes an answer; disagreements are counted by tier and kind in the
/// metrics, marked in the decision log (which `tierc simulate` ignores) and summed up, with the projected invoice
/// difference, at `GET /admin/v1/shadow`; a reload reloads the candidate too.
@Suite("tierc serve: shadow policy", .serialized)
struct ServeShadowTests {
    static let hour = "2025-11-02T21:00:00Z"

    /// A scratch folder removed at the end of the test.
    final class Directory: @unchecked Sendable {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-shadow-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: url.appendingPathComponent(name), options: .atomic)
        }
    }

    /// The bundled tiers.yaml with the free tier's hourly limit at `hourly` (100 in force) and, when `price` is
    /// given, its base price at that (0 in force).
    static func candidate(hourly: Int, price: Int? = nil) throws -> String {
        let yaml = try ServerFixtures.text("tiers/tiers.yaml")
        var candidate = yaml.replacingOccurrences(of: "api_calls: { hour: 100, month: 1000 }",
                                                  with: "api_calls: { hour: \(hourly), month: 1000 }")
        if let price { candidate = candidate.replacingOccurrences(of: "name: Free\n    price: 0\n", with: "name: Free\n    price: \(price)\n") }
        #expect(candidate != yaml)
        return candidate
    }

    /// The requests of the comparison: 101 calls of tenant-a (free: 100 an hour in force, 50 in the candidate),
    /// a feature it lacks, an unknown key, an anonymous request and 3 calls of tenant-c.
    static let requests: [(path: String, key: String?)] =
        Array(repeating: ("/api/v1/orders", "demo-key-tenant-a"), count: 101)
        + [("/api/intelligence/x", "demo-key-tenant-a"), ("/api/v1/orders", "nobody"), ("/", nil)]
        + Array(repeating: ("/api/v1/orders", "demo-key-tenant-c"), count: 3)

    /// Each request on its own connection, and the server's whole answer as bytes (text) without its `Date`
    /// field, the one part that depends on the wall clock.
    static func answers(_ server: ServeProcess) async throws -> [String] {
        var answers: [String] = []
        for request in requests {
            var text = "GET \(request.path) HTTP/1.1\r\nHost: localhost\r\nX-Tierc-Time: \(hour)\r\n"
            if let key = request.key { text += "Authorization: Bearer \(key)\r\n" }
            text += "Connection: close\r\n\r\n"
            let port = server.mainPort!
            let request = text
            let answer = await RawConnection.onThread { () -> String in
                guard let connection = RawConnection(port: port) else { return "" }
                connection.send(request)
                return connection.readAll()
            }
            answers.append(answer.components(separatedBy: "\r\n").filter { !$0.lowercased().hasPrefix("date:") }
                .joined(separator: "\r\n"))
        }
        return answers
    }

    static func json(_ server: ServeProcess, _ path: String) async throws -> [String: Any] {
        let text = try await server.withAdminClient { try await $0.get(path).text }
        return try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    static func metrics(_ server: ServeProcess) async throws -> String {
        try await server.withAdminClient { try await $0.get("/metrics").text }
    }

    @Test func aStricterCandidateChangesNoAnswerAndCountsItsDisagreements() async throws {
        let directory = try Directory()
        try directory.write("candidate.yaml", try Self.candidate(hourly: 50, price: 5))
        let plain = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml", "--trust-clock-header"])
        let expected = try await Self.answers(plain)
        #expect(try await plain.stop() == 0)
        let log = directory.path("decisions.jsonl")
        let shadowed = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml", "--trust-clock-header",
                                                    "--shadow", directory.path("candidate.yaml"), "--decision-log", log])
        let answers = try await Self.answers(shadowed)
        #expect(answers.count == 107 && answers.allSatisfy { $0.hasPrefix("HTTP/1.1 ") })
        #expect(answers == expected, "the candidate changes no status, field or body")
        #expect(answers[99].hasPrefix("HTTP/1.1 200") && answers[100].hasPrefix("HTTP/1.1 429"))

        let metrics = try await Self.metrics(shadowed)
        for line in [#"tierc_shadow_disagreements_total{tier="free",kind="newly_refused"} 50"#,
                     #"tierc_requests_total{tier="free",status="200"} 100"#, #"tierc_requests_total{tier="free",status="429"} 1"#] {
            #expect(metrics.contains(line), "missing \(line)")
        }
        #expect(!metrics.contains(#"kind="newly_allowed""#) && !metrics.contains(#"tier="starter",kind"#))

        let summary = try await Self.json(shadowed, "/admin/v1/shadow")
        #expect(summary["policy"] as? String == "omni-platform")
        let candidate = try #require(summary["candidate"] as? [String: Any])
        #expect((candidate["fingerprint"] as? String)?.hasPrefix("sha256:") == true)
        #expect(candidate["fingerprint"] as? String != summary["fingerprint"] as? String)
        #expect(summary["compared"] as? Int == 107)
        #expect(summary["disagreements"] as? [String: Int] == ["newly_refused": 50, "newly_allowed": 0, "other_window": 0, "other_refusal": 0])
        #expect(summary["by_tier"] as? [String: [String: Int]] == ["free": ["newly_refused": 50, "newly_allowed": 0, "other_window": 0, "other_refusal": 0]])
        let tenants = try #require(summary["tenants"] as? [[String: Any]])
        #expect(tenants.count == 1 && tenants.first?["tenant"] as? String == "tenant-a" && tenants.first?["newly_refused"] as? Int == 50)
        #expect(summary["tenants_omitted"] as? Int == 0)
        // Live: tenant-a 100 calls (0.001 → 0.00), tenant-b 99.00, tenant-c 29.00 (3 calls), tenant-d 499.00.
        // Candidate: tenant-a's base price is 5.00 and 50 calls (0.0005 → 0.00).
        let invoices = try #require(summary["invoices"] as? [String: Any])
        #expect(invoices["month"] as? String == "2025-11")
        #expect(invoices["currency"] as? String == "USD" && invoices["candidate_currency"] as? String == "USD")
        #expect(invoices["live"] as? String == "627.00")
        #expect(invoices["candidate"] as? String == "632.00")
        #expect(invoices["difference"] as? String == "5.00")
        let rows = try #require(invoices["tenants"] as? [[String: String]])
        #expect(rows == [["tenant": "tenant-a", "tier": "free", "live": "0.00", "candidate": "5.00", "difference": "5.00"]])
        #expect(invoices["not_computed"] as? [String] == [])
        let october = try await Self.json(shadowed, "/admin/v1/shadow?month=2025-10")
        #expect((october["invoices"] as? [String: Any])?["difference"] as? String == "5.00", "the base price, no usage")
        let bad = try await shadowed.withAdminClient { try await $0.get("/admin/v1/shadow?month=2025-13") }
        #expect(bad.status == .badRequest)
        #expect(try await shadowed.stop() == 0)

        // The decision log: the 50 disagreements carry the candidate's verdict; `tierc simulate` ignores it.
        let text = try String(contentsOf: URL(fileURLWithPath: log), encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 107)
        #expect(lines[49] == #"{"ts":"2025-11-02T21:00:00Z","path":"/api/v1/orders","tenant":"tenant-a","status":200}"#)
        #expect(lines[50] == #"{"ts":"2025-11-02T21:00:00Z","path":"/api/v1/orders","tenant":"tenant-a","status":200,"shadow":"newly_refused","shadow_status":429,"shadow_window":"hour"}"#)
        #expect(lines.filter { $0.contains(#""shadow":"#) }.count == 50)
        let stripped = text.replacingOccurrences(of: #","shadow":"newly_refused","shadow_status":429,"shadow_window":"hour""#, with: "")
        #expect(!stripped.contains("shadow"))
        try directory.write("stripped.jsonl", stripped)
        for format in ["json", "human"] {
            let with = try TiercCommand.run(["simulate", "tiers/tiers.yaml", log, "--tenants", "examples/tenants.yaml", "--format", format],
                                            in: ServerFixtures.repositoryRoot)
            let without = try TiercCommand.run(["simulate", "tiers/tiers.yaml", directory.path("stripped.jsonl"), "--tenants",
                                                "examples/tenants.yaml", "--format", format], in: ServerFixtures.repositoryRoot)
            #expect(with.status == 0, "\(with.stderr)")
            #expect(with.stdout == without.stdout && with.stderr == without.stderr)
            #expect(with.stdout.contains("tenant-a"))
        }
    }

    @Test func aReloadReloadsTheCandidateAndKeepsItsCounters() async throws {
        let directory = try Directory()
        try directory.write("candidate.yaml", try Self.candidate(hourly: 50))
        let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml", "--trust-clock-header",
                                                   "--shadow", directory.path("candidate.yaml")])
        try await server.withMainClient { client in
            for _ in 0..<60 { _ = try await client.get("/api/v1/orders", headers: .bearer("demo-key-tenant-a", at: Self.hour)) }
        }
        let before = try await Self.json(server, "/admin/v1/shadow")
        #expect(before["compared"] as? Int == 60)
        #expect((before["disagreements"] as? [String: Int])?["newly_refused"] == 10)
        let first = (before["candidate"] as? [String: Any])?["fingerprint"] as? String

        // A changed candidate: in force after SIGHUP, its tally starts again, its counters (50 admitted) stay.
        try directory.write("candidate.yaml", try Self.candidate(hourly: 55))
        kill(server.process.processIdentifier, SIGHUP)
        _ = try await ServeReloadTests.waitForReloads(server, "succeeded", 1)
        let after = try await Self.json(server, "/admin/v1/shadow")
        let second = (after["candidate"] as? [String: Any])?["fingerprint"] as? String
        #expect(second != nil && second != first)
        #expect(after["compared"] as? Int == 0)
        let statuses = try await server.withMainClient { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<6 { statuses.append(try await client.get("/api/v1/orders", headers: .bearer("demo-key-tenant-a", at: Self.hour)).status) }
            return statuses
        }
        #expect(statuses == Array(repeating: .ok, count: 6), "the live policy admits all six")
        let counted = try await Self.json(server, "/admin/v1/shadow")
        #expect(counted["compared"] as? Int == 6)
        #expect((counted["disagreements"] as? [String: Int])?["newly_refused"] == 1, "50 carried + 5 admitted, the 6th refused at 55")

        // A broken candidate fails the whole reload: both policies stay.
        try directory.write("candidate.yaml", "format: 1\npolicy: [unclosed\n")
        kill(server.process.processIdentifier, SIGHUP)
        let failed = try await ServeReloadTests.waitForReloads(server, "failed", 1)
        #expect((failed["last_reload_error"] as? String)?.contains("candidate.yaml") == true, "\(failed)")
        let kept = try await Self.json(server, "/admin/v1/shadow")
        #expect((kept["candidate"] as? [String: Any])?["fingerprint"] as? String == second)
        #expect(kept["compared"] as? Int == 6)
        #expect(try await server.stop() == 0)
        let metrics = server.stderr
        #expect(metrics.contains("reload failed, keeping the policy in force: "))
    }

    @Test func withoutShadowTheSummaryIsNotFoundAndABadCandidateStopsTheStart() async throws {
        let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml"])
        let answer = try await server.withAdminClient { try await $0.get("/admin/v1/shadow") }
        #expect(answer.status == .notFound)
        #expect(answer.text.contains(#""error":"No shadow policy""#))
        let main = try await server.withMainClient { try await $0.get("/admin/v1/shadow") }
        #expect(!main.text.contains("candidate"), "the summary is on the admin listener only")
        #expect(try await server.stop() == 0)

        let directory = try Directory()
        try directory.write("candidate.yaml", "format: 1\npolicy: omni\nunknown_key: 1\n")
        let run = try TiercCommand.run(["serve", "tiers/tiers.yaml", "--tenants", "examples/tenants.yaml", "--shadow",
                                        directory.path("candidate.yaml"), "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"],
                                       in: ServerFixtures.repositoryRoot)
        #expect(run.status == 1)
        #expect(run.stderr.contains("candidate.yaml:"), "\(run.stderr)")
        #expect(!run.stdout.contains("listening"))
    }
}
