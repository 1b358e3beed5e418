import Foundation
import PolicyCheck
import PolicyCompiler
import PolicyModel
import PolicySource

/// The policies and directories the PostgreSQL tests load.
enum Fixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The service's tiers/tiers.yaml.
    static func tiersYAML() throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent("tiers/tiers.yaml"), encoding: .utf8)
    }

    /// Tenants for tiers/tiers.yaml: every tier, keys raw and hashed, a subdomain.
    static let tiersTenantsYAML = """
        tenants:
          free-1: { tier: free, api_keys: [key-free-1] }
          free-2: { tier: free }
          starter-1: { tier: starter, api_keys: [key-starter-1] }
          pro-1: { tier: professional, subdomain: pro }
          ent-1:
            tier: enterprise
            api_key_hashes: ["sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]
        """

    /// A policy that uses every construct of the format: four meters (two counters, two gauges), every window,
    /// `unlimited` overriding an inherited counter or gauge limit, a limit of 0, features, routes with `*`, `**` at the start, in
    /// the middle and at the end, regex metacharacters and non-ASCII text, costs 0 and above 1, an explicit
    /// meter, flat, graduated and volume prices with `per`, tier overrides of usage prices, a currency with 3
    /// minor units, half_even rounding, quotes, backslashes and tabs in texts.
    static let everyConstructYAML = #"""
        format: 1
        policy: every-construct
        currency: KWD
        rounding: half_even
        default_meter: requests
        
        identification:
          order: [api_key, header]
          api_key: { scheme: Token }
          header: { names: [X-Org] }
          require_tenant: true
        
        meters:
          requests: { kind: counter, unit: request }
          exports: { kind: counter, unit: "file 'export'" }
          storage_gb: { kind: gauge, unit: GB }
          seats: { kind: gauge }
        
        features:
          reports: { description: "Reports: \"quoted\", back\\slash, 'apostrophe', tab\tand ünïcödé" }
          exporting: {}
          beta: {}
        
        routes:
          - match: /v1/reports/**
            feature: reports
          - match: /v1/exports/*.csv
            feature: exporting
            meter: exports
            cost: 5
          - match: /v1/exports/**
            meter: exports
            cost: 2
          - match: /v1/*/status
            cost: 0
          - match: /v1/files/**/raw
            cost: 3
          - match: "/v1/a.b+c(d)[e]$^{f}|g?h\\i/*"
            cost: 4
          - match: /v1/beta*x*y
            feature: beta
          - match: "/**/health"
            cost: 0
          - match: /v1/ünï/*
            meter: exports
        
        usage_prices:
          requests: { per: 1000, price: 0.0015 }
          exports:
            per: 10
            graduated:
              - { up_to: 10, price: 0 }
              - { up_to: 100, price: 0.125 }
              - { up_to: unlimited, price: 0.0625 }
          storage_gb: { per: 1, price: 0.0125 }
          seats:
            volume:
              - { up_to: 5, price: 1.5 }
              - { up_to: 20, price: 1.25 }
              - { up_to: unlimited, price: 1 }
        
        tiers:
          basic:
            name: "Basic 'plan'"
            price: 0
            limits:
              requests: { minute: 20, hour: 60, day: 150, month: 1000 }
              exports: { hour: 0 }
              storage_gb: 1.5
              seats: 3
          team:
            extends: basic
            name: Team
            price: 12.5
            limits:
              requests: { minute: 60, hour: unlimited, day: 100, month: 3000 }
              exports: { hour: 40, month: 300 }
              storage_gb: 10
              seats: 50
            features: [reports, exporting]
            usage_prices:
              requests: { per: 1000, price: 0.001 }
          business:
            extends: team
            name: Business
            price: 99.999
            limits:
              requests: { minute: unlimited, day: unlimited, month: unlimited }
              exports: { hour: 400, day: 1000, month: unlimited }
              storage_gb: 100
              seats: unlimited
            features: [beta]
            usage_prices:
              requests:
                per: 1
                volume:
                  - { up_to: 100, price: 0.0005 }
                  - { up_to: unlimited, price: 0.00025 }
        """#

    static let everyConstructTenantsYAML = """
        tenants:
          acme:
            tier: basic
            api_keys: [acme-key]
          globex:
            tier: team
            api_keys: [globex-key-1, globex-key-2]
            subdomain: globex-app
          initech:
            tier: business
            api_key_hashes: ["sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]
          umbrella:
            tier: basic
          hooli: { tier: team }
          stark: { tier: business }
        """

    /// The every-construct policy with every pricing v2 form (docs/policy-format.md#usage-price-forms-and-minimums):
    /// free units on a counter and on a gauge, a package price, graduated and volume bands with flat fees and a
    /// `per`, tier minimums (one inherited); its tenants have subscription dates and discounts.
    static var pricingV2YAML: String {
        let prices = everyConstructYAML.range(of: "usage_prices:\n")!.lowerBound..<everyConstructYAML.range(of: "tiers:\n")!.lowerBound
        var yaml = everyConstructYAML.replacingCharacters(in: prices, with: """
            usage_prices:
              requests: { per: 1000, price: 0.0015, free: 50 }
              exports: { package: 7, price: 0.125, free: 3 }
              storage_gb:
                graduated:
                  - { up_to: 1.5, price: 0.0125, flat: 0.5 }
                  - { up_to: 20, price: 0.01, flat: 0.75 }
                  - { up_to: unlimited, price: 0.005, flat: 1.001 }
              seats:
                per: 2
                free: 0.5
                volume:
                  - { up_to: 5, price: 1.5, flat: 0.25 }
                  - { up_to: 20, price: 1.25, flat: 2 }
                  - { up_to: unlimited, price: 1 }

            """)
        yaml = yaml.replacingOccurrences(of: "    name: \"Basic 'plan'\"\n    price: 0\n",
                                         with: "    name: \"Basic 'plan'\"\n    price: 0\n    minimum: 1.5\n")
        yaml = yaml.replacingOccurrences(of: "    name: Team\n    price: 12.5\n", with: "    name: Team\n    price: 12.5\n    minimum: 20.25\n")
        yaml = yaml.replacingOccurrences(of: "          - { up_to: 100, price: 0.0005 }\n",
                                         with: "          - { up_to: 100, price: 0.0005, flat: 0.125 }\n")
        return yaml
    }

    static let pricingV2TenantsYAML = """
        tenants:
          acme:
            tier: basic
            api_keys: [acme-key]
            since: 2025-10-31
          globex:
            tier: team
            api_keys: [globex-key-1, globex-key-2]
            subdomain: globex-app
            since: 2025-10-15
            until: 2025-12-20
            discounts:
              - { percent: 20, from: 2025-11, months: 3 }
          initech:
            tier: business
            api_key_hashes: ["sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]
            discounts:
              - { percent: 100, from: 2025-12, months: 1 }
          umbrella:
            tier: basic
            until: 2026-01-05
            discounts:
              - { percent: 50, from: 2025-10, months: 12 }
          hooli:
            tier: team
            discounts:
              - { percent: 12.5, from: 2025-11, months: 2 }
              - { percent: 33.333, from: 2025-12, months: 5 }
          stark: { tier: business }
        """

    static func pricingV2() throws -> (Policy, TenantDirectory) {
        try check(pricingV2YAML, tenants: pricingV2TenantsYAML)
    }

    /// Checks a policy and its tenants; errors fail the test with their messages.
    static func check(_ policyYAML: String, tenants tenantsYAML: String) throws -> (Policy, TenantDirectory) {
        let result = PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: policyYAML),
                                         tenants: SourceFile(name: "tenants.yaml", text: tenantsYAML))
        guard let policy = result.policy, let tenants = result.tenants, !result.hasErrors else {
            throw HarnessError(description: result.diagnostics.map { "\($0.file): \($0.code): \($0.message)" }
                .joined(separator: "\n"))
        }
        return (policy, tenants)
    }

    static func tiers() throws -> (Policy, TenantDirectory) { try check(tiersYAML(), tenants: tiersTenantsYAML) }

    static func everyConstruct() throws -> (Policy, TenantDirectory) {
        try check(everyConstructYAML, tenants: everyConstructTenantsYAML)
    }
}

extension Database {
    /// Applies policy.sql and tenants.sql as generated for `policy` and `tenants`.
    func load(_ policy: Policy, revision: UInt64 = 1, tenants: TenantDirectory) async throws {
        try await run(PostgresEmitter.policySQL(policy, revision: revision))
        try await run(PostgresEmitter.tenantsSQL(tenants))
    }
}
