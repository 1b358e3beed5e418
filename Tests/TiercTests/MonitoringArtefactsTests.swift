import Foundation
import Testing

/// `tierc compile`'s monitoring artefacts (docs/operations.md): `prometheus-rules.yaml` passes `promtool check
/// rules` and its alerts fire on synthetic series under `promtool test rules`; `grafana-dashboard.json` parses
/// and queries only series of `tierc serve` (ServerTests checks them against a live `/metrics`).
@Suite("tierc compile: monitoring artefacts", .serialized)
struct MonitoringArtefactsTests {
    static let promtool: String? = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Compiles the bundled policy into a fresh folder.
    static func compiled() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-monitoring-\(UUID().uuidString)")
        let run = try TiercBinary.run(["compile", TiercBinary.packageRoot.appendingPathComponent("tiers/tiers.yaml").path,
                                       "--out", directory.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("prometheus-rules.yaml") && run.stdout.contains("grafana-dashboard.json"))
        return directory
    }

    static func promtool(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let promtool = try #require(Self.promtool, "promtool not found: scripts/setup.sh test installs Debian's prometheus package")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: promtool)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func rulesPassPromtoolCheck() throws {
        let directory = try Self.compiled()
        defer { try? FileManager.default.removeItem(at: directory) }
        let check = try Self.promtool(["check", "rules", "prometheus-rules.yaml"], in: directory)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("SUCCESS: 13 rules found"), "\(check.output)")
    }

    /// Synthetic series: tenant-a (free, 1,000 calls a month) at 850, tenant-c (starter, 10,000) at 10,000, a free
    /// tier with half of its requests refused, one failed reload, a shadow candidate that would newly refuse 3
    /// requests of the free tier a minute from minute 5 on, and none of the starter tier.
    @Test func alertsFireOnSyntheticSeries() throws {
        let directory = try Self.compiled()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tests = #"""
            rule_files: [prometheus-rules.yaml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
                  - series: 'tierc_tenant_metered_total{tenant="tenant-a",tier="free",meter="api_calls"}'
                    values: '0 850x30'
                  - series: 'tierc_tenant_metered_total{tenant="tenant-c",tier="starter",meter="api_calls"}'
                    values: '0 10000x30'
                  - series: 'tierc_tenant_metered_total{tenant="tenant-b",tier="professional",meter="api_calls"}'
                    values: '0 10x30'
                  - series: 'tierc_quota_limit{tier="free",meter="api_calls",window="month"}'
                    values: '1000x30'
                  - series: 'tierc_quota_limit{tier="starter",meter="api_calls",window="month"}'
                    values: '10000x30'
                  - series: 'tierc_quota_limit{tier="professional",meter="api_calls",window="month"}'
                    values: '50000x30'
                  - series: 'tierc_quota_limit{tier="free",meter="api_calls",window="hour"}'
                    values: '100x30'
                  - series: 'tierc_requests_total{tier="free",status="200"}'
                    values: '0+60x30'
                  - series: 'tierc_requests_total{tier="free",status="429"}'
                    values: '0+60x30'
                  - series: 'tierc_requests_total{tier="starter",status="200"}'
                    values: '0+60x30'
                  - series: 'tierc_reloads_total{result="failure"}'
                    values: '0 0 0 1x27'
                  - series: 'tierc_shadow_disagreements_total{tier="free",kind="newly_refused"}'
                    values: '0x5 3+3x25'
                  - series: 'tierc_shadow_disagreements_total{tier="starter",kind="newly_allowed"}'
                    values: '0x30'
                promql_expr_test:
                  - expr: tenant_meter:tierc_quota_usage:ratio_month
                    eval_time: 10m
                    exp_samples:
                      - labels: 'tenant_meter:tierc_quota_usage:ratio_month{tenant="tenant-a",tier="free",meter="api_calls"}'
                        value: 0.85
                      - labels: 'tenant_meter:tierc_quota_usage:ratio_month{tenant="tenant-b",tier="professional",meter="api_calls"}'
                        value: 0.0002
                      - labels: 'tenant_meter:tierc_quota_usage:ratio_month{tenant="tenant-c",tier="starter",meter="api_calls"}'
                        value: 1
                  - expr: tier:tierc_requests_429:ratio_rate5m
                    eval_time: 10m
                    exp_samples:
                      - labels: 'tier:tierc_requests_429:ratio_rate5m{tier="free"}'
                        value: 0.5
                alert_rule_test:
                  - eval_time: 10m
                    alertname: TiercTenantMonthlyQuotaNearlyUsed
                    exp_alerts:
                      - exp_labels: { severity: warning, tenant: tenant-a, tier: free, meter: api_calls }
                        exp_annotations:
                          summary: 'Tenant tenant-a has used 80 % of a monthly quota'
                          description: 'Tenant tenant-a (tier free) has used 85% of its monthly api_calls quota over the last 30 days.'
                  - eval_time: 10m
                    alertname: TiercTenantMonthlyQuotaUsed
                    exp_alerts:
                      - exp_labels: { severity: critical, tenant: tenant-c, tier: starter, meter: api_calls }
                        exp_annotations:
                          summary: 'Tenant tenant-c has used all of a monthly quota'
                          description: 'Tenant tenant-c (tier starter) has used 100% of its monthly api_calls quota over the last 30 days: further requests get 429.'
                  - eval_time: 8m
                    alertname: TiercQuotaRefusalSpike
                    exp_alerts: []
                  - eval_time: 20m
                    alertname: TiercQuotaRefusalSpike
                    exp_alerts:
                      - exp_labels: { severity: warning, tier: free }
                        exp_annotations:
                          summary: 'Many 429s on tier free'
                          description: "50% of tier free's requests were refused with 429 over 5 minutes, for 10 minutes."
                  - eval_time: 2m
                    alertname: TiercPolicyReloadFailed
                    exp_alerts: []
                  - eval_time: 5m
                    alertname: TiercPolicyReloadFailed
                    exp_alerts:
                      - exp_labels: { severity: critical, result: failure }
                        exp_annotations:
                          summary: 'tierc serve failed to reload its policy'
                          description: 'A policy reload failed on : the previous policy stays in force. See the server''s log and `tierc check` the new policy.'
                  - eval_time: 4m
                    alertname: TiercShadowPolicyDisagrees
                    exp_alerts: []
                  - eval_time: 10m
                    alertname: TiercShadowPolicyDisagrees
                    exp_alerts:
                      - exp_labels: { severity: info, tier: free, kind: newly_refused }
                        exp_annotations:
                          summary: 'The shadow policy disagrees on tier free (newly_refused)'
                          description: 'The --shadow candidate of tierc serve would have decided requests of tier free otherwise (newly_refused) in the last 15 minutes. See GET /admin/v1/shadow for the tenants affected and the projected invoice difference before promoting the candidate.'
            """#
        try tests.write(to: directory.appendingPathComponent("rules-test.yaml"), atomically: true, encoding: .utf8)
        let run = try Self.promtool(["test", "rules", "rules-test.yaml"], in: directory)
        #expect(run.status == 0, "\(run.output)")
    }

    @Test func dashboardParsesAndIsDeterministic() throws {
        let first = try Self.compiled()
        let second = try Self.compiled()
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        for name in ["grafana-dashboard.json", "prometheus-rules.yaml"] {
            #expect(try Data(contentsOf: first.appendingPathComponent(name)) == Data(contentsOf: second.appendingPathComponent(name)))
        }
        let data = try Data(contentsOf: first.appendingPathComponent("grafana-dashboard.json"))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(dashboard["schemaVersion"] as? Int == 39)
        #expect(dashboard["uid"] as? String == "tierc-omni-platform")
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        #expect(panels.compactMap { $0["title"] as? String } == [
            "Top tenants by request rate", "Quota usage per tenant (month)", "Quota usage per tenant (hour)",
            "Requests by tier and status", "429s by tier and window", "Admitted usage by tier",
            "Revenue by tier (month to date)", "Policy revision",
        ])
        let expressions = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        #expect(expressions.allSatisfy { !$0.isEmpty })
        #expect(expressions.contains { $0.contains("tierc_tenant_metered_total") && $0.contains("tierc_quota_limit{window=\"month\"}") })
        #expect(expressions.contains("sum by (tier, currency) (tierc_invoice_amount_minor)"))
    }
}
