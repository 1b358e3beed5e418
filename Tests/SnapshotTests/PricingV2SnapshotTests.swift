import Foundation
import PolicyCompiler
import PolicyModel
import PolicyRuntime
import PolicySource
import Testing

/// Snapshot format version 2 (docs/snapshot-format.md): pricing v2's fields survive the round trip, are part of
/// the fingerprint, and a snapshot of another version is refused with an error that says which side is older.
@Suite("Snapshot pricing v2")
struct PricingV2SnapshotTests {
    static let policyText = """
        format: 1
        policy: pricing-v2
        currency: USD
        identification: { order: [api_key] }
        meters:
          api_calls: { kind: counter }
          exports: { kind: counter }
          storage_gb: { kind: gauge }
        default_meter: api_calls
        usage_prices:
          api_calls: { per: 1000, price: 0.01, free: 10000 }
          exports: { package: 100, price: 5, free: 100 }
          storage_gb:
            graduated:
              - { up_to: 1.5, price: 0, flat: 0.25 }
              - { up_to: unlimited, price: 0.1, flat: 5 }
        tiers:
          payg: { price: 0, minimum: 20 }
          team:
            extends: payg
            price: 49
            minimum: 60
            usage_prices:
              storage_gb:
                volume:
                  - { up_to: 10, price: 0.2, flat: 1 }
                  - { up_to: unlimited, price: 0.1 }
        """

    static let tenantsText = """
        tenants:
          acme:
            tier: team
            since: 2025-04-16
            until: 2026-02-28
            discounts:
              - { percent: 20, from: 2025-11, months: 3 }
              - { percent: 12.5, from: 2026-01, months: 1 }
          globex: { tier: payg, until: 2025-12-31 }
          initech: { tier: payg }
        """

    static func checked(_ policy: String = policyText) throws -> (Policy, TenantDirectory) {
        let (checked, tenants) = try Fixtures.check(SourceFile(name: "tiers.yaml", text: policy),
                                                    tenants: SourceFile(name: "tenants.yaml", text: tenantsText))
        return (checked, try #require(tenants))
    }

    @Test func everyPricingV2FieldSurvivesTheRoundTrip() throws {
        let (policy, tenants) = try Self.checked()
        #expect(policy.tiers.map { $0.minimum?.description } == ["20", "60"])
        #expect(tenants.tenants.first?.subscription.discounts.count == 2)
        let snapshot = try Snapshot.load(try SnapshotWriter(revision: 3).write(policy: policy, tenants: tenants))
        #expect(snapshot.policy == policy)
        #expect(snapshot.tenants == tenants)
        #expect(snapshot.header.formatVersion == 2)
    }

    @Test(arguments: [
        ("free: 10000", "free: 9999"),
        ("{ package: 100, price: 5, free: 100 }", "{ package: 50, price: 5, free: 100 }"),
        ("{ up_to: 1.5, price: 0, flat: 0.25 }", "{ up_to: 1.5, price: 0, flat: 0.3 }"),
        ("payg: { price: 0, minimum: 20 }", "payg: { price: 0, minimum: 21 }"),
        ("payg: { price: 0, minimum: 20 }", "payg: { price: 0 }"),
    ])
    func pricingV2FieldsAreInTheFingerprint(old: String, new: String) throws {
        let (policy, _) = try Self.checked()
        let changed = Self.policyText.replacingOccurrences(of: old, with: new)
        #expect(changed != Self.policyText)
        let (other, _) = try Self.checked(changed)
        #expect(other.fingerprint != policy.fingerprint)
    }

    @Test(arguments: [(UInt8(1), "an older tierc"), (UInt8(3), "a newer tierc")])
    func anotherVersionIsRefusedClearly(version: UInt8, writer: String) throws {
        let (policy, tenants) = try Self.checked()
        var bytes = try SnapshotWriter().write(policy: policy, tenants: tenants)
        bytes[8] = version
        do {
            _ = try Snapshot.load(bytes)
            Issue.record("a version \(version) snapshot loaded")
        } catch {
            #expect(error.kind == "unsupported-version")
            #expect(error.description.contains("version \(version)"))
            #expect(error.description.contains(writer))
            #expect(error.description.contains("reads version 2"))
        }
    }
}
