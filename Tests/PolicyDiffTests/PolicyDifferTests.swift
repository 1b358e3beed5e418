import Foundation
import PolicyCheck
import PolicyDiff
import PolicyModel
import PolicySource
import Testing

/// One test per kind of change: the base policy with one edit gives exactly the expected change and impact.
@Suite("Semantic changes and their impact")
struct PolicyDifferTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var old: String
        var new: String
        var kind: ChangeKind
        var impact: ChangeImpact
        var path: String
        var tier: String?
        var oldValue: String?
        var newValue: String?
        var testDescription: String { kind.rawValue + " " + path }
    }

    static let cases: [Case] = [
        Case(old: "price: 29", new: "price: 39", kind: .priceIncreased, impact: .breaking, path: "tiers.pro.price", tier: "pro", oldValue: "29", newValue: "39"),
        Case(old: "price: 29", new: "price: 19.50", kind: .priceDecreased, impact: .safe, path: "tiers.pro.price", tier: "pro", oldValue: "29", newValue: "19.5"),
        Case(old: "api_calls: { hour: 500, month: 10000 }", new: "api_calls: { hour: 400, month: 10000 }", kind: .limitCut, impact: .breaking, path: "tiers.pro.limits.api_calls.hour", tier: "pro", oldValue: "500", newValue: "400"),
        Case(old: "api_calls: { hour: 500, month: 10000 }", new: "api_calls: { hour: 500, month: 20000 }", kind: .limitRaised, impact: .safe, path: "tiers.pro.limits.api_calls.month", tier: "pro", oldValue: "10000", newValue: "20000"),
        Case(old: "api_calls: { hour: 500, month: 10000 }", new: "api_calls: { hour: unlimited, month: 10000 }", kind: .limitMadeUnlimited, impact: .safe, path: "tiers.pro.limits.api_calls.hour", tier: "pro", oldValue: "500", newValue: "unlimited"),
        Case(old: "api_calls: { hour: 500, month: 10000 }", new: "api_calls: { minute: 20, hour: 500, month: 10000 }", kind: .limitMadeLimited, impact: .breaking, path: "tiers.pro.limits.api_calls.minute", tier: "pro", oldValue: "unlimited", newValue: "20"),
        Case(old: "storage_gb: 10", new: "storage_gb: 5", kind: .limitCut, impact: .breaking, path: "tiers.pro.limits.storage_gb", tier: "pro", oldValue: "10", newValue: "5"),
        Case(old: "storage_gb: 10", new: "storage_gb: unlimited", kind: .limitMadeUnlimited, impact: .safe, path: "tiers.pro.limits.storage_gb", tier: "pro", oldValue: "10", newValue: "unlimited"),
        Case(old: "features: [exports]", new: "features: []", kind: .featureWithdrawn, impact: .breaking, path: "tiers.pro.features.exports", tier: "pro", oldValue: "exports", newValue: nil),
        Case(old: "features: [reports]", new: "features: [reports, exports]", kind: .featureGranted, impact: .safe, path: "tiers.free.features.exports", tier: "free", oldValue: nil, newValue: "exports"),
        Case(old: "name: Pro", new: "name: Professional", kind: .tierNameChanged, impact: .cosmetic, path: "tiers.pro.name", tier: "pro", oldValue: "Pro", newValue: "Professional"),
        Case(old: "currency: USD", new: "currency: EUR", kind: .currencyChanged, impact: .breaking, path: "currency", oldValue: "USD", newValue: "EUR"),
        Case(old: "rounding: half_up", new: "rounding: half_even", kind: .roundingChanged, impact: .safe, path: "rounding", oldValue: "half_up", newValue: "half_even"),
        Case(old: "require_tenant: false", new: "require_tenant: true", kind: .requireTenantChanged, impact: .breaking, path: "identification.require_tenant", oldValue: "false", newValue: "true"),
        Case(old: "order: [api_key, header, query]", new: "order: [api_key, query]", kind: .identificationOrderChanged, impact: .breaking, path: "identification.order", oldValue: "[api_key, header, query]", newValue: "[api_key, query]"),
        Case(old: "scheme: Bearer", new: "scheme: Token", kind: .identificationSchemeChanged, impact: .breaking, path: "identification.api_key.scheme", oldValue: "Bearer", newValue: "Token"),
        Case(old: "names: [X-Tenant-ID]", new: "names: [X-Tenant-ID, Tenant]", kind: .identificationHeadersChanged, impact: .safe, path: "identification.header.names", oldValue: "[X-Tenant-ID]", newValue: "[X-Tenant-ID, Tenant]"),
        Case(old: "param: tenant_id", new: "param: t", kind: .identificationQueryParamChanged, impact: .breaking, path: "identification.query.param", oldValue: "tenant_id", newValue: "t"),
        Case(old: "api_calls: { per: 1000, price: 0.01 }", new: "api_calls: { per: 1000, price: 0.02 }", kind: .usagePriceIncreased, impact: .breaking, path: "tiers.free.usage_prices.api_calls", tier: "free", oldValue: "0.01 per 1000", newValue: "0.02 per 1000"),
        Case(old: "    cost: 2\n", new: "    cost: 3\n", kind: .routeCostIncreased, impact: .breaking, path: "routes./api/exports/**.cost", oldValue: "2", newValue: "3"),
        Case(old: "    cost: 0\n", new: "    cost: 1\n", kind: .routeCostIncreased, impact: .breaking, path: "routes./health.cost", oldValue: "0", newValue: "1"),
        Case(old: "    feature: reports\n", new: "", kind: .routeFeatureChanged, impact: .safe, path: "routes./api/reports/**.feature", oldValue: "reports", newValue: nil),
        Case(old: "unit: GB", new: "unit: GiB", kind: .meterUnitChanged, impact: .cosmetic, path: "meters.storage_gb.unit", oldValue: "GB", newValue: "GiB"),
        Case(old: "description: Exports", new: "description: CSV exports", kind: .featureDescriptionChanged, impact: .cosmetic, path: "features.exports.description", oldValue: "Exports", newValue: "CSV exports"),
        Case(old: "description: Try it", new: "description: Try it free", kind: .tierDescriptionChanged, impact: .cosmetic, path: "tiers.free.description", tier: "free", oldValue: "Try it", newValue: "Try it free"),
        Case(old: "policy: shop", new: "policy: store", kind: .policyNameChanged, impact: .cosmetic, path: "policy", oldValue: "shop", newValue: "store"),
        Case(old: "  - match: /health\n    cost: 0\n", new: "  - match: /health\n    cost: 0\n  - match: /api/admin/**\n    feature: reports\n", kind: .routeAdded, impact: .breaking, path: "routes./api/admin/**", oldValue: nil, newValue: "feature=reports meter=api_calls cost=1"),
        Case(old: "  - match: /health\n    cost: 0\n", new: "", kind: .routeRemoved, impact: .breaking, path: "routes./health", oldValue: "meter=api_calls cost=0", newValue: nil),
    ]

    @Test(arguments: cases)
    func oneEditOneChange(_ c: Case) throws {
        let changes = try DiffSupport.changes(c.old, c.new)
        // A description edit of the parent tier is inherited by the child: both tiers change.
        let relevant = changes.filter { $0.kind == c.kind }
        let change = try #require(relevant.first, "no \(c.kind) in \(changes.map(\.path))")
        #expect(change.path == c.path)
        #expect(change.impact == c.impact)
        #expect(change.tier == c.tier)
        #expect(change.old == c.oldValue)
        #expect(change.new == c.newValue)
        #expect(!change.message.isEmpty)
        if c.kind != .tierDescriptionChanged && c.kind != .featureGranted && c.kind != .usagePriceIncreased {
            #expect(changes.count == 1, "\(changes.map { "\($0.kind) \($0.path)" })")
        }
    }

    @Test func identicalPoliciesHaveNoChanges() throws {
        #expect(try DiffSupport.report(DiffSupport.base, DiffSupport.base).changes.isEmpty)
    }

    /// Comparing resolved policies: moving a limit from a child into its parent, where the child inherits
    /// it unchanged, is no change for the child; re-spelling YAML is none either.
    @Test func comparesResolvedPoliciesNotText() throws {
        let respelled = try DiffSupport.edited("api_calls: { hour: 500, month: 10000 }", "api_calls:\n        hour: 500\n        month: 10000")
        #expect(try DiffSupport.report(DiffSupport.base, respelled).changes.isEmpty)
        // A feature granted to the parent is no change for a child that already had it.
        let inherited = try DiffSupport.changes("features: [reports]", "features: [reports, exports]")
        #expect(inherited.map(\.path) == ["tiers.free.features.exports"], "pro already had exports")
    }

    @Test func parentChangeShowsOnChildrenThatInheritIt() throws {
        let changes = try DiffSupport.changes("features: [reports]", "features: []")
        #expect(changes.map(\.path) == ["tiers.free.features.reports", "tiers.pro.features.reports"])
        #expect(changes.allSatisfy { $0.impact == .breaking && $0.kind == .featureWithdrawn })
    }

    @Test func tiersAddedAndRemoved() throws {
        let added = DiffSupport.base + "  team:\n    extends: pro\n    price: 99\n"
        let changes = try DiffSupport.report(DiffSupport.base, added).changes
        #expect(changes.map(\.kind) == [.tierAdded])
        #expect(changes.first?.impact == .safe)
        let removed = try DiffSupport.report(added, DiffSupport.base).changes
        #expect(removed.map(\.kind) == [.tierRemoved])
        #expect(removed.first?.impact == .breaking)
        #expect(removed.first?.path == "tiers.team")
    }

    /// A removed and an added tier with identical content are one tier renamed; its display name may change.
    @Test func renameRule() throws {
        let renamed = try DiffSupport.edited("  pro:\n    extends: free\n    name: Pro\n", "  plus:\n    extends: free\n    name: Plus\n")
        let changes = try DiffSupport.report(DiffSupport.base, renamed).changes
        #expect(changes.map(\.kind) == [.tierRenamed, .tierNameChanged])
        #expect(changes.first?.old == "pro")
        #expect(changes.first?.new == "plus")
        #expect(changes.first?.impact == .safe)
        // Same id change with a different price: removed and added, not renamed.
        let repriced = renamed.replacingOccurrences(of: "price: 29", with: "price: 30")
        #expect(try DiffSupport.report(DiffSupport.base, repriced).changes.map(\.kind) == [.tierRemoved, .tierAdded])
    }

    /// A rename is located at the new key, not at the start of the file, and is breaking when the tenants file
    /// still puts tenants on the old id (they get 401).
    @Test func renameIsLocatedAtTheNewKeyAndBreaksTenantsOnTheOldID() throws {
        let renamed = try DiffSupport.edited("  pro:\n    extends: free\n    name: Pro\n", "  plus:\n    extends: free\n    name: Pro\n")
        let report = try DiffSupport.report(DiffSupport.base, renamed)
        let entry = try #require(report.entries.first { $0.change.kind == .tierRenamed })
        #expect(entry.range?.start.line == renamed.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("  plus:") }.map { $0 + 1 })
        #expect(entry.range?.start.column == 3)
        #expect(entry.change.path == "tiers.plus")
        #expect(entry.change.impact == .safe, "no tenants file: nobody is known to be on `pro`")

        let (oldSide, _) = try DiffSupport.side(DiffSupport.base, file: "old.yaml")
        let (newSide, newSource) = try DiffSupport.side(renamed, file: "new.yaml")
        var withTenants = oldSide
        withTenants.tenants = TenantDirectory(tenants: [Tenant(id: "acme", tier: "pro"), Tenant(id: "globex", tier: "free")])
        let breaking = PolicyDiffReport(old: withTenants, new: newSide, sources: [newSource]).changes.first { $0.kind == .tierRenamed }
        #expect(breaking?.impact == .breaking)
        #expect(breaking?.message.contains("`acme`") == true)
        #expect(breaking?.message.contains("401") == true)
        withTenants.tenants = TenantDirectory(tenants: [Tenant(id: "globex", tier: "free")])
        #expect(PolicyDiffReport(old: withTenants, new: newSide, sources: [newSource]).changes.first { $0.kind == .tierRenamed }?.impact == .safe)
    }

    /// `trusted_header` is an identification change: safe both ways (it changes no decision), located at the key.
    @Test func trustedHeaderIsAnIdentificationChange() throws {
        let trusted = try DiffSupport.edited("  require_tenant: false\n", "  require_tenant: false\n  trusted_header: true\n")
        let report = try DiffSupport.report(DiffSupport.base, trusted)
        #expect(report.changes.map(\.kind) == [.trustedHeaderChanged])
        #expect(report.changes.first?.impact == .safe)
        #expect(report.changes.first?.path == "identification.trusted_header")
        #expect(report.changes.first?.message.contains("strips the copies clients send") == true)
        let line = trusted.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("  trusted_header:") }
        #expect(report.entries.first?.range?.start.line == line.map { $0 + 1 })
        #expect(try DiffSupport.report(trusted, DiffSupport.base).changes.map(\.kind) == [.trustedHeaderChanged])
    }

    /// Globs are compared scalar by scalar: `/café` precomposed and decomposed match different paths.
    @Test func routeGlobsCompareScalarsNotCharacters() throws {
        let old = try DiffSupport.edited("  - match: /health\n", "  - match: \"/caf\u{E9}\"\n")
        let new = try DiffSupport.edited("  - match: /health\n", "  - match: \"/cafe\u{301}\"\n")
        #expect(try DiffSupport.report(old, new).changes.map(\.kind) == [.routeRemoved, .routeAdded])
    }

    @Test func usagePricesCompareRatesBandByBand() throws {
        // 0.01 per 1000 is 0.1 per 10000: the same rate, no change.
        #expect(try DiffSupport.changes("api_calls: { per: 1000, price: 0.01 }", "api_calls: { per: 10000, price: 0.1 }").isEmpty)
        let cheaper = try DiffSupport.changes("api_calls: { per: 1000, price: 0.01 }", "api_calls: { per: 2000, price: 0.01 }")
        #expect(Set(cheaper.map(\.kind)) == [.usagePriceDecreased])
        #expect(cheaper.allSatisfy { $0.impact == .safe })
        let banded = try DiffSupport.changes("api_calls: { per: 1000, price: 0.01 }",
                                             "api_calls:\n    per: 1000\n    graduated:\n      - { up_to: 5000, price: 0 }\n      - { up_to: unlimited, price: 0.01 }")
        #expect(Set(banded.map(\.kind)) == [.usagePriceChanged])
        #expect(banded.allSatisfy { $0.impact == .breaking })
        let dropped = try DiffSupport.changes("usage_prices:\n  api_calls: { per: 1000, price: 0.01 }\n", "")
        #expect(Set(dropped.map(\.kind)) == [.usagePriceRemoved])
    }

    @Test func routeReorderIsBreaking() throws {
        let swapped = try DiffSupport.edited("""
              - match: /api/reports/**
                feature: reports
              - match: /api/exports/**
                feature: exports
                cost: 2

            """, """
              - match: /api/exports/**
                feature: exports
                cost: 2
              - match: /api/reports/**
                feature: reports

            """)
        let changes = try DiffSupport.report(DiffSupport.base, swapped).changes
        #expect(changes.map(\.kind) == [.routeReordered])
        #expect(changes.first?.impact == .breaking)
    }

    @Test func sameInputsSameOrder() throws {
        let new = try DiffSupport.edited("price: 29", "price: 39").replacingOccurrences(of: "currency: USD", with: "currency: EUR")
        let a = try DiffSupport.report(DiffSupport.base, new).changes
        let b = try DiffSupport.report(DiffSupport.base, new).changes
        #expect(a == b)
        #expect(a.map(\.kind) == [.currencyChanged, .priceIncreased])
    }
}

