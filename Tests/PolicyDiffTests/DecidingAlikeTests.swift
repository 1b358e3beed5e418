import Foundation
import Testing
import PolicyCheck
import PolicyDiff
import PolicySource
import PolicyRuntime
import PolicySimulator

/// Which tenants two policies decide alike (docs/simulation.md, "Deciding once for both policies"): prices play no
/// part; a tier's limits or features, or any policy-wide rule of the decision, do.
@Suite("tenants decided alike by two policies")
struct DecidingAlikeTests {
    /// t0, t3, t6 are on pro, the others on free (``DiffReplaySplitTests/tenants``).
    static let proTenants = (0..<DiffReplaySplitTests.tenantCount).map { $0 % 3 == 0 }

    static func alike(_ newYAML: String) throws -> [Bool]? {
        let old = try DiffReplaySplitTests.simulator(DiffSupport.base)
        let new = try DiffReplaySplitTests.simulator(newYAML)
        return old.engine.rules.tenantsDecidingAlike(new.engine.rules)
    }

    @Test("prices and descriptions leave every tenant decided alike")
    func pricesOnly() throws {
        let all = Array(repeating: true, count: DiffReplaySplitTests.tenantCount)
        #expect(try Self.alike(DiffSupport.base) == all)
        #expect(try Self.alike(DiffSupport.edited("price: 29", "price: 39")) == all)
        #expect(try Self.alike(DiffSupport.edited("api_calls: { per: 1000, price: 0.01 }", "api_calls: { per: 1000, price: 0.02 }")) == all)
        #expect(try Self.alike(DiffSupport.edited("description: Try it", "description: Try it free")) == all)
    }

    @Test("a tier's limits or features set its tenants apart, and only them")
    func oneTier() throws {
        // Free changes: only pro's tenants stay alike; pro changes: only free's.
        let freeChanged = Self.proTenants
        let proChanged = Self.proTenants.map { !$0 }
        #expect(try Self.alike(DiffSupport.edited("api_calls: { hour: 100, month: 1000 }", "api_calls: { hour: 40, month: 1000 }")) == freeChanged)
        #expect(try Self.alike(DiffSupport.edited("api_calls: { hour: 500, month: 10000 }", "api_calls: { hour: 500, month: 20000 }")) == proChanged)
        #expect(try Self.alike(DiffSupport.edited("features: [exports]", "features: []")) == proChanged)
        // A gauge's limit refuses no request: the tenants stay decided alike (gauge readings are replayed on both sides).
        #expect(try Self.alike(DiffSupport.edited("storage_gb: 10", "storage_gb: 12")) == Array(repeating: true, count: DiffReplaySplitTests.tenantCount))
    }

    @Test("a policy-wide rule of the decision sets every tenant apart")
    func policyWide() throws {
        #expect(try Self.alike(DiffSupport.edited("    cost: 2\n", "    cost: 3\n")) == nil)
        #expect(try Self.alike(DiffSupport.edited("- match: /health", "- match: /healthz")) == nil)
        #expect(try Self.alike(DiffSupport.edited("require_tenant: false", "require_tenant: true")) == nil)
        #expect(try Self.alike(DiffSupport.edited("order: [api_key, header, query]", "order: [header, api_key, query]")) == nil)
    }

