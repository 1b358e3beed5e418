internal import PolicyRuntime
internal import Synchronization
internal import TiercHummingbird

/// Which month is "the month so far" for the month-to-date invoice metric and the shadow policy's projected
/// invoices (docs/serve.md, "Metrics" and "Shadow policy"): the month of the system clock's current second, or
/// under `--trust-clock-header`, where each request brings its own time, the month of the latest time a
/// decision or gauge reading was taken at (the system clock's before the first).
final class MonthToDateClock: Sendable {
    let trustsHeader: Bool
    private let latest = Mutex<Int64?>(nil)

    init(trustsHeader: Bool) {
        self.trustsHeader = trustsHeader
    }

    /// Notes the time of a decision or a gauge reading (only kept under `--trust-clock-header`).
    func saw(_ seconds: Int64) {
        guard trustsHeader else { return }
        latest.withLock { $0 = max($0 ?? seconds, seconds) }
    }

    /// Epoch seconds of "now" for month-to-date figures.
    var now: Int64 {
        guard trustsHeader, let seen = latest.withLock({ $0 }) else { return TiercClock.now() }
        return seen
    }

    /// The current month index (`year × 12 + month − 1`).
    var month: Int64 { UTCCalendar.monthIndex(of: now) }
}
