import Foundation
import PolicySource

/// The files the pipeline tests load: the bundled policy and tenants, the committed goldens, and small policies.
enum PipelineFixtures {
    /// The package's root directory (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The bytes of a file of the package, as a ``SourceFile`` named by its path relative to the root.
    static func source(_ path: String) throws -> SourceFile {
        SourceFile(name: path, bytes: Array(try Data(contentsOf: root.appendingPathComponent(path))))
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }

    /// A small valid policy: two tiers, one meter, one feature.
    static let smallPolicy = """
        format: 1
        policy: demo
        currency: USD
        identification: { order: [api_key] }
        meters:
          api_calls: { kind: counter, unit: call }
        features:
          export: {}
        tiers:
          free:
            price: 0
            limits:
              api_calls: { hour: 100, month: 1000 }
          pro:
            extends: free
            price: 29
            limits:
              api_calls: { hour: 1000, month: 20000 }
            features: [export]

        """

    /// A tenant of ``smallPolicy``.
    static let smallTenants = """
        tenants:
          acme:
            tier: pro
            api_keys: [demo-key-acme]

        """

    /// ``smallPolicy`` with `export` declared but granted by no tier: one `unused-feature` warning.
    static let policyWithWarning = smallPolicy.replacingOccurrences(of: "    features: [export]\n", with: "")

    /// ``smallPolicy`` with a misspelt key and a duplicate key: two errors.
    static let brokenPolicy = smallPolicy
        .replacingOccurrences(of: "    limits:\n      api_calls: { hour: 1000", with: "    limts:\n      api_calls: { hour: 1000")
        .replacingOccurrences(of: "    price: 29\n", with: "    price: 29\n    price: 39\n")

    /// A price beyond Int64 minor units: the checker accepts it, Policy.swift cannot hold it.
    static let hugePricePolicy = smallPolicy.replacingOccurrences(of: "    price: 29\n", with: "    price: 100000000000000000000\n")
}
