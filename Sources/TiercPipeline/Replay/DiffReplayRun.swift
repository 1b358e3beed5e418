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
        // and route globs): the usual "what if" change of limits or prices. Then each line is one item, not a pair.
        if identifyAlike && oldResolver.routesAlike(newResolver) {
            let reader = ParallelLogReader(descriptor: descriptor, workers: workers) { line, keys in
                ReplayItem.make(line, resolver: oldResolver, keys: &keys)
            }
            try replay(reader, into: parts, tenants: newResolver.tenants, progress: progress)
        } else {
            let reader = ParallelLogReader(descriptor: descriptor, workers: workers) { line, keys in
                ReplayPair.make(line, old: oldResolver, new: newResolver, keys: &keys)
            }
            try replay(reader, into: parts, tenants: newResolver.tenants, progress: progress)
        }
        return (DiffReplay.joined(parts.map(\.replay)), InvalidLineSample.joined(parts.map(\.invalid)))
    }

    /// Replays every item of `reader` into `parts`: split by tenant on the parsing threads when there are several
    /// parts, in file order on the calling thread otherwise.
    private static func replay<Item: DiffReplayItem>(_ reader: ParallelLogReader<Item>, into parts: [DiffReplayPart],
                                                     tenants: TenantIndex, progress: (Int) -> Void) throws {
        if parts.count > 1 {
            let count = parts.count
            try reader.forEach(partitions: { $0.partition(tenants: tenants, count: count) }, progress: progress) { partition, number, item in
                parts[partition].replay(item, line: number)
            }
        } else {
            try reader.forEach(progress: progress) { number, item in
                parts[0].replay(item, line: number)
            }
        }
    }
}

/// What the parsing threads of `diff --replay` make of a line: a pair of items, or one item for both sides when the
/// policies resolve alike.
protocol DiffReplayItem: Sendable {
    /// The partition, among `count`, that replays the item (``PolicySimulator/Simulator/partition(of:tenants:count:)``).
    func partition(tenants: TenantIndex, count: Int) -> Int
    /// Replays the item against both sides of `replay`.
    func replay(in replay: inout DiffReplay, line: Int) -> (old: InvalidLine?, new: InvalidLine?)
}

extension ReplayPair: DiffReplayItem {
    func partition(tenants: TenantIndex, count: Int) -> Int { Simulator.partition(of: self, tenants: tenants, count: count) }
    func replay(in replay: inout DiffReplay, line: Int) -> (old: InvalidLine?, new: InvalidLine?) { replay.replay(self, line: line) }
}

extension ReplayItem: DiffReplayItem {
    func partition(tenants: TenantIndex, count: Int) -> Int { Simulator.partition(of: self, tenants: tenants, count: count) }
    func replay(in replay: inout DiffReplay, line: Int) -> (old: InvalidLine?, new: InvalidLine?) { replay.replay(self, line: line) }
}

/// One part of a replay split by tenant, with the invalid lines it met; a class, so that each worker thread changes
/// its own part in place.
private final class DiffReplayPart: @unchecked Sendable {
    /// Room between this part's fields and its neighbour's in memory: each worker thread writes its own part for
    /// every line, and two parts allocated one after the other must not share a cache line (false sharing). This
    /// relies on a final class laying out its stored properties in declaration order, which Swift does though the
    /// language does not promise it (BENCHMARKS.md, "Deciding without copying the decision").
    private let paddingBefore = CacheLinePadding()
    @exclusivity(unchecked) var replay: DiffReplay
    private(set) var invalid: InvalidLineSample
    private let paddingAfter = CacheLinePadding()

    init(replay: DiffReplay, logName: String) {
        self.replay = replay
        invalid = InvalidLineSample(logName: logName)
    }

    /// Replays an item and counts it when it is invalid on a side (named as `tierc simulate` names it).
    func replay<Item: DiffReplayItem>(_ item: Item, line number: Int) {
        let problems = item.replay(in: &replay, line: number)
        guard problems.old != nil || problems.new != nil else { return }
        replay.recordInvalid(line: number, old: problems.old != nil, new: problems.new != nil)
        if let problem = problems.new ?? problems.old { invalid.record(problem, line: number) }
    }
}

/// 128 bytes (two cache lines of 64 bytes, or one of 128) that nothing reads: see ``DiffReplayPart``.
private struct CacheLinePadding {
    let words: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64)
        = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
}
