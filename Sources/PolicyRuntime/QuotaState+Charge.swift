public import PolicyModel

extension QuotaState {
    /// Decides a charge at `seconds` (epoch seconds, fraction already floored) and counts it when admitted
    /// (docs/log-format.md#decisions, the 429 row): the limited windows are checked month → day → hour → minute, the
    /// first exhausted one refuses with 429; otherwise the cost is added to every limited window and to the month. `withRateLimit: false` leaves
    /// ``Decision/rateLimit`` nil (the `X-RateLimit-*` values), which a caller that sends no response (the simulator)
    /// does not need.
    public mutating func charge(_ charge: QuotaCharge, at seconds: Int64, withRateLimit: Bool = true) -> Decision {
        var decision = Decision(status: 200, tenant: charge.tenant, meter: charge.meter, cost: charge.cost)
        let cost = charge.cost
        let limits = charge.limits
        let base = Window.firstSlot(ofGroup: charge.tenant * meterCount + charge.meter)
        let starts = windowStarts(seconds)
        let monthEnd = monthCache.end
        var beyondHorizon = 0
        windows.withUnsafeMutableBufferPointer { allCounters in
            let counters = UnsafeMutableBufferPointer(rebasing: allCounters[base..<(base + Window.slotCount)])
            // Month → day → hour → minute, the order of `Window.checkOrder`; the first exhausted window refuses.
            // Written out per window rather than looped over `checkOrder`: this runs for every metered request
            // (BENCHMARKS.md, "Deciding without copying the decision").
            let refusal = Self.firstExhausted(counters, slot: Window.month.slot, limits.month, starts.month, cost, &beyondHorizon)
                ?? Self.firstExhausted(counters, slot: Window.day.slot, limits.day, starts.day, cost, &beyondHorizon)
                ?? Self.firstExhausted(counters, slot: Window.hour.slot, limits.hour, starts.hour, cost, &beyondHorizon)
                ?? Self.firstExhausted(counters, slot: Window.minute.slot, limits.minute, starts.minute, cost, &beyondHorizon)
            if let (window, used) = refusal {
                let kind = Window(slot: window)
                decision.status = 429
                decision.window = kind
                decision.limit = limits[window]
                decision.used = used
                decision.resetAt = window == Window.month.slot ? monthEnd : kind.end(startingAt: starts[window])
                decision.retryAfter = decision.resetAt! - seconds
            } else {
                // Counted in every limited window and always in the month (the invoice quantity).
                if limits.minute >= 0 { counters[Window.minute.slot].add(cost, inWindowStarting: starts.minute) }
                if limits.hour >= 0 { counters[Window.hour.slot].add(cost, inWindowStarting: starts.hour) }
                if limits.day >= 0 { counters[Window.day.slot].add(cost, inWindowStarting: starts.day) }
                counters[Window.month.slot].add(cost, inWindowStarting: starts.month)
            }
            guard withRateLimit else { return }
            // X-RateLimit-*: the limited window with the least remaining; ties go to the longer window.
            var best: RateLimitState?
            for window in stride(from: Window.month.slot, through: 0, by: -1) where limits[window] >= 0 {
                let used = counters[window].used(inWindowStarting: starts[window])
                let remaining = max(0, limits[window] - used)
                if best == nil || remaining < best!.remaining {
                    let kind = Window(slot: window)
                    best = RateLimitState(window: kind, limit: limits[window], remaining: remaining,
                                          reset: window == Window.month.slot ? monthEnd : kind.end(startingAt: starts[window]))
                }
            }
            decision.rateLimit = best
        }
        if beyondHorizon > 0 { decisionsBeyondHorizon += beyondHorizon }
        return decision
    }

    /// The window in `slot` of `counters` when its `limit` (-1: unlimited) leaves no room for `cost` in the window
    /// starting at `start`, with the cost already allowed in it; nil otherwise. Counts a check of a window this
    /// counter has already forgotten in `beyondHorizon`.
    @inline(__always)
    private static func firstExhausted(_ counters: UnsafeMutableBufferPointer<WindowCounter>, slot: Int, _ limit: Int64,
                                       _ start: Int64, _ cost: Int64, _ beyondHorizon: inout Int) -> (Int, Int64)? {
        guard limit >= 0 else { return nil }
        if counters[slot].isForgotten(start) { beyondHorizon += 1 }
        let used = counters[slot].used(inWindowStarting: start)
        return used > limit - cost ? (slot, used) : nil  // used + cost > limit, without overflow
    }

    /// Records a gauge reading of a tenant's gauge meter: the month's highest reading and the latest one.
    public mutating func recordGauge(tenant: Int, meter: Int, value: ExactDecimal, at seconds: Int64) {
        let slot = tenant * meterCount + meter
        let month = UTCCalendar.monthIndex(of: seconds)
        if let current = gauges[slot].monthlyMaximum[month] {
            if current < value { gauges[slot].monthlyMaximum[month] = value }
        } else {
            gauges[slot].monthlyMaximum[month] = value
        }
        gauges[slot].latest = value
    }

    /// The cost allowed so far in the window of kind `window` that contains `seconds`, for one tenant's counter
    /// meter (the usage endpoint's `current`).
    public func used(tenant: Int, meter: Int, window: Window, at seconds: Int64) -> Int64 {
        let start = window.start(containing: seconds)
        return windows[Window.slot(window, inGroup: tenant * meterCount + meter)].used(inWindowStarting: start)
    }

    /// The starts of the minute, hour, day and month windows containing `seconds` (by `Window.slot`); the starts of
    /// the last minute and the month's bounds are cached, since consecutive requests nearly always share them.
    private mutating func windowStarts(_ seconds: Int64) -> WindowStarts {
        // Requests close in time nearly always share a minute: then no division at all.
        if minuteCache.minute <= seconds && seconds < minuteCache.minute &+ 60 { return minuteCache }
        if !(monthCache.start <= seconds && seconds < monthCache.end) {
            let start = Window.month.start(containing: seconds)
            monthCache = (start, Window.month.end(startingAt: start))
        }
        minuteCache = WindowStarts(minute: UTCCalendar.floorDiv(seconds, 60) * 60, hour: UTCCalendar.floorDiv(seconds, 3_600) * 3_600,
                                   day: UTCCalendar.floorDiv(seconds, 86_400) * 86_400, month: monthCache.start)
        return minuteCache
    }
}

/// The starts (epoch seconds) of the minute, hour, day and month windows containing one instant.
typealias WindowStarts = PerWindow<Int64>
