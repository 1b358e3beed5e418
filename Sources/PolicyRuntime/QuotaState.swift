public import PolicyModel

/// The cost allowed so far in the windows of one kind for one tenant and meter. The current window is kept
/// apart for speed; earlier windows are kept only when they saw allowed traffic, so a record whose `ts` goes
/// back in time counts in its own window (docs/log-format.md#the-file). At most `retainedWindows` earlier windows are
/// remembered (the most recent ones): memory is bounded per counter, never grows with the log, and a record
/// older than that horizon is detectable (``isForgotten(_:)``) instead of silently counted against nothing.
public struct WindowCounter: Sendable, Hashable {
    public private(set) var start: Int64 = .min
    public private(set) var used: Int64 = 0
    /// Earlier windows with allowed cost, ascending by start; every one starts before `start`. A sorted array,
    /// not a dictionary: windows nearly always arrive in order, so remembering one is an append.
    private var history: [WindowUse] = []
    /// Windows starting before this were dropped from `earlier`.
    public private(set) var horizon: Int64 = .min
    public let retainedWindows: Int

    /// One earlier window's start and allowed cost.
    struct WindowUse: Sendable, Hashable {
        var start: Int64
        var used: Int64
    }

    /// `retainedWindows`: how many earlier windows to remember (`Int.max`: all, as for months).
    public init(retainedWindows: Int = .max) {
        self.retainedWindows = retainedWindows
    }

    /// Earlier windows with allowed cost, by start (the current window excluded).
    public var earlier: [Int64: Int64] {
        Dictionary(uniqueKeysWithValues: history.map { ($0.start, $0.used) })
    }

    /// The cost allowed in the window starting at `windowStart`.
    @inline(__always)
    public func used(inWindowStarting windowStart: Int64) -> Int64 {
        if windowStart == start { return used }
        if windowStart > start { return 0 }  // every remembered window starts before `start`
        return used(inEarlierWindowStarting: windowStart)
    }

    /// ``used(inWindowStarting:)`` of a window before the current one: a binary search of `history`, out of line.
    private func used(inEarlierWindowStarting windowStart: Int64) -> Int64 {
        let index = insertionIndex(of: windowStart)
        return index < history.count && history[index].start == windowStart ? history[index].used : 0
    }

    /// Whether the window starting at `windowStart` is older than what this counter remembers.
    @inline(__always)
    public func isForgotten(_ windowStart: Int64) -> Bool { windowStart < horizon }

    /// Adds `cost`; a sum beyond `Int64.max` (only possible in a window without a limit) stays at `Int64.max`,
    /// which the invoice reports as too large instead of trapping. The current window's case is inline (every
    /// admitted request takes it); a new or an earlier window is out of line.
    @inline(__always)
    public mutating func add(_ cost: Int64, inWindowStarting windowStart: Int64) {
        if windowStart == start {
            used = Self.sum(used, cost)
        } else {
            add(cost, toOtherWindowStarting: windowStart)
        }
    }

    /// ``add(_:inWindowStarting:)`` for a window other than the current one.
    private mutating func add(_ cost: Int64, toOtherWindowStarting windowStart: Int64) {
        if windowStart > start {
            if used > 0, start != .min {
                history.append(WindowUse(start: start, used: used))
                if history.count / 2 > retainedWindows { forgetOldest() }
            }
            start = windowStart
            used = cost  // no remembered window starts at or after the old `start`
        } else {
            let index = insertionIndex(of: windowStart)
            if index < history.count && history[index].start == windowStart {
                history[index].used = Self.sum(history[index].used, cost)
            } else {
                history.insert(WindowUse(start: windowStart, used: cost), at: index)
            }
        }
    }

