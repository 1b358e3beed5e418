import Testing
import Foundation
import PolicySource
import PolicyCheck
import PolicyModel

@Suite struct SmokeTests {
    @Test func bundledPolicyChecksClean() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let policy = try Data(contentsOf: root.appendingPathComponent("tiers/tiers.yaml"))
        let tenants = try Data(contentsOf: root.appendingPathComponent("examples/tenants.yaml"))
        let result = PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", bytes: Array(policy)),
                                         tenants: SourceFile(name: "tenants.yaml", bytes: Array(tenants)))
        for d in result.diagnostics { print(d.file, d.range.start, d.severity, d.code, d.message) }
        #expect(result.diagnostics.isEmpty)
        #expect(result.policy?.tiers.count == 4)
        print(result.policy!.tiers.map { "\($0.id) \($0.price) \($0.features) \($0.limits)" })
    }
}
