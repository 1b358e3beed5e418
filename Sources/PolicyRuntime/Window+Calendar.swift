public import PolicyModel

extension Window {
    /// The start (epoch seconds) of the fixed UTC calendar window of this kind that contains `seconds`.
    public func start(containing seconds: Int64) -> Int64 {
        switch self {
        case .minute: UTCCalendar.floorDiv(seconds, 60) * 60
        case .hour: UTCCalendar.floorDiv(seconds, 3_600) * 3_600
        case .day: UTCCalendar.floorDiv(seconds, 86_400) * 86_400
        case .month: UTCCalendar.monthStart(UTCCalendar.monthIndex(of: seconds))
        }
    }

    /// The end (exclusive, epoch seconds) of the window that starts at `start`: the reset time of a quota.
    public func end(startingAt start: Int64) -> Int64 {
        switch self {
        case .minute: start + 60
        case .hour: start + 3_600
        case .day: start + 86_400
        case .month: UTCCalendar.monthStart(UTCCalendar.monthIndex(of: start) + 1)
        }
    }
}
