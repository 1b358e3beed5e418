#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PolicyDiff
import PolicyRuntime
import PolicySimulator
import TiercPipeline

/// `tierc diff --replay`: one pass over the log, each line parsed once and replayed against both policies.
/// Invalid lines are skipped and named on standard error as `tierc simulate` names them.
struct ReplayRun {
    let log: String

    func compare(old: Simulator, new: Simulator) throws -> ReplayComparison {
        let input = try LogInput(log)
        defer { input.close() }
        let descriptor = input.descriptor
        let logName = input.name

        let oldResolver = old.engine.resolver
        let newResolver = new.engine.resolver
        let progress = Progress(enabled: Terminal.stderrIsTerminal(), total: input.size)
        // Split by tenant when both policies identify alike (docs/simulation.md, "Replaying on several threads"):
        // then a line's tenant is the same on both sides and belongs to one part.
        let workers = ParallelLogReader<ReplayPair>.defaultWorkers
        let identifyAlike = oldResolver.identifiesAlike(newResolver)
        let parts = (0..<(identifyAlike ? workers : 1)).map { _ in
            ReplayPart(replay: DiffReplay(old: old, new: new), logName: logName)
        }
        // One resolution per line serves both sides when they resolve alike (same identification, tenants' keys
        // and route globs): the usual "what if" change of limits or prices.
        let pairResolver = identifyAlike && oldResolver.routesAlike(newResolver) ? oldResolver : newResolver
        do {
            let reader = ParallelLogReader(descriptor: descriptor, workers: workers) { line, keys in
                ReplayPair.make(line, old: oldResolver, new: pairResolver, keys: &keys)
            }
            if parts.count > 1 {
                let tenants = newResolver.tenants
                let count = parts.count
                try reader.forEach(partitions: { Simulator.partition(of: $0, tenants: tenants, count: count) },
                                   progress: { progress.update(bytes: $0) }) { partition, number, pair in
                    parts[partition].replay(pair, line: number)
                }
            } else {
                try reader.forEach(progress: { progress.update(bytes: $0) }) { number, pair in
                    parts[0].replay(pair, line: number)
                }
            }
        } catch let error as LineReader.ReadError {
            progress.finish()
            Terminal.reportError("cannot read '\(log)': \(error)")
            throw ExitStatus.unreadableInput
        }
        let replay = DiffReplay.joined(parts.map(\.replay))
        progress.finish()
        Simulate.warnAboutSpan(replay.new.span, logName: logName)
        Simulate.warn(InvalidLineSample.joined(parts.map(\.invalid)).warnings)
        do {
            return try ReplayComparison(old: replay.old.finish(), new: replay.new.finish(), firstNew429: replay.firstNew429)
        } catch {
            Terminal.reportError("cannot compute the invoices: \(error)")
            throw ExitStatus.inputHasErrors
        }
    }
}

/// One part of a replay split by tenant, with the invalid lines it met (the first ``Simulator/invalidLineSample``
/// of them named); a class, so that each worker thread changes its own part in place.
private final class ReplayPart: @unchecked Sendable {
    @exclusivity(unchecked) var replay: DiffReplay
    private(set) var invalid: InvalidLineSample

    init(replay: DiffReplay, logName: String) {
        self.replay = replay
        invalid = InvalidLineSample(logName: logName)
    }

    /// Replays a pair and counts it when it is invalid on a side (named on standard error as `tierc simulate` names it).
    func replay(_ pair: ReplayPair, line number: Int) {
        let problems = replay.replay(pair, line: number)
        guard problems.old != nil || problems.new != nil else { return }
        replay.recordInvalid(line: number, old: problems.old != nil, new: problems.new != nil)
        if let problem = problems.new ?? problems.old { invalid.record(problem, line: number) }
    }
}
