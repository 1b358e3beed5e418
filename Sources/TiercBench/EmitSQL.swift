import Foundation
import PolicyCheck
import PolicyCompiler
import PolicyModel
import PolicySource

/// `emit-sql`: checks a policy and a tenant directory (a file, or `--tenant-count N` tenants generated like
/// `generate-log`'s) and writes `policy.sql` and `tenants.sql` for PostgreSQL into `--out`, for
/// scripts/bench-postgres.sh. The lead's `tierc compile` is the user-facing way to get the same files.
@MainActor func emitSQL() throws {
    guard let policyPath = stringOption("--policy"), let out = stringOption("--out") else {
        FileHandle.standardError.write(Data("emit-sql needs --policy FILE and --out DIR\n\(usage)\n".utf8))
        exit(64)
    }
    let tenantsText: String
    if let tenantsPath = stringOption("--tenants") {
        tenantsText = try String(contentsOfFile: tenantsPath, encoding: .utf8)
    } else {
        tenantsText = LogGenerator(lines: 0, tenants: option("--tenant-count", default: 1_000), seed: 1).tenantsYAML()
    }
    let result = PolicyChecker.check(
        policy: SourceFile(name: policyPath, text: try String(contentsOfFile: policyPath, encoding: .utf8)),
        tenants: SourceFile(name: "tenants.yaml", text: tenantsText))
    guard let policy = result.policy, let tenants = result.tenants, !result.hasErrors else {
        let messages = result.diagnostics.filter { $0.severity == .error }.prefix(10)
            .map { "\($0.file): \($0.code): \($0.message)" }
        throw Timing.Failure(description: "the policy or tenants have errors:\n" + messages.joined(separator: "\n"))
    }
    let directory = URL(fileURLWithPath: out)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let revision = UInt64(option("--revision", default: 1))
    try Data(PostgresEmitter.policySQL(policy, revision: revision).utf8)
        .write(to: directory.appendingPathComponent("policy.sql"), options: .atomic)
    try Data(PostgresEmitter.tenantsSQL(tenants).utf8)
        .write(to: directory.appendingPathComponent("tenants.sql"), options: .atomic)
    FileHandle.standardError.write(Data(
        "tierc-bench: wrote policy.sql (revision \(revision)) and tenants.sql (\(tenants.tenants.count) tenants) to \(out)\n".utf8))
}
