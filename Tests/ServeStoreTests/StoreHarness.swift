import Foundation
import Testing

/// A throwaway PostgreSQL cluster with one database per test, the policies of the tests compiled by the `tierc`
/// binary and applied with psql (as an operator would), and the `--store` URL of an application role that has
/// only `tierc.grant_runtime`'s rights (docs/postgres.md#privileges).
struct StoreHarness: Sendable {
    let cluster: PostgresCluster
    let database: Database
    let scratch: URL
    static let appRole = "tierc_serve_app"
    static let appPassword = "pw-serve-app"

    /// The repository (not ServerFixtures's, whose `#filePath` is the link in Shared/).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/ServerTests/Fixtures")
    static let policyPath = fixtures.appendingPathComponent("equivalence-tiers.yaml").path
    static let tenantsPath = fixtures.appendingPathComponent("equivalence-tenants.yaml").path

    /// `postgres://tierc_serve_app:…@127.0.0.1:PORT/DB`.
    var url: String { "postgres://\(Self.appRole):\(Self.appPassword)@127.0.0.1:\(cluster.port)/\(database.name)" }

    /// Starts a cluster, runs `body` with a fresh database, stops the cluster (also when `body` throws).
    static func with(_ name: String, _ body: (StoreHarness) async throws -> Void) async throws {
        let cluster = try await PostgresCluster.start()
        do {
            let database = try await cluster.createDatabase("tierc_" + name)
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            try await database.run("""
                DROP ROLE IF EXISTS \(appRole);
                CREATE ROLE \(appRole) LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '\(appPassword)';
                """)
            try await body(StoreHarness(cluster: cluster, database: database, scratch: scratch))
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    /// `tierc compile POLICY --tenants TENANTS --revision N --out DIR`; returns DIR.
    func compile(policy: String = policyPath, tenants: String = tenantsPath, revision: UInt64, into name: String) async throws -> URL {
        let out = scratch.appendingPathComponent(name)
        let binary = try #require(ServeProcess.binary, "tierc binary not found; build it with `swift build` first")
        let result = try await Command.run([binary.path, "compile", policy, "--tenants", tenants, "--revision", String(revision),
                                            "--out", out.path], scratch: cluster.scratch)
        guard result.status == 0 else { throw HarnessError(description: "tierc compile failed: \(result.stderr)") }
        return out
    }

    /// Applies DIR/policy.sql and DIR/tenants.sql and grants the application role its rights.
    func apply(_ directory: URL) async throws {
        try await database.run(String(contentsOf: directory.appendingPathComponent("policy.sql"), encoding: .utf8))
        try await database.run(String(contentsOf: directory.appendingPathComponent("tenants.sql"), encoding: .utf8))
        try await database.run("SELECT tierc.grant_runtime('\(Self.appRole)');")
    }

    /// Runs `tierc ARGS…` to completion.
    func tierc(_ arguments: [String]) async throws -> CommandResult {
        let binary = try #require(ServeProcess.binary, "tierc binary not found; build it with `swift build` first")
        return try await Command.run([binary.path] + arguments, scratch: cluster.scratch)
    }
}
