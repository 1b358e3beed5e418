public import PolicySimulator
import PolicyRuntime

extension LogSpan {
    /// The warning for a span of more months than a request log plausibly does (``LogSpan/plausibleMonths``),
    /// naming the lines of the earliest and the latest `ts`: the report still has an invoice for every month of the
    /// span (docs/simulation.md#long-spans), which for a wrong timestamp is mostly noise. Nil for a plausible span.
    public func implausibleSpanWarning(logName: String) -> String? {
        guard months > Self.plausibleMonths else { return nil }
        func place(_ line: Int?) -> String { line.map { "\(logName):\($0)" } ?? logName }
        return "the log spans \(months) months, more than the \(Self.plausibleMonths) a request log plausibly does: "
            + "from \(UTCCalendar.rfc3339(earliest)) (\(place(earliestLine))) to \(UTCCalendar.rfc3339(latest)) (\(place(latestLine))); "
            + "every tenant gets an invoice for every one of those months"
    }
}
