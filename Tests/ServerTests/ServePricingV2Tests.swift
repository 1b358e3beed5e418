import Foundation
import HTTPTypes
import HummingbirdTesting
import PolicyRuntime
import SeededRandom
import Testing

/// `tierc serve`'s invoice endpoint with pricing v2 (docs/serve.md, docs/simulation.md, fine points 7.26–7.31): a
/// tenant who joins mid-month with a discount on a tier with a minimum, one who leaves mid-month, one with two
/// discounts, billed with free units, a package, band flat fees and minimums. Every invoice served for the traffic
/// the server decided is the invoice `tierc simulate` reports for the same requests, and a month outside a
/// subscription has none on either side.
@Suite("tierc serve bills pricing v2 as tierc simulate", .serialized)
struct ServePricingV2Tests {
    static let policyPath = ServeEquivalenceTests.fixtures.appendingPathComponent("pricing-v2-tiers.yaml").path
    static let tenantsPath = ServeEquivalenceTests.fixtures.appendingPathComponent("pricing-v2-tenants.yaml").path
    static let tenants = ["joiner", "leaver", "steady"]

    /// About 600 requests and 40 gauge readings from 2025-11-10 to 2026-01-19, identified by `X-Tenant-ID`.
    static func log(seed: UInt64) -> EquivalenceLog {
        var log = EquivalenceLog(seed: seed, requests: 0)
        var random = SplitMix64(seed: seed)
        var now: Int64 = 1_762_732_800  // 2025-11-10T00:00:00Z
        for step in 0..<640 {
            now += Int64(1 + random.below(19_000))
            let tenant = tenants[random.below(tenants.count)]
            let time = UTCCalendar.rfc3339(now)
            if step % 16 == 0 {
                let value = "\(random.below(14)).\(random.below(10))"
                log.records.append(.gauge(line: #"{"ts":"\#(time)","tenant":"\#(tenant)","meter":"storage_gb","value":\#(value)}"#,
                                          body: #"{"tenant":"\#(tenant)","meter":"storage_gb","value":\#(value)}"#, time: time))
                continue
            }
            let path = random.chance(1, in: 4) ? "/api/export/csv" : "/api/v1/orders"
            log.records.append(.request(line: #"{"ts":"\#(time)","method":"GET","path":"\#(path)","headers":{"X-Tenant-ID":"\#(tenant)"}}"#,
                                        target: path, host: nil, headers: [("X-Tenant-ID", tenant)], time: time))
        }
        return log
    }

    @Test func servedInvoicesAreTheSimulatorsWithDatesDiscountsAndMinimums() async throws {
        let log = Self.log(seed: 0x18)
        let server = try await ServeProcess.start([Self.policyPath, "--tenants", Self.tenantsPath, "--trust-clock-header"])
        let answers = try await ServeEquivalenceTests.send(log, to: server)
        #expect(answers.allSatisfy { $0.status == 200 }, "\(Set(answers))")

        let logURL = server.scratch.appendingPathComponent("requests.jsonl")
        try log.text.write(to: logURL, atomically: true, encoding: .utf8)
        let run = try TiercCommand.run(["simulate", Self.policyPath, logURL.path, "--tenants", Self.tenantsPath, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        var simulated: [String: [String: Any]] = [:]  // "tenant month" → invoice
        for case let tenant as [String: Any] in report["tenants"] as? [Any] ?? [] {
            let id = try #require(tenant["tenant"] as? String)
            for case let invoice as [String: Any] in tenant["invoices"] as? [Any] ?? [] {
                simulated["\(id) \(try #require(invoice["month"] as? String))"] = invoice
            }
        }

        let months = ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]
        let served = try await server.withMainClient { client in
            var texts: [String: (Int, String)] = [:]
            for tenant in Self.tenants {
                for month in months {
                    let response = try await client.get("/api/v1/billing/invoice?month=\(month)", headers: [
                        HTTPField.Name("X-Tenant-ID")!: tenant, HTTPField.Name("X-Tierc-Time")!: "2026-02-01T00:00:00Z",
                    ])
                    texts["\(tenant) \(month)"] = (response.status.code, response.text)
                }
            }
            return texts
        }
        #expect(try await server.stop() == 0)

        for (key, (status, text)) in served.sorted(by: { $0.key < $1.key }) {
            guard let expected = simulated[key] else {
                // The simulator invoices a month with traffic that the subscription covers; the server answers for
                // any month, with 404 outside the subscription.
                if key.hasPrefix("joiner 2025-10") || key.hasPrefix("leaver 2026") {
                    #expect(status == 404, "\(key): \(text)")
                }
                continue
            }
            #expect(status == 200, "\(key): \(text)")
            let invoice = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(invoice["total"] as? String == expected["total"] as? String, "\(key)")
            #expect(NSArray(array: invoice["lines"] as? [Any] ?? []) == NSArray(array: expected["lines"] as? [Any] ?? []),
                    "\(key): served \(text)")
        }
        // The months with traffic are all there, and the joiner's first month shows what this test is about.
        for key in ["joiner 2025-11", "joiner 2025-12", "joiner 2026-01", "leaver 2025-11", "leaver 2025-12",
                    "steady 2025-11", "steady 2025-12", "steady 2026-01"] {
            #expect(simulated[key] != nil, "the simulator has no invoice for \(key)")
        }
        #expect(simulated["leaver 2026-01"] == nil)
        let joined = try #require(served["joiner 2025-11"]).1
        #expect(joined.contains(#"{"kind":"base","amount":"4.67"}"#), "10 × 14 / 30 days: \(joined)")
        #expect(joined.contains(#"{"kind":"minimum","#), "\(joined)")
        #expect(joined.contains(#"{"kind":"discount","amount":"-5.60"}"#), "20% of the prorated minimum 28.00: \(joined)")
        #expect(joined.contains(#""total":"22.40""#), "\(joined)")
        let steady = try #require(served["steady 2025-12"]).1
        #expect(steady.components(separatedBy: #""kind":"discount""#).count == 3, "two discounts: \(steady)")
    }
}
