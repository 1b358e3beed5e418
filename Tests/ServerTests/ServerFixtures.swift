import Foundation
import PolicyCheck
import PolicyModel
import PolicyRuntime
import PolicySource

/// The bundled policy and tenants, and times used across the server tests.
enum ServerFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// 2025-11-02T21:00:00Z, the walkthrough's hour (docs/simulation.md §6).
    static let walkthroughStart: Int64 = 1_762_117_200

    static func text(_ path: String) throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// tiers/tiers.yaml with examples/tenants.yaml, checked.
    static func bundled() throws -> (Policy, TenantDirectory) {
        try policy(text("tiers/tiers.yaml"), tenants: text("examples/tenants.yaml"))
    }

    /// examples/guide-four-methods.tiers.yaml (the guide's four identification methods: API key, header,
    /// subdomain, query) with examples/tenants.yaml, checked (its warnings about header and query are expected).
    static func guide() throws -> (Policy, TenantDirectory) {
        try policy(text("examples/guide-four-methods.tiers.yaml"), tenants: text("examples/tenants.yaml"))
    }

    static func policy(_ yaml: String, tenants: String) throws -> (Policy, TenantDirectory) {
        let result = PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: yaml),
                                         tenants: SourceFile(name: "tenants.yaml", text: tenants))
        guard let policy = result.policy, let directory = result.tenants else {
            throw Failure(description: result.diagnostics.map { "\($0.code): \($0.message)" }.joined(separator: "\n"))
        }
        return (policy, directory)
    }
}
