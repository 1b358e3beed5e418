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

        var replay = DiffReplay(old: old, new: new)
        let oldResolver = old.engine.resolver
        let newResolver = new.engine.resolver
        var invalid = InvalidLineSample(logName: logName)
        let progress = Progress(enabled: Terminal.stderrIsTerminal(), total: input.size)
        do {
            let reader = ParallelLogReader(descriptor: descriptor) { line, keys in
                ReplayPair.make(line, old: oldResolver, new: newResolver, keys: &keys)
            }
            try reader.forEach(progress: { progress.update(bytes: $0) }) { number, pair in
                let problems = replay.replay(pair, line: number)
                guard problems.old != nil || problems.new != nil else { return }
                replay.recordInvalid(line: number, old: problems.old != nil, new: problems.new != nil)
                if let problem = problems.new ?? problems.old { invalid.record(problem, line: number) }
            }
        } catch let error as LineReader.ReadError {
            progress.finish()
            Terminal.reportError("cannot read '\(log)': \(error)")
            throw ExitStatus.unreadableInput
        }
        progress.finish()
        Simulate.warnAboutSpan(replay.new.span, logName: logName)
        Simulate.warn(invalid.warnings)
        do {
            return try ReplayComparison(old: replay.old.finish(), new: replay.new.finish(), firstNew429: replay.firstNew429)
        } catch {
            Terminal.reportError("cannot compute the invoices: \(error)")
            throw ExitStatus.inputHasErrors
        }
    }
}