    /// The index of the first remembered window starting at or after `windowStart` (binary search).
    private func insertionIndex(of windowStart: Int64) -> Int {
        var low = 0
        var high = history.count
        while low < high {
            let middle = (low + high) / 2
            if history[middle].start < windowStart { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Keeps the `retainedWindows` most recent earlier windows (amortised: runs once per `retainedWindows` new ones).
    private mutating func forgetOldest() {
        let dropped = history.count - retainedWindows
        horizon = max(horizon, history[dropped].start)
        history.removeFirst(dropped)
    }

    private static func sum(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    /// Every window with allowed cost, by start.
    public var all: [Int64: Int64] {
        var result = earlier
        if start != .min, used > 0 { result[start] = used }
        return result
    }
}

/// Counters of one tenant and one counter meter: one ``WindowCounter`` per window kind (month always kept, it
/// is the invoice quantity).
public struct MeterCounters: Sendable, Hashable {
    /// How many earlier minute, hour and day windows each counter remembers for records that go back in time:
    /// about 2 hours of minutes, 5 days of hours, 4 months of days. Months are all kept (invoices need them).
    public static let retainedWindows = 128

    /// Indexed by ``PolicyModel/Window/slot``: minute, hour, day, month.
    public var windows: [WindowCounter] = [
        WindowCounter(retainedWindows: retainedWindows), WindowCounter(retainedWindows: retainedWindows),
        WindowCounter(retainedWindows: retainedWindows), WindowCounter(),
    ]
    public init() {}

    init(windows: [WindowCounter]) {
        self.windows = windows
    }
}

/// The highest reading per month of one tenant's gauge.
public struct GaugeReadings: Sendable, Hashable {
    /// Month index (`year * 12 + month - 1`) → highest reading.
    public var monthlyMaximum: [Int64: ExactDecimal] = [:]
    public var latest: ExactDecimal?
    public init() {}
}

/// Everything the engine remembers between requests. A value: copy it to snapshot, compare it in tests.
public struct QuotaState: Sendable, Hashable {
    /// One counter per tenant, counter meter and window kind, flat: `[Window.slot(window, inGroup: tenant *
    /// meterCount + meter)]` (gauge meters' slots stay empty). Flat so a decision reaches
    /// its four counters with one bounds check and no nested copy-on-write checks.
    var windows: [WindowCounter]
    /// `[tenant * meterCount + meter]` for gauge meters.
    public var gauges: [GaugeReadings]
    let meterCount: Int
    /// Window checks of records so far out of order that their window was already forgotten
    /// (``MeterCounters/retainedWindows``): they were decided as if that window had seen no traffic.
    public internal(set) var decisionsBeyondHorizon = 0
    /// The bounds of the month of the last charge (a cache: not part of the state's value).
    var monthCache: (start: Int64, end: Int64) = (0, 0)
    /// The window starts of the minute of the last charge (a cache, as ``monthCache``): a minute lies inside one
    /// hour, day and month, so every instant of it has the same starts.
    var minuteCache = WindowStarts(minute: .max, hour: .max, day: .max, month: .max)  // matches no instant

    /// Empty counters for `tenants` tenants of a policy with `meters` meters.
    public init(tenants: Int, meters: Int) {
        meterCount = meters
        windows = Array((0..<(tenants * meters)).map { _ in MeterCounters().windows }.joined())
        gauges = Array(repeating: GaugeReadings(), count: tenants * meters)
    }

    /// The counters of one tenant and counter meter.
    public func counters(tenant: Int, meter: Int) -> MeterCounters {
        let base = Window.firstSlot(ofGroup: tenant * meterCount + meter)
        return MeterCounters(windows: Array(windows[base..<(base + Window.slotCount)]))
    }

    public func gauge(tenant: Int, meter: Int) -> GaugeReadings { gauges[tenant * meterCount + meter] }

    public static func == (a: QuotaState, b: QuotaState) -> Bool {
        a.windows == b.windows && a.gauges == b.gauges && a.meterCount == b.meterCount
            && a.decisionsBeyondHorizon == b.decisionsBeyondHorizon
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(windows)
        hasher.combine(gauges)
        hasher.combine(meterCount)
        hasher.combine(decisionsBeyondHorizon)
    }
}
