import Testing
import PolicyModel
import PolicyRuntime
import PolicySimulator

/// docs/policy-format.md#keys-entries: a key with a `revoked` date identifies nobody from 00:00 UTC of that day
/// (401, no later method tried), judged by each request's own time.
@Suite("revoked API keys")
struct KeyRevocationTests {
    /// sha256("key-gamma").
    static let gammaHash = "48dcfc29339fe4f9ae052b80ed0ced40dc21f90a6e5da1a9076ff463be0e2cbb"

    static let tenants = """
        tenants:
          acme:
            tier: free
            api_keys: [key-acme]
            keys:
              - { hash: "sha256:\(gammaHash)", prefix: key-gam, name: old, created: 2025-10-01, revoked: 2025-11-03 }
          beta:
            tier: free
        """

    static let policy = Spec.yaml("""
        identification:
          order: [api_key, header]
        meters:
          api_calls: { kind: counter }
        tiers:
          free:
            price: 0
        """)

    static func line(_ ts: String, key: String, header: String? = nil) -> String {
        let headers = [#""Authorization":"Bearer \#(key)""#] + (header.map { [#""X-Tenant-ID":"\#($0)""#] } ?? [])
        return Spec.line(ts: "\"\(ts)\"", #""headers":{\#(headers.joined(separator: ","))}"#)
    }

    @Test func aRevokedKeyIsUnknownFromMidnightUTCOfItsDay() throws {
        var engine = try Spec.engine(Self.policy, Self.tenants)
        let decisions = try Spec.decisions(&engine, [
            Self.line("2025-11-02T23:59:59.999Z", key: "key-gamma"),
            Self.line("2025-11-03T00:00:00Z", key: "key-gamma"),
            Self.line("2025-11-04T12:00:00Z", key: "key-gamma"),
            // Still acme's other key, and an earlier time again (file order is not time order).
            Self.line("2025-11-04T12:00:00Z", key: "key-acme"),
            Self.line("2025-11-01T08:00:00Z", key: "key-gamma"),
        ])
        #expect(decisions.map(\.status) == [200, 401, 401, 200, 200])
        #expect(decisions[0].tenant == engine.tenants.tenant(id: "acme"))
        #expect(decisions[1].outcome == .unauthorized(.unknownCredentials))
    }

    @Test func noLaterMethodIsTriedForARevokedKey() throws {
        let statuses = try Spec.statuses(Self.policy, Self.tenants, [
            Self.line("2025-11-05T00:00:00Z", key: "key-gamma", header: "beta"),
            Self.line("2025-11-05T00:00:00Z", key: "key-none", header: "beta"),
            Self.line("2025-11-02T00:00:00Z", key: "key-gamma", header: "beta"),
        ])
        #expect(statuses == [401, 401, 200])
    }

    @Test func theReportCountsRevokedKeysAsUnauthorized() throws {
        let report = try Spec.report(Self.policy, Self.tenants, [
            Self.line("2025-11-02T10:00:00Z", key: "key-gamma"),
            Self.line("2025-11-03T10:00:00Z", key: "key-gamma"),
        ])
        #expect(try report.tenant("acme").requests == 1)
        #expect(report.status401 == 1)
    }

    @Test func theRuntimeIndexAnswersByTime() throws {
        let day = try #require(CalendarDay("2025-11-03"))
        let index = TenantIndex(TenantDirectory(tenants: [
            Tenant(id: "acme", tier: "free", apiKeyHashes: [Self.gammaHash], keyRevocations: [Self.gammaHash: day]),
        ]))
        #expect(index.tenant(apiKey: "key-gamma", at: day.startSeconds - 1) == 0)
        #expect(index.tenant(apiKey: "key-gamma", at: day.startSeconds) == nil)
        #expect(index.tenant(apiKey: "key-gamma", at: .max) == nil)
        #expect(index.tenant(apiKey: "key-gamma", at: .min) == 0)
    }
}
