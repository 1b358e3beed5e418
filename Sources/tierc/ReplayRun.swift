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
/// Invalid lines are skipped and named on standard error as `tierc simulate` names them. The replay is
/// TiercPipeline's ``DiffReplayRun``; here are the log, the progress bar and what is printed.
struct ReplayRun {
    let log: String

    func compare(old: Simulator, new: Simulator) throws -> ReplayComparison {
        let input = try LogInput(log)
        defer { input.close() }
        let descriptor = input.descriptor
        let logName = input.name

        let progress = Progress(enabled: Terminal.stderrIsTerminal(), total: input.size)
        let replay: DiffReplay, invalid: InvalidLineSample
        do {
            (replay, invalid) = try DiffReplayRun.replay(descriptor: descriptor, logName: logName, old: old, new: new,
                                                         progress: { progress.update(bytes: $0) })
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
