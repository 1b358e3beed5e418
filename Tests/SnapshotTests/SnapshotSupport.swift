import Crypto
import Foundation
import PolicyCheck
import PolicyCompiler
import PolicyModel
import PolicyRuntime
import PolicySource
import SeededRandom
import Testing

/// Policies, tenants and snapshots for the snapshot tests, and the hostile-input helpers.
enum Fixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")
    /// The committed snapshots of tiers/tiers.yaml that the `tierc inspect` tests read.
    static let goldenDirectory = repositoryRoot.appendingPathComponent("Tests/TiercTests/Fixtures/snapshot")

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func check(_ policy: SourceFile, tenants: SourceFile?) throws -> (Policy, TenantDirectory?) {
        let result = PolicyChecker.check(policy: policy, tenants: tenants)
        guard let checked = result.policy, tenants == nil || result.tenants != nil else {
            throw Failure(description: result.diagnostics.map { "\($0.file):\($0.range.start): \($0.code): \($0.message)" }
                .joined(separator: "\n"))
        }
        return (checked, result.tenants)
    }

    static func file(_ path: String) throws -> SourceFile {
        SourceFile(name: path, bytes: Array(try Data(contentsOf: repositoryRoot.appendingPathComponent(path))))
    }

    /// tiers/tiers.yaml and examples/tenants.yaml, checked.
    static func bundled() throws -> (Policy, TenantDirectory) {
        let (policy, tenants) = try check(try file("tiers/tiers.yaml"), tenants: try file("examples/tenants.yaml"))
        return (policy, try #require(tenants))
    }

    /// A policy that uses every part of the format: `extends` chains, several counters and a gauge, every window,
    /// `unlimited` counters and gauges, flat, graduated and volume prices with `per`, tier overrides, routes
    /// with and without features, meters and costs, custom identification, a 3-decimal currency, half_even.
    static let richPolicyText = """
        format: 1
        policy: rich-policy
        currency: KWD
        rounding: half_even
        default_meter: requests
        identification:
          order: [header, api_key, subdomain, query]
          api_key: { scheme: Token }
          header: { names: [X-Org, X-Tenant] }
          subdomain: { base_domain: app.example.org }
          query: { param: org }
          require_tenant: true
        meters:
          requests: { kind: counter, unit: request }
          exports: { kind: counter }
          storage_gb: { kind: gauge, unit: GB }
          seats: { kind: gauge }
        features:
          reports: { description: "Reports — with a non-ASCII description ✓" }
          exports_api: {}
          sso: { description: Single sign-on }
        routes:
          - match: /api/reports/**
            feature: reports
          - match: /api/exports/*/download
            feature: exports_api
            meter: exports
            cost: 5
          - match: /api/health
            cost: 0
          - match: /api/**
        usage_prices:
          requests: { per: 1000, price: 0.005 }
          exports: { per: 1, price: 0.25 }
          storage_gb:
            per: 10
            graduated:
              - { up_to: 100, price: 0 }
              - { up_to: 1000.5, price: 1.125 }
              - { up_to: unlimited, price: 0.9 }
        tiers:
          basic:
            name: Basic plan
            price: 0
            limits:
              requests: { minute: 10, hour: 100, day: 1000, month: 10000 }
              exports: { month: 0 }
              storage_gb: 1.5
              seats: 3
            features: [reports]
          team:
            extends: basic
            price: 12.5
            limits:
              requests: { minute: 60, hour: 1000 }
              exports: { day: 10, month: 100 }
              storage_gb: 50
              seats: 25
            features: [exports_api]
            usage_prices:
              seats:
                volume:
                  - { up_to: 10, price: 3 }
                  - { up_to: 50, price: 2.5 }
                  - { up_to: unlimited, price: 2 }
          unlimited:
            extends: team
            name: Unlimited
            price: 999.999
            limits:
              requests: unlimited
              exports: { minute: unlimited, day: 1000, month: unlimited }
              storage_gb: unlimited
              seats: unlimited
            features: [sso]
            usage_prices:
              requests: { per: 1000000, price: 0.000000000000000001 }
        """

    static let richTenantsText = """
        tenants:
          acme:
            tier: unlimited
            api_keys: [acme-key-1, acme-key-2]
            subdomain: ACME-Corp
          globex:
            tier: basic
          initech:
            tier: team
            api_key_hashes: ["sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"]
        """

    static func rich() throws -> (Policy, TenantDirectory) {
        let (policy, tenants) = try check(SourceFile(name: "rich.yaml", text: richPolicyText),
                                          tenants: SourceFile(name: "rich-tenants.yaml", text: richTenantsText))
        return (policy, try #require(tenants))
    }

    /// A fixed signing key for tests (never use it for anything else).
    static let testKey = try! SnapshotSigningKey(rawRepresentation: Array(0..<32))
    static let otherKey = try! SnapshotSigningKey(rawRepresentation: Array((0..<32).map { 255 - $0 }))

    /// The unsigned and signed snapshots of the bundled policy and tenants.
    static func bundledSnapshot(signed: Bool = false) throws -> [UInt8] {
        let (policy, tenants) = try bundled()
        return try SnapshotWriter(revision: 42, sourceRevision: "0123abc", signingKey: signed ? testKey : nil)
            .write(policy: policy, tenants: tenants)
    }
}

/// Rewrites the checksum (and drops nothing else) after a change, so that the reader's structural checks are
/// reached. Uses the payload length at bytes 12–19 as written; when that is out of range the bytes are left as they are.
enum Tamper {
    static func recomputeChecksum(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= SnapshotFormat.preludeSize + SnapshotFormat.checksumSize else { return bytes }
        var length: UInt64 = 0
        for index in (12..<20).reversed() { length = length << 8 | UInt64(bytes[index]) }
        guard length <= UInt64(bytes.count - SnapshotFormat.preludeSize - SnapshotFormat.checksumSize) else { return bytes }
        let end = SnapshotFormat.preludeSize + Int(length)
        var out = bytes
        out.replaceSubrange(end..<end + SnapshotFormat.checksumSize, with: sha256(Array(bytes[0..<end])))
        return out
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }
}

