/// A fixed calendar window in UTC over which a counter meter is limited.
public enum Window: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case minute
    case hour
    case day
    case month

    /// Longest first: the order in which quotas are checked (docs/log-format.md#decisions).
    public static let checkOrder: [Window] = [.month, .day, .hour, .minute]

    /// The adjective used in 429 bodies (`quota_type`): `minutely`, `hourly`, `daily`, `monthly`.
    public var quotaType: String {
        switch self {
        case .minute: "minutely"
        case .hour: "hourly"
        case .day: "daily"
        case .month: "monthly"
        }
    }

    /// The shortest length of the window in seconds (a month is at least 28 days).
    public var minimumSeconds: Int {
        switch self {
        case .minute: 60
        case .hour: 3_600
        case .day: 86_400
        case .month: 28 * 86_400
        }
    }

    public static func < (lhs: Window, rhs: Window) -> Bool { lhs.minimumSeconds < rhs.minimumSeconds }
}

/// A limit: a whole number of units (0 blocks the meter) or `unlimited`.
public enum Limit: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    case limited(Int64)
    case unlimited

    public var description: String {
        switch self {
        case .limited(let value): String(value)
        case .unlimited: "unlimited"
        }
    }

    public static func < (lhs: Limit, rhs: Limit) -> Bool {
        switch (lhs, rhs) {
        case (.limited(let l), .limited(let r)): l < r
        case (.limited, .unlimited): true
        case (.unlimited, _): false
        }
    }
}