/// Pricing v2 in a diff (docs/diff.md): a higher flat fee, package price or minimum, or a smaller `free` or
/// package, is breaking; the opposite safe; both at once may cost some quantity more.
@Suite("Pricing v2 changes")
struct PricingV2DiffTests {
    static let usage = "api_calls: { per: 1000, price: 0.01 }"

    /// The kinds and impacts of the changes of the free tier's `api_calls` price from OLD to NEW.
    static func usageChange(_ old: String, _ new: String) throws -> [String] {
        let before = try DiffSupport.edited(usage, "api_calls: " + old)
        let after = try DiffSupport.edited(usage, "api_calls: " + new)
        return try DiffSupport.report(before, after).changes
            .filter { $0.path == "tiers.free.usage_prices.api_calls" }
            .map { "\($0.kind) \($0.impact)" }
    }

    @Test(arguments: [
        ("{ per: 1000, price: 0.01, free: 1000 }", "{ per: 1000, price: 0.01, free: 500 }", "usage-price-increased breaking"),
        ("{ per: 1000, price: 0.01, free: 500 }", "{ per: 1000, price: 0.01, free: 1000 }", "usage-price-decreased safe"),
        ("{ per: 1000, price: 0.01 }", "{ per: 1000, price: 0.01, free: 100 }", "usage-price-decreased safe"),
        ("{ package: 100, price: 5 }", "{ package: 100, price: 6 }", "usage-price-increased breaking"),
        ("{ package: 100, price: 5 }", "{ package: 50, price: 5 }", "usage-price-increased breaking"),
        ("{ package: 100, price: 5 }", "{ package: 200, price: 5 }", "usage-price-decreased safe"),
        ("{ package: 100, price: 5 }", "{ package: 200, price: 6 }", "usage-price-changed breaking"),
        ("{ package: 100, price: 5, free: 100 }", "{ package: 100, price: 5, free: 50 }", "usage-price-increased breaking"),
        ("{ graduated: [ { up_to: 10, price: 1, flat: 5 }, { up_to: unlimited, price: 0.5 } ] }",
         "{ graduated: [ { up_to: 10, price: 1, flat: 7 }, { up_to: unlimited, price: 0.5 } ] }", "usage-price-increased breaking"),
        ("{ volume: [ { up_to: 10, price: 1 }, { up_to: unlimited, price: 0.5, flat: 9 } ] }",
         "{ volume: [ { up_to: 10, price: 1 }, { up_to: unlimited, price: 0.5 } ] }", "usage-price-decreased safe"),
        ("{ graduated: [ { up_to: 10, price: 1, flat: 5 }, { up_to: unlimited, price: 0.5 } ] }",
         "{ graduated: [ { up_to: 10, price: 0.5, flat: 7 }, { up_to: unlimited, price: 0.5 } ] }", "usage-price-changed breaking"),
        ("{ price: 0.01 }", "{ package: 100, price: 1 }", "usage-price-changed breaking"),
    ])
    func usagePriceForms(old: String, new: String, expected: String) throws {
        #expect(try Self.usageChange(old, new) == [expected])
    }