    /// A simulator of `yaml` with the tenants of `tenants` as checked against `directoryPolicy` (so a tenant may be
    /// on a tier that `yaml` does not have).
    static func simulator(_ yaml: String, tenants: String, checkedAgainst directoryPolicy: String) throws -> Simulator {
        let directory = try #require(PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: directoryPolicy),
                                                         tenants: SourceFile(name: "tenants.yaml", text: tenants)).tenants)
        let policy = try #require(PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: yaml)).policy)
        return Simulator(policy: policy, tenants: directory)
    }

    @Test("a tier in one policy only sets its tenants apart; a tier in neither decides them alike (401 under both)")
    func missingTiers() throws {
        let tenants = DiffReplaySplitTests.tenants
        let renamed = try DiffSupport.edited("  pro:\n", "  premium:\n")
        let old = try Self.simulator(DiffSupport.base, tenants: tenants, checkedAgainst: DiffSupport.base)
        let newWithoutPro = try Self.simulator(renamed, tenants: tenants, checkedAgainst: DiffSupport.base)
        #expect(old.engine.rules.tenantsDecidingAlike(newWithoutPro.engine.rules) == Self.proTenants.map { !$0 })
        // Neither policy has `pro`: its tenants are refused 401 by both, alike.
        let dearer = renamed.replacingOccurrences(of: "price: 29", with: "price: 39")
        let oldWithoutPro = try Self.simulator(renamed, tenants: tenants, checkedAgainst: DiffSupport.base)
        let dearerWithoutPro = try Self.simulator(dearer, tenants: tenants, checkedAgainst: DiffSupport.base)
        #expect(oldWithoutPro.engine.rules.tenantsDecidingAlike(dearerWithoutPro.engine.rules)
                == Array(repeating: true, count: DiffReplaySplitTests.tenantCount))
    }

    @Test("a tenant moved by --new-tenants is alike when its new tier decides as its old one, apart otherwise")
    func movedTenants() throws {
        // `basic` extends `free` and changes only the name and price: it decides as free does.
        let policy = DiffSupport.base + """
              basic:
                extends: free
                name: Basic
                price: 5

            """
        let tenants = DiffReplaySplitTests.tenants
        let old = try Self.simulator(policy, tenants: tenants, checkedAgainst: policy)
        let toBasic = try Self.simulator(policy, tenants: tenants.replacingOccurrences(of: "  t1:\n    tier: free", with: "  t1:\n    tier: basic"),
                                         checkedAgainst: policy)
        let toPro = try Self.simulator(policy, tenants: tenants.replacingOccurrences(of: "  t1:\n    tier: free", with: "  t1:\n    tier: pro"),
                                       checkedAgainst: policy)
        let all = Array(repeating: true, count: DiffReplaySplitTests.tenantCount)
        #expect(old.engine.rules.tenantsDecidingAlike(toBasic.engine.rules) == all)
        var allButT1 = all
        allButT1[1] = false
        #expect(old.engine.rules.tenantsDecidingAlike(toPro.engine.rules) == allButT1)
    }

    @Test("a tenant decided once leaves NEW with the counters and the checks beyond the horizon of deciding it twice")
    func beyondTheHorizon() throws {
        // t0 is on pro, which the change to free's limits leaves alike: 300 requests an hour apart, then 3 dated back
        // to the first hour, whose hour window is forgotten by then (MeterCounters.retainedWindows).
        let old = try DiffReplaySplitTests.simulator(DiffSupport.base)
        let new = try DiffReplaySplitTests.simulator(try DiffReplaySplitTests.newPolicy(.freeLimit))
        #expect(old.engine.rules.tenantsDecidingAlike(new.engine.rules)?[0] == true)
        let start: Int64 = 1_761_955_200
        let times = (0..<300).map { start + Int64($0) * 3_600 } + [start, start + 60, start + 120]
        var once = DiffReplay(old: old, new: new)
        var twice = DiffReplay(old: old, new: new, decideOnce: false)
        for (index, seconds) in times.enumerated() {
            let line = Array(#"{"ts":\#(seconds),"tenant":"t0","path":"/api/v1/orders"}"#.utf8)
            let pair = try #require(line.withUnsafeBufferPointer {
                ReplayPair.make(.text($0), old: old.engine.resolver, new: new.engine.resolver)
            })
            _ = once.replay(pair, line: index + 1)
            _ = twice.replay(pair, line: index + 1)
        }
        #expect(twice.new.engine.state.decisionsBeyondHorizon > 0)
        #expect(once.new.engine.state == twice.new.engine.state)
        #expect(once.old.engine.state == twice.old.engine.state)
        #expect(try once.new.finish() == twice.new.finish())
    }
}
