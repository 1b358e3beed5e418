import Foundation
import PolicyCompiler
import PolicyModel
import PolicyRuntime
import Testing

/// Each golden file is compiled with swiftc as the module `GeneratedPolicy` (Swift 6 mode, warnings as errors, and
/// type-checked in Swift 5 mode too), then a small program in References (`<name>.main.swift`) that imports it is
/// built and run, and its output is compared with what the policy says. swiftc is `$SWIFTC` or the first `swiftc`
/// on `PATH`; when there is none the tests fail, they are never skipped.
@Suite("Generated Swift, compiled with swiftc")
struct CompileReferenceTests {
    @Test func tiersGoldenCompilesAndAnswers() throws {
        let policy = try EmitterSupport.goldenPolicies[0].policy()
        let output = try SwiftCompiler.buildAndRun(golden: "tiers")
        #expect(output == """
            true
            false true
            free starter professional enterprise
            Starter 2900 USD 2
            2000 50000 true true
            100
            true true
            0.01 per 1000
            gauge GB true
            /api/intelligence/** ai_intelligence api_calls 1; /api/growth/** growth_engine api_calls 1; \
            /api/support/priority/** priority_support api_calls 1; /api/v1/tenant/usage - api_calls 0
            ["api_key", "subdomain"] Bearer ["X-Tenant-ID", "Tenant-ID"] yourdomain.com tenant_id false false
            omni-platform \(policy.fingerprint) halfUp
            ["professional"]
            true
            true true

            """)
    }

    @Test func everyConstructGoldenCompilesAndAnswers() throws {
        let output = try SwiftCompiler.buildAndRun(golden: "every-construct")
        #expect(output == """
            default=default | pro_plus=Pro "Plus" | pro-plus=Pro Plus (annual) | name=Pro Plus (annual)
            default pro_plus pro-plus name
            self import ai__intelligence summary
            gauge seat true
            AI "prediction" endpoints under C:\\models
            2 Résumé parsing — naïve ✓
            8203 true
            0 12345 99500 1000000 KWD 3 halfEven
            true false true
            - - - 1500250
            default api_calls minute 10, hour 100, day 1000, month 10000 / 0.005 per 1000, 100 free
            default exports month 0 / not billed
            default storage_gb level 0.5 / 0.1 per 1
            default kind level 1 / not billed
            pro_plus api_calls hour 1000, day 5000, month 50000 / 0.005 per 1000, 100 free
            pro_plus exports day 50, month 1000 / not billed
            pro_plus storage_gb level 10.25 / volume per 10: 100 at 0.5 + 2.5 flat, 1000.5 at 0.25, unlimited at 0.125
            pro_plus kind level 5 / not billed
            pro-plus api_calls unlimited / graduated per 1000: 100000 at 0, 1000000 at 0.004, unlimited at 0.0025
            pro-plus exports day 50, month 1000 / not billed
            pro-plus storage_gb unlimited / volume per 10: 100 at 0.5 + 2.5 flat, 1000.5 at 0.25, unlimited at 0.125
            pro-plus kind level 100 / not billed
            name api_calls unlimited / graduated per 1000: 100000 at 0, 1000000 at 0.004, unlimited at 0.0025
            name exports unlimited / 0.001 per package of 250, 10 free
            name storage_gb unlimited / volume per 10: 100 at 0.5 + 2.5 flat, 1000.5 at 0.25, unlimited at 0.125
            name kind level 100 / not billed
            /api/intelligence/** ai_intelligence api_calls 1; /api/exports/*/csv import exports 5; \
            /api/v2/*.json self api_calls 2; /health - api_calls 0
            ["api_key", "subdomain", "header", "query"] Token ["X-Org-ID", "X-Tenant"] apps.example.test org true
            0.005 -12.5 -92233720368547758.08 7
            true

            """)
    }

    @Test func minimalGoldenCompilesAndAnswers() throws {
        let output = try SwiftCompiler.buildAndRun(golden: "minimal")
        #expect(output == """
            0 true true
            0
            solo 980 JPY 0
            true true true
            ["api_key", "header", "query"] Bearer ["X-Tenant-ID", "Tenant-ID"] - tenant_id false

            """)
    }

    /// Every name a keyword or a member of `Optional` (docs/generated-swift.md, "Names"): compiled with warnings
    /// as errors, and no optional reference to a tier, feature or meter named `none` or `some` becomes nil.
    @Test func hostileNamesGoldenCompilesAndKeepsItsMeaning() throws {
        let output = try SwiftCompiler.buildAndRun(golden: "hostile-names")
        #expect(output == """
            none some self default nil init
            true true true
            true
            /none/** none none 1
            /some/** some some 1
            /nil/** nil nil 2
            /** - none 1
            15 true true
            100 true 1 5
            none:counter some:counter self:gauge nil:counter

            """)
    }

    /// The point of generating Swift: code that names a tier the policy no longer has does not compile.
    @Test func aRenamedTierIsACompileError() throws {
        let result = try SwiftCompiler.typecheck(golden: "tiers", program: """
            import GeneratedPolicy
            let tier: Tier = .gold
            print(tier.features.contains(.aiIntelligence))
            """)
        #expect(result.status != 0)
        #expect(result.stderr.contains("gold"), "\(result.stderr)")
    }
}
