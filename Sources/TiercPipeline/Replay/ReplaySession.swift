public import PolicySimulator

/// The state of `tierc simulate`'s replay loop (docs/pipeline.md#replaying): the simulator and the invalid lines, one
/// parsed line after another in file order. Reading the log is the caller's; so is what it prints.
public struct ReplaySession: Sendable {
    /// The simulator the lines are replayed into; its report is the caller's to finish.
    public var simulator: Simulator
    /// Whether the first invalid line ends the replay (`--strict`).
    public let strict: Bool
    /// The invalid lines skipped so far.
    public private(set) var invalid: InvalidLineSample

    public init(simulator: Simulator, logName: String, strict: Bool) {
        self.simulator = simulator
        self.strict = strict
        self.invalid = InvalidLineSample(logName: logName)
    }

    /// Replays the item of line `number`; an invalid line is skipped and counted, or with ``strict`` thrown.
    public mutating func consume(_ item: ReplayItem, number: Int) throws(StrictReplayFailure) {
        guard let problem = simulator.replay(item, line: number) else { return }
        if strict { throw StrictReplayFailure(place: invalid.place(problem, line: number), reason: problem.reason) }
        simulator.recordInvalid(line: number)
        invalid.record(problem, line: number)
    }
}

/// `--strict` met an invalid line: its place and why it is invalid.
public struct StrictReplayFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// `LOG:LINE[:COLUMN]`.
    public var place: String
    /// Why the line is invalid.
    public var reason: String

    public init(place: String, reason: String) {
        self.place = place
        self.reason = reason
    }

    public var description: String { "\(place): invalid log line: \(reason)" }
}
