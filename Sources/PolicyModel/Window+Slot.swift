/// Where a window sits in the flat per-window arrays of the runtime, the middleware and the server (limits, quota
/// counters, rate-limit header prefixes, metric series): a group of ``slotCount`` slots per tier, tenant or meter,
/// minute 0, hour 1, day 2, month 3, the order of `Window.allCases`. One named place for what used to be spelt
/// `× 4 + Window.allCases.firstIndex(of:)` at every use (docs/runtime.md#the-pieces).
extension Window {
    /// How many windows there are: the size of one group of slots.
    @inlinable public static var slotCount: Int { 4 }

    /// The window's slot within a group (0 to 3).
    @inlinable public var slot: Int {
        switch self {
        case .minute: 0
        case .hour: 1
        case .day: 2
        case .month: 3
        }
    }

    /// The window of a slot within a group; `slot` must be 0 to 3.
    @inlinable public init(slot: Int) {
        switch slot {
        case 0: self = .minute
        case 1: self = .hour
        case 2: self = .day
        default:
            precondition(slot == 3, "a window slot is 0 to 3")
            self = .month
        }
    }

    /// The first slot of group `group` in a flat array: `group × 4`.
    @inlinable public static func firstSlot(ofGroup group: Int) -> Int { group * slotCount }

    /// The slot of `window` in group `group` of a flat array: `group × 4 + window.slot`.
    @inlinable public static func slot(_ window: Window, inGroup group: Int) -> Int { firstSlot(ofGroup: group) + window.slot }
}
