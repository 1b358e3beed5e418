import PolicyModel

/// One tenant's requests by status and its 429s by refusing window, as the simulator counts them request by
/// request: one named counter per window instead of the summary's dictionary, so counting a 429 hashes nothing
/// (BENCHMARKS.md, "Deciding without copying the decision").
struct TenantTally: Sendable, Hashable {
    var status200 = 0
    var status403 = 0
    var status429 = 0
    /// 429s by refusing window: minute, hour, day, month.
    var rejectedMinute = 0
    var rejectedHour = 0
    var rejectedDay = 0
    var rejectedMonth = 0

    mutating func addRejection(by window: Window) {
        switch window {
        case .minute: rejectedMinute += 1
        case .hour: rejectedHour += 1
        case .day: rejectedDay += 1
        case .month: rejectedMonth += 1
        }
    }

    /// Sets the summary's counts to these; `rejectedByWindow` names only the windows that refused something, as the
    /// report's JSON and text expect.
    func write(into summary: inout SimulationReport.TenantSummary) {
        summary.status200 = status200
        summary.status403 = status403
        summary.status429 = status429
        var rejected: [Window: Int] = [:]
        for (window, count) in [(Window.minute, rejectedMinute), (.hour, rejectedHour), (.day, rejectedDay),
                                (.month, rejectedMonth)] where count > 0 {
            rejected[window] = count
        }
        summary.rejectedByWindow = rejected
    }
}
