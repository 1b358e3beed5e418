import Foundation
import PolicyCheck
import PolicyDiff
import PolicyModel
import PolicyRuntime
import PolicySimulator
import PolicySource
import TiercPipeline

/// `tierc-bench replay-profile --policy FILE --tenants FILE --log LOG [--workers N] [--split | --against NEW]`: the replay of
/// `tierc simulate --format json` (check the policy and tenants, read the log on the parsing threads, decide, write
/// the JSON report, here to nowhere) in a synchronous program, so that valgrind's callgrind can count its
/// instructions: valgrind 3.19 dies in `tierc`, whose async `main` parks its main thread in libdispatch
/// (BENCHMARKS.md, "Where the time goes"). `--split` decides split by tenant across the parsing threads, as
/// `tierc diff --replay` does (docs/simulation.md, "Replaying on several threads"). `--against NEW` is the replay of
/// `tierc diff FILE NEW --replay LOG --format json` instead (TiercPipeline's `DiffReplayRun`; both reports written).
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

    if let newPath = stringOption("--against") {
        guard !arguments.contains("--split") else {
            throw Timing.Failure(description: "replay-profile: --against splits by tenant as diff --replay does; --split is for one policy")
        }
        let newResult = PolicyChecker.check(policy: SourceFile(name: newPath, text: try String(contentsOfFile: newPath, encoding: .utf8)),
                                            tenants: SourceFile(name: tenantsPath, text: try String(contentsOfFile: tenantsPath, encoding: .utf8)))
        guard let newPolicy = newResult.policy, let newDirectory = newResult.tenants else {
            throw Timing.Failure(description: "the NEW policy or the tenants do not check: \(newResult.diagnostics.map(\.message))")
        }
        let (replay, invalid) = try DiffReplayRun.replay(descriptor: descriptor, logName: logPath,
                                                         old: Simulator(policy: policy, tenants: directory),
                                                         new: Simulator(policy: newPolicy, tenants: newDirectory), workers: workers)
        var bytes = 0, requests = 0
        for side in [replay.old, replay.new] {
            let (report, invoices) = try side.finishStreaming()
            try report.writeJSON(invoices: invoices) { bytes += $0.utf8.count }
            requests = report.records.requests
        }
        FileHandle.standardError.write(Data("replay-profile: \(requests) requests, \(invalid.count) invalid lines, JSON reports of \(bytes) bytes\n".utf8))
        return
    }
    let reader = ParallelLogReader(descriptor: descriptor, workers: workers) { [resolver = PolicyEngine(policy: policy, tenants: directory).resolver] line, keys in
        ReplayItem.make(line, resolver: resolver, keys: &keys)
    }
    // The replay loop of `tierc simulate` (ReplaySession), one per partition under --split.
    let simulator: Simulator
    if arguments.contains("--split") {
        let parts = (0..<workers).map { _ in ProfilePart(ReplaySession(simulator: Simulator(policy: policy, tenants: directory), logName: logPath, strict: false)) }
        let tenants = parts[0].session.simulator.engine.tenants
        try reader.forEach(partitions: { Simulator.partition(of: $0, tenants: tenants, count: workers) }) { partition, number, item in
            parts[partition].consume(item, number: number)
        }
        simulator = Simulator.joined(parts.map(\.session.simulator))
    } else {
        let one = ProfilePart(ReplaySession(simulator: Simulator(policy: policy, tenants: directory), logName: logPath, strict: false))
        try reader.forEach { number, item in one.consume(item, number: number) }
        simulator = one.session.simulator
    }
    let (report, invoices) = try simulator.finishStreaming()
    var bytes = 0
    try report.writeJSON(invoices: invoices) { bytes += $0.utf8.count }
    FileHandle.standardError.write(Data("replay-profile: \(report.records.requests) requests, \(report.records.invalid) invalid lines, a JSON report of \(bytes) bytes\n".utf8))
}

/// One replay session (one per partition under `--split`), changed in place by the thread that replays it.
private final class ProfilePart: @unchecked Sendable {
    @exclusivity(unchecked) var session: ReplaySession
    init(_ session: ReplaySession) { self.session = session }

    /// ``ReplaySession/consume(_:number:)`` of a session that is not strict, which never throws.
    func consume(_ item: ReplayItem, number: Int) {
        do { try session.consume(item, number: number) } catch { preconditionFailure("a replay that is not strict threw \(error)") }
    }
}