    @Test(arguments: [
        ("price: 29", "price: 29\n    minimum: 50", "minimum-increased breaking"),
        ("price: 29", "price: 29\n    minimum: 0", nil),
    ])
    func minimumAddedOrZero(old: String, new: String, expected: String?) throws {
        let after = try DiffSupport.edited(old, new)
        let changes = try DiffSupport.report(DiffSupport.base, after).changes.filter { $0.path == "tiers.pro.minimum" }
        #expect(changes.map { "\($0.kind) \($0.impact)" } == (expected.map { [$0] } ?? []))
    }

    @Test func minimumRaisedAndLowered() throws {
        let low = try DiffSupport.edited("price: 29", "price: 29\n    minimum: 40")
        let high = try DiffSupport.edited("price: 29", "price: 29\n    minimum: 60")
        let up = try #require(try DiffSupport.report(low, high).changes.first { $0.path == "tiers.pro.minimum" })
        #expect(up.kind == .minimumIncreased && up.impact == .breaking && up.old == "40" && up.new == "60")
        let down = try #require(try DiffSupport.report(high, low).changes.first { $0.path == "tiers.pro.minimum" })
        #expect(down.kind == .minimumDecreased && down.impact == .safe)
        let removed = try #require(try DiffSupport.report(high, DiffSupport.base).changes.first { $0.path == "tiers.pro.minimum" })
        #expect(removed.kind == .minimumDecreased && removed.new == nil)
    }
}
