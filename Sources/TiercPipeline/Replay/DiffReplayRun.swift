public import PolicyDiff
public import PolicySimulator
import PolicyRuntime

/// The replay of `tierc diff --replay` (docs/pipeline.md#replaying): one pass over a log, each line parsed once and
/// replayed against both policies. Split by tenant across the parsing threads when both policies identify alike
/// (docs/simulation.md, "Replaying on several threads"), on one deciding thread otherwise. Opening the log, the
/// progress shown and what is printed are the caller's.
public enum DiffReplayRun {
    /// Replays the log read from `descriptor` against `old` and `new` on `workers` parsing threads; returns both
    /// replays joined in file order and the invalid lines skipped. `progress` gets the bytes read so far, on the
    /// calling thread. Throws the reader's ``PolicySimulator/LineReader/ReadError`` after every line before it was
    /// replayed.
    public static func replay(descriptor: Int32, logName: String, old: Simulator, new: Simulator,
                              workers: Int = ParallelLogReader<ReplayPair>.defaultWorkers,
                              progress: (Int) -> Void = { _ in }) throws -> (replay: DiffReplay, invalid: InvalidLineSample) {
        let oldResolver = old.engine.resolver
        let newResolver = new.engine.resolver
        // Split by tenant when both policies identify alike: then a line's tenant is the same on both sides and
        // belongs to one part.
        let identifyAlike = oldResolver.identifiesAlike(newResolver)
        let parts = (0..<(identifyAlike ? workers : 1)).map { _ in
            DiffReplayPart(replay: DiffReplay(old: old, new: new), logName: logName)
        }
        // One resolution per line serves both sides when they resolve alike (same identification, tenants' keys
        // and route globs): the usual "what if" change of limits or prices.
        let pairResolver = identifyAlike && oldResolver.routesAlike(newResolver) ? oldResolver : newResolver
        let reader = ParallelLogReader(descriptor: descriptor, workers: workers) { line, keys in
            ReplayPair.make(line, old: oldResolver, new: pairResolver, keys: &keys)
        }
        if parts.count > 1 {
            let tenants = newResolver.tenants
            let count = parts.count
            try reader.forEach(partitions: { Simulator.partition(of: $0, tenants: tenants, count: count) },
                               progress: progress) { partition, number, pair in
                parts[partition].replay(pair, line: number)
            }
        } else {
            try reader.forEach(progress: progress) { number, pair in
                parts[0].replay(pair, line: number)
            }
        }
        return (DiffReplay.joined(parts.map(\.replay)), InvalidLineSample.joined(parts.map(\.invalid)))
    }
}

/// One part of a replay split by tenant, with the invalid lines it met; a class, so that each worker thread changes
/// its own part in place.
private final class DiffReplayPart: @unchecked Sendable {
    @exclusivity(unchecked) var replay: DiffReplay
    private(set) var invalid: InvalidLineSample

    init(replay: DiffReplay, logName: String) {
        self.replay = replay
        invalid = InvalidLineSample(logName: logName)
    }

    /// Replays a pair and counts it when it is invalid on a side (named as `tierc simulate` names it).
    func replay(_ pair: ReplayPair, line number: Int) {
        let problems = replay.replay(pair, line: number)
        guard problems.old != nil || problems.new != nil else { return }
        replay.recordInvalid(line: number, old: problems.old != nil, new: problems.new != nil)
        if let problem = problems.new ?? problems.old { invalid.record(problem, line: number) }
    }
}
