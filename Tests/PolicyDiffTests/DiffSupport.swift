import PolicyCheck
import PolicyDiff
import PolicyModel
import PolicySource
import Testing

/// Builds policies from YAML text and compares them, for tests.
enum DiffSupport {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A policy with every construct the diff compares; tests change one line of it.
    static let base = """
        format: 1
        policy: shop
        currency: USD
        rounding: half_up
        default_meter: api_calls
        identification:
          order: [api_key, header, query]
          api_key: { scheme: Bearer }
          header: { names: [X-Tenant-ID] }
          query: { param: tenant_id }
          require_tenant: false
        meters:
          api_calls: { kind: counter, unit: call }
          storage_gb: { kind: gauge, unit: GB }
        features:
          reports: { description: Reports }
          exports: { description: Exports }
        routes:
          - match: /api/reports/**
            feature: reports
          - match: /api/exports/**
            feature: exports
            cost: 2
          - match: /health
            cost: 0
        usage_prices:
          api_calls: { per: 1000, price: 0.01 }
        tiers:
          free:
            name: Free
            description: Try it
            price: 0
            limits:
              api_calls: { hour: 100, month: 1000 }
              storage_gb: 1
            features: [reports]
          pro:
            extends: free
            name: Pro
            price: 29
            limits:
              api_calls: { hour: 500, month: 10000 }
              storage_gb: 10
            features: [exports]

        """

    /// The base text with `old` replaced by `new` (which must occur exactly once).
    static func edited(_ old: String, _ new: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        try #require(base.components(separatedBy: old).count == 2, "`\(old)` must occur once", sourceLocation: sourceLocation)
        return base.replacingOccurrences(of: old, with: new)
    }

    static func side(_ yaml: String, file: String) throws -> (DiffSide, SourceFile) {
        let source = SourceFile(name: file, text: yaml)
        let result = PolicyChecker.check(policy: source)
        guard let policy = result.policy else {
            throw Failure(description: result.diagnostics.map { "\($0.file):\($0.range.start): \($0.code): \($0.message)" }
                .joined(separator: "\n"))
        }
        return (DiffSide(policy: policy, document: result.document, file: file), source)
    }

    static func report(_ old: String, _ new: String) throws -> PolicyDiffReport {
        let (oldSide, _) = try side(old, file: "old.yaml")
        let (newSide, newSource) = try side(new, file: "new.yaml")
        return PolicyDiffReport(old: oldSide, new: newSide, sources: [newSource])
    }

    /// The changes between the base and the base with one replacement.
    static func changes(_ old: String, _ new: String) throws -> [PolicyChange] {
        try report(base, edited(old, new)).changes
    }
}

import Foundation
