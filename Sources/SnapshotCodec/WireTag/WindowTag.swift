public import PolicyModel

/// The wire tag of a counter limit's window (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body).
/// A counter's windows are written in ascending tag order, each at most once.
public enum WindowTag: UInt8, Sendable, CaseIterable {
    case minute = 0
    case hour = 1
    case day = 2
    case month = 3

    public init(_ window: Window) {
        switch window {
        case .minute: self = .minute
        case .hour: self = .hour
        case .day: self = .day
        case .month: self = .month
        }
    }

    public var window: Window {
        switch self {
        case .minute: .minute
        case .hour: .hour
        case .day: .day
        case .month: .month
        }
    }
}
