import Foundation
import PolicyCheck
import PolicyCompiler
import PolicyModel
import PolicyRuntime
import PolicySource

/// Times loading a policy snapshot in process: `Snapshot.load` (magic, lengths, SHA-256 checksum, decoding and
/// every semantic check; and with `.require(key)`, the Ed25519 signature too) against Foundation's
/// `JSONDecoder` decoding the same `Policy` from the JSON that `JSONEncoder` made of it (no check at all).
/// Policies: tiers/tiers.yaml and a generated 1,000-tier one. Medians of `iterations` single loads.
struct SnapshotBenchmark {
    var iterations = 200
    var policyPath = "tiers/tiers.yaml"
    var generator = PolicyGenerator()

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Row {
        var label: String
        var snapshotBytes: Int
        var jsonBytes: Int
        var load: [Double]
        var loadVerified: [Double]
        var json: [Double]
    }

    func run() throws {
        let bundled = try Data(contentsOf: URL(fileURLWithPath: policyPath))
        let inputs = [
            (policyPath, SourceFile(name: policyPath, bytes: Array(bundled))),
            ("generated, \(generator.tiers) tiers", SourceFile(name: "generated.yaml", text: generator.yaml())),
        ]
        print("snapshot load against JSONDecoder, \(iterations) iterations each, medians")
        var rows: [Row] = []
        for (label, source) in inputs {
            rows.append(try measure(label: label, source: source))
        }
        print(table(rows))
        for row in rows {
            let ratio = median(row.json) / median(row.loadVerified)
            print(String(format: "%@: JSONDecoder takes %.1f× the time of a verified snapshot load (%.1f× unsigned); target ≥ 10× → %@",
                         row.label, ratio, median(row.json) / median(row.load), ratio >= 10 ? "met" : "NOT met"))
        }
    }

    private func measure(label: String, source: SourceFile) throws -> Row {
        let result = PolicyChecker.check(policy: source, tenants: nil)
        guard let policy = result.policy else { throw Failure(description: "\(label) has errors") }
        let key = try SnapshotSigningKey(rawRepresentation: Array(repeating: 7, count: 32))
        let unsigned = try SnapshotWriter().write(policy: policy)
        let signed = try SnapshotWriter(signingKey: key).write(policy: policy)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(policy)
        // Both sides must produce the same policy, or the comparison means nothing.
        guard try Snapshot.load(signed, signature: .require(key.publicKey)).policy == policy,
              try JSONDecoder().decode(Policy.self, from: json) == policy else {
            throw Failure(description: "\(label): a decoded policy differs from the original")
        }
        let publicKey = key.publicKey
        var sink = 0
        let load = try time { sink &+= try Snapshot.load(unsigned).policy.tiers.count }
        let loadVerified = try time { sink &+= try Snapshot.load(signed, signature: .require(publicKey)).policy.tiers.count }
        let decoded = try time { sink &+= try JSONDecoder().decode(Policy.self, from: json).tiers.count }
        guard sink == 3 * (max(1, iterations) + 1) * policy.tiers.count else { throw Failure(description: "lost loads") }
        return Row(label: label, snapshotBytes: signed.count, jsonBytes: json.count, load: load, loadVerified: loadVerified,
                   json: decoded)
    }

    /// The seconds of each of `iterations` calls, after one warm-up call.
    private func time(_ body: () throws -> Void) throws -> [Double] {
        try body()
        var seconds: [Double] = []
        seconds.reserveCapacity(iterations)
        for _ in 0..<max(1, iterations) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return seconds
    }

    private func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    private func table(_ rows: [Row]) -> String {
        var lines = ["policy                          snapshot      JSON   load (checksum)  load + Ed25519   JSONDecoder"]
        for row in rows {
            lines.append(String(format: "%@ %8d B %8d B   %11.1f µs  %11.1f µs  %10.1f µs",
                                row.label.padding(toLength: 30, withPad: " ", startingAt: 0), row.snapshotBytes, row.jsonBytes,
                                median(row.load) * 1e6, median(row.loadVerified) * 1e6, median(row.json) * 1e6))
        }
        return lines.joined(separator: "\n")
    }
}
