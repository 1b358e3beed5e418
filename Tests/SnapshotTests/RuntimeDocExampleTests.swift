import Foundation
import PolicyCompiler
import PolicyModel
import PolicyRuntime
import Testing

/// docs/runtime.md's example, as a service would run it: a signed snapshot and a public key file on disk, loaded,
/// verified and used to decide requests through the rules and an in-memory quota store.
@Suite("docs/runtime.md example")
struct RuntimeDocExampleTests {
    @Test func theExampleLoadsVerifiesAndDecides() async throws {
        let (policy, tenants) = try Fixtures.bundled()
        let signing = SnapshotSigningKey.generate()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-runtime-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(try SnapshotWriter(signingKey: signing).write(policy: policy, tenants: tenants))
            .write(to: directory.appendingPathComponent("policy.tierc"))
        try Data(signing.publicKey.keyFileText.utf8).write(to: directory.appendingPathComponent("policy.pub"))

        // From here on, the example's code.
        let bytes = Array(try Data(contentsOf: directory.appendingPathComponent("policy.tierc")))
        let key = try SnapshotPublicKey(keyFileText: String(contentsOfFile: directory.appendingPathComponent("policy.pub").path,
                                                            encoding: .utf8))
        let snapshot = try Snapshot.load(bytes, signature: .require(key))
        let rules = PolicyRules(policy: snapshot.policy, tenants: snapshot.tenants ?? TenantDirectory(tenants: []))
        let store: any QuotaStore = InMemoryQuotaStore(tenants: rules.tenants.tenants.count,
                                                       meters: snapshot.policy.meters.count)

        var seen: [String] = []
        let now: Int64 = 1_762_117_200
        for (path, key) in [("/api/v1/things", "demo-key-tenant-a"), ("/api/intelligence/x", "demo-key-tenant-a"),
                            ("/api/v1/things", "wrong"), ("/", nil)] + Array(repeating: ("/api/v1/things", "demo-key-tenant-a"), count: 100) {
            let request = Request(path: path, headers: key.map { [(name: "Authorization", value: "Bearer \($0)")] } ?? [])
            let decision: Decision
            switch rules.plan(rules.resolver.resolve(request, at: now)) {
            case .decided(let final): decision = final
            case .charge(let charge): decision = try await store.charge(charge, at: now)
            }
            switch decision.outcome {
            case .allowed(let rateLimit): seen.append("200 \(rateLimit.map { "\($0.remaining) left" } ?? "")")
            case .anonymous: seen.append("200, no tenant")
            case .unauthorized(let reason): seen.append("401 \(reason.rawValue)")
            case .forbidden(let feature): seen.append("403 \(snapshot.policy.features[feature].id)")
            case .quotaExceeded(let quota): seen.append("429 \(quota.window.quotaType) \(quota.retryAfter)")
            }
        }
        #expect(Array(seen.prefix(4)) == ["200 99 left", "403 ai_intelligence", "401 unknown_credentials", "200, no tenant"])
        #expect(seen[4] == "200 98 left")
        #expect(seen.last == "429 hourly 3600")
        #expect(seen.filter { $0.hasPrefix("429") }.count == 1)
    }
}
