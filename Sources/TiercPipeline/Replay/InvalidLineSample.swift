public import PolicySimulator

/// The invalid lines of a replay as the user is told of them (docs/pipeline.md#replaying): the first
/// ``Simulator/invalidLineSample`` named with their place and reason, and how many more there were. Shared by
/// `tierc simulate` and `tierc diff --replay`.
public struct InvalidLineSample: Sendable, Hashable {
    /// The log's name as shown (the path as given, `<stdin>` for standard input).
    public let logName: String
    /// `LOG:LINE[:COLUMN]: REASON` of the first invalid lines.
    public private(set) var named: [String] = []
    /// The line number of each of ``named``.
    private var lines: [Int] = []
    /// How many invalid lines there were in all.
    public private(set) var count = 0

    public init(logName: String) {
        self.logName = logName
    }

    /// `LOG:LINE[:COLUMN]`, the place of a problem on line `number`.
    public func place(_ problem: InvalidLine, line number: Int) -> String {
        problem.column.map { "\(logName):\(number):\($0)" } ?? "\(logName):\(number)"
    }

    /// Counts an invalid line, and names it while the sample is not full.
    public mutating func record(_ problem: InvalidLine, line number: Int) {
        count += 1
        if named.count < Simulator.invalidLineSample {
            named.append("\(place(problem, line: number)): \(problem.reason)")
            lines.append(number)
        }
    }

    /// The sample of a replay split by tenant (docs/simulation.md, "Replaying on several threads") from those of its
    /// parts, each of which met its lines in file order: the first lines of all parts in file order, and the sum.
    public static func joined(_ parts: [InvalidLineSample]) -> InvalidLineSample {
        var result = InvalidLineSample(logName: parts.first?.logName ?? "")
        let all = parts.flatMap { part in zip(part.lines, part.named) }.sorted { $0.0 < $1.0 }.prefix(Simulator.invalidLineSample)
        result.lines = all.map(\.0)
        result.named = all.map(\.1)
        result.count = parts.reduce(0) { $0 + $1.count }
        return result
    }

    /// One warning per named line, then one for the rest (none when every line was valid).
    public var warnings: [String] {
        named.map { "skipped invalid log line \($0)" }
            + (count > named.count ? ["\(count - named.count) more invalid lines skipped"] : [])
    }
}
