import PolicyRuntime
import Foundation
import Testing
import PolicyModel
import PolicySimulator

/// The worked example (`§6` in docs/simulation.md#the-fine-points): 110 calls of a free tenant in one hour.
@Suite struct WorkedExampleTests {
    static let tenants = """
        tenants:
          tenant-a:
            tier: free
            api_keys: [demo-key-tenant-a]
        """
    static let line = #"{"ts":"2025-11-02T21:00:00Z","path":"/api/intelligence/predictions/revenue","headers":{"Authorization":"Bearer demo-key-tenant-a"}}"#

    @Test func ungatedRouteGives100AllowedThen10HourlyRefusals() throws {
        // "with a route that does not gate that path": drop the feature from the first route.
        let text = try Simulation.specPolicyText().replacingOccurrences(of: "    feature: ai_intelligence       # optional: the tier must have this feature, else 403\n", with: "")
        #expect(!text.contains("feature: ai_intelligence       #"))
        let (policy, tenants) = try Simulation.policy(text, tenants: Self.tenants)
        let report = try Simulation.run(policy, tenants, log: Array(repeating: Self.line, count: 110).joined(separator: "\n"))
        let a = try #require(report.tenants.first)
        #expect(a.status200 == 100)
        #expect(a.status429 == 10)
        #expect(a.rejectedByWindow == [.hour: 10])
        #expect(a.first429 == 1_762_117_200)  // 2025-11-02T21:00:00Z
        let invoice = try #require(a.invoices.first)
        #expect(a.invoices.count == 1)
        #expect(invoice.month == "2025-11")
        #expect(invoice.lines.map(\.kind) == [.base, .usage, .usage])
        #expect(invoice.lines[1].meter == "api_calls")
        #expect(invoice.lines[1].quantity == ExactDecimal(100))
        #expect(invoice.lines[1].amount.formatted(fractionDigits: 2) == "0.00")
        #expect(invoice.lines[2].meter == "storage_gb")
        #expect(invoice.lines[2].quantity == .zero)
        #expect(invoice.total.formatted(fractionDigits: 2) == "0.00")
        let json = report.json()
        #expect(json.contains(#""first_429": "2025-11-02T21:00:00Z""#))
        #expect(json.contains(#"{ "kind": "usage", "meter": "api_calls", "quantity": "100", "amount": "0.00" }"#))
    }

    @Test func gatedRouteGives110Forbidden() throws {
        let (policy, tenants) = try Simulation.policy(try Simulation.specPolicyText(), tenants: Self.tenants)
        let report = try Simulation.run(policy, tenants, log: Array(repeating: Self.line, count: 110).joined(separator: "\n"))
        let a = try #require(report.tenants.first)
        #expect(a.status403 == 110)
        #expect(a.status200 == 0)
        #expect(a.first429 == nil)
        #expect(report.records.requests == 110)
        #expect(report.status403 == 110)
    }
}
