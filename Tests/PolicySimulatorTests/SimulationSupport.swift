import Foundation
import PolicyCheck
import PolicyModel
import PolicyRuntime
import PolicySimulator
import PolicySource

/// Builds policies from YAML text and replays JSON Lines text, for tests.
enum Simulation {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func policy(_ yaml: String, tenants: String) throws -> (Policy, TenantDirectory) {
        let result = PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: yaml),
                                         tenants: SourceFile(name: "tenants.yaml", text: tenants))
        guard let policy = result.policy, let directory = result.tenants else {
            throw Failure(description: result.diagnostics.map { "\($0.file):\($0.range.start): \($0.code): \($0.message)" }
                .joined(separator: "\n"))
        }
        return (policy, directory)
    }

    /// The policy-format contract's example, key for key (a diagnostic fixture: its four identification methods
    /// give two `unauthenticated-identification` warnings); the fixture's `⟨n⟩` place markers are removed.
    static func specPolicyText() throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent(
            "Tests/PolicyCheckTests/Fixtures/diagnostics/unauthenticated-identification-spec-example.yaml"), encoding: .utf8)
            .replacing(/⟨[0-9]+⟩/, with: "")
    }

    /// Replays `log` (JSON Lines) and returns the report.
    static func run(_ policy: Policy, _ tenants: TenantDirectory, log: String) throws -> SimulationReport {
        var simulator = Simulator(policy: policy, tenants: tenants)
        var number = 0
        for line in log.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var bytes = Array(line.utf8)
            if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            let parsed = bytes.withUnsafeBufferPointer { LogLineParser.parse($0) }
            switch parsed {
            case nil: continue
            case .failure?: simulator.recordInvalid(line: number)
            case .success(let record)?:
                if simulator.replay(record) != nil { simulator.recordInvalid(line: number) }
            }
        }
        return try simulator.finish()
    }
}
