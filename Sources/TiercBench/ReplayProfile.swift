import Foundation
import PolicyCheck
import PolicyModel
import PolicyRuntime
import PolicySimulator
import PolicySource

/// `tierc-bench replay-profile --policy FILE --tenants FILE --log LOG [--workers N] [--split]`: the replay of
/// `tierc simulate --format json` (check the policy and tenants, read the log on the parsing threads, decide, write
/// the JSON report, here to nowhere) in a synchronous program, so that valgrind's callgrind can count its
/// instructions: valgrind 3.19 dies in `tierc`, whose async `main` parks its main thread in libdispatch
/// (BENCHMARKS.md, "Where the time goes"). `--split` decides split by tenant across the parsing threads, as
/// `tierc diff --replay` does (docs/simulation.md, "Replaying on several threads").
@MainActor func replayProfile() throws {
    guard let policyPath = stringOption("--policy"), let tenantsPath = stringOption("--tenants"),
          let logPath = stringOption("--log") else {
        throw Timing.Failure(description: "replay-profile needs --policy FILE --tenants FILE --log LOG")
    }
    let workers = option("--workers", default: ParallelLogReader<ReplayItem>.defaultWorkers)
    let result = PolicyChecker.check(policy: SourceFile(name: policyPath, text: try String(contentsOfFile: policyPath, encoding: .utf8)),
                                     tenants: SourceFile(name: tenantsPath, text: try String(contentsOfFile: tenantsPath, encoding: .utf8)))
    guard let policy = result.policy, let directory = result.tenants else {
        throw Timing.Failure(description: "the policy or the tenants do not check: \(result.diagnostics.map(\.message))")
    }
    let descriptor = open(logPath, O_RDONLY)
    guard descriptor >= 0 else { throw Timing.Failure(description: "cannot open \(logPath)") }
    defer { close(descriptor) }

    let reader = ParallelLogReader(descriptor: descriptor, workers: workers) { [resolver = PolicyEngine(policy: policy, tenants: directory).resolver] line, keys in
        ReplayItem.make(line, resolver: resolver, keys: &keys)
    }
    let simulator: Simulator
    if arguments.contains("--split") {
        let parts = (0..<workers).map { _ in ProfilePart(Simulator(policy: policy, tenants: directory)) }
        let tenants = parts[0].simulator.engine.tenants
        try reader.forEach(partitions: { Simulator.partition(of: $0, tenants: tenants, count: workers) }) { partition, number, item in
            if parts[partition].simulator.replay(item, line: number) != nil { parts[partition].simulator.recordInvalid(line: number) }
        }
        simulator = Simulator.joined(parts.map(\.simulator))
    } else {
        var one = Simulator(policy: policy, tenants: directory)
        try reader.forEach { number, item in
            if one.replay(item, line: number) != nil { one.recordInvalid(line: number) }
        }
        simulator = one
    }
    let (report, invoices) = try simulator.finishStreaming()
    var bytes = 0
    try report.writeJSON(invoices: invoices) { bytes += $0.utf8.count }
    FileHandle.standardError.write(Data("replay-profile: \(report.records.requests) requests, \(report.records.invalid) invalid lines, a JSON report of \(bytes) bytes\n".utf8))
}

/// One partition's simulator under `--split`, changed in place by its worker thread.
private final class ProfilePart: @unchecked Sendable {
    @exclusivity(unchecked) var simulator: Simulator
    init(_ simulator: Simulator) { self.simulator = simulator }
}
