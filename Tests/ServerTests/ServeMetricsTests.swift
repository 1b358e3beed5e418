import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// `/metrics` on the admin listener (docs/serve.md, "Metrics"): the series of decisions, refusals, latency,
/// policy and reloads, valid for `promtool check metrics` (Debian's prometheus package; scripts/setup.sh installs
/// it). Not on the public listener.
@Suite("tierc serve: metrics", .serialized)
struct ServeMetricsTests {
    static let hour = "2025-11-02T21:00:00Z"

    static let promtool: String? = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// With a `--shadow` candidate (the free tier at 50 calls an hour instead of 100), so that every series
    /// `tierc compile`'s rules and dashboard query is exported, the shadow's disagreements included.
    @Test func metricsDescribeTheTrafficAndPassPromtool() async throws {
        let directory = try ServeShadowTests.Directory()
        try directory.write("candidate.yaml", try ServeShadowTests.candidate(hourly: 50))
        let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml", "--trust-clock-header",
                                       "--metrics-tenant-labels", "--shadow", directory.path("candidate.yaml")])
        try await server.withMainClient { client in
            for _ in 0..<101 { _ = try await client.get("/api/v1/orders", headers: .bearer("demo-key-tenant-a", at: Self.hour)) }
            _ = try await client.get("/api/intelligence/x", headers: .bearer("demo-key-tenant-a", at: Self.hour))
            _ = try await client.get("/api/v1/orders", headers: .bearer("nobody", at: Self.hour))
            _ = try await client.get("/", headers: [HTTPField.Name("X-Tierc-Time")!: Self.hour])
            // Decided like any request (anonymous), not answered with the metrics.
            let publicMetrics = try await client.get("/metrics", headers: [HTTPField.Name("X-Tierc-Time")!: Self.hour])
            #expect(!publicMetrics.text.contains("tierc_requests_total"), "metrics are on the admin listener only")
        }
        kill(server.process.processIdentifier, SIGHUP)
        let text = try await server.withAdminClient { admin in
            let deadline = Date().addingTimeInterval(30)
            var text = ""
            repeat {
                let response = try await admin.get("/metrics")
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                text = response.text
                if text.contains(#"tierc_reloads_total{result="success"} 1"#) { break }
                try await Task.sleep(for: .milliseconds(20))
            } while Date() < deadline
            return text
        }
        #expect(try await server.stop() == 0)
        for line in [
            #"tierc_requests_total{tier="free",status="200"} 100"#, #"tierc_requests_total{tier="free",status="429"} 1"#,
            #"tierc_requests_total{tier="free",status="403"} 1"#, #"tierc_requests_total{tier="unidentified",status="401"} 1"#,
            #"tierc_requests_total{tier="anonymous",status="200"} 2"#, #"tierc_quota_exceeded_total{tier="free",window="hour"} 1"#,
            #"tierc_tenant_requests_total{tenant="tenant-a",status="200"} 100"#, #"tierc_reloads_total{result="success"} 1"#,
            #"tierc_reloads_total{result="failure"} 0"#, "tierc_decision_duration_seconds_count 105",
            "tierc_decision_log_dropped_lines_total 0",
        ] {
            #expect(text.contains(line), "missing \(line)")
        }
        #expect(text.contains(#"tierc_policy_info{policy="omni-platform",fingerprint="sha256:"#))
        for line in [
            #"tierc_metered_total{tier="free",meter="api_calls"} 100"#,
            #"tierc_tenant_metered_total{tenant="tenant-a",tier="free",meter="api_calls"} 100"#,
            #"tierc_quota_limit{tier="free",meter="api_calls",window="month"} 1000"#,
            #"tierc_quota_limit{tier="enterprise",meter="api_calls",window="hour"} 10000"#,
            #"tierc_shadow_disagreements_total{tier="free",kind="newly_refused"} 50"#,
            // November 2025 so far (the latest request time under --trust-clock-header), in cents: the base prices
            // of tenant-b (99), tenant-c (29) and tenant-d (499); tenant-a's 100 calls are 0.001, billed 0.00.
            #"tierc_invoice_amount_minor{tier="free",currency="USD"} 0"#,
            #"tierc_invoice_amount_minor{tier="starter",currency="USD"} 2900"#,
            #"tierc_invoice_amount_minor{tier="professional",currency="USD"} 9900"#,
            #"tierc_invoice_amount_minor{tier="enterprise",currency="USD"} 49900"#,
        ] {
            #expect(text.contains(line), "missing \(line)")
        }
        try Self.monitoringArtefactsQueryOnly(seriesIn: text)
        #expect(!text.contains("demo-key"))

        let promtool = try #require(Self.promtool, "promtool not found: scripts/setup.sh installs Debian's prometheus package")
        let file = server.scratch.appendingPathComponent("metrics.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$0\" check metrics < \"$1\" 2>&1", promtool, file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "promtool: \(report)")
        #expect(report.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "promtool: \(report)")
    }

    /// docs/operations.md: every metric name that `tierc compile`'s rules and dashboard query is a series of this
    /// live `/metrics` text (recording rules' own names, `level:metric:operation`, are not metric names).
    static func monitoringArtefactsQueryOnly(seriesIn text: String) throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-artefacts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let compiled = try ServeKeysTests.tierc(["compile", "tiers/tiers.yaml", "--out", out.path], in: ServerFixtures.repositoryRoot)
        #expect(compiled.status == 0)
        let exported = Set(text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("# TYPE ") else { return nil }
            return line.split(separator: " ").dropFirst(2).first.map(String.init)
        })
        for name in ["prometheus-rules.yaml", "grafana-dashboard.json"] {
            let artefact = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            // Tokens of name characters; a recording rule's name has colons, a metric's has none.
            let tokens = artefact.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":")) }
            let used = Set(tokens.filter { $0.hasPrefix("tierc_") && !$0.contains(":") }.map(String.init))
            #expect(used.count >= 5, "\(name): \(used)")
            #expect(used.subtracting(exported).isEmpty, "\(name) queries series that tierc serve does not export: \(used.subtracting(exported))")
        }
    }
}
