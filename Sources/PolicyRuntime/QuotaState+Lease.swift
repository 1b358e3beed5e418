internal import PolicyModel

extension QuotaState {
    /// Reserves between `minimum` and `maximum` units (``LeaseSizing``) of a tenant's counter meter at `seconds`:
    /// counted as used in the month and in every limited window at once, as an admitted charge of that cost would
    /// be (docs/serve.md#leases). Returns the grant (``LeaseGrant/lease`` nil: the broker names it) with the
    /// limited windows' counts after it.
    public mutating func reserve(tenant: Int, meter: Int, limits: WindowLimits, at seconds: Int64, minimum: Int64,
                                 maximum: Int64) -> LeaseGrant {
        let base = Window.firstSlot(ofGroup: tenant * meterCount + meter)
        var free: Int64?
        var validFrom = Window.month.start(containing: seconds)
        var validUntil = Window.month.end(startingAt: validFrom)
        for index in 0..<Window.slotCount where limits[index] >= 0 {
            let kind = Window(slot: index)
            let start = kind.start(containing: seconds)
            let remaining = max(0, limits[index] - windows[base + index].used(inWindowStarting: start))
            free = min(free ?? .max, remaining)
            validFrom = max(validFrom, start)
            validUntil = min(validUntil, kind.end(startingAt: start))
        }
        let granted = LeaseSizing.grant(free: free, minimum: minimum, maximum: maximum)
        var result = [LeaseWindow]()
        for index in stride(from: Window.month.slot, through: 0, by: -1) where limits[index] >= 0 || index == Window.month.slot {
            let kind = Window(slot: index)
            let start = kind.start(containing: seconds)
            if granted > 0 {
                if windows[base + index].isForgotten(start) { decisionsBeyondHorizon += 1 }
                windows[base + index].add(granted, inWindowStarting: start)
            }
            if limits[index] >= 0 {
                result.append(LeaseWindow(window: kind, limit: limits[index],
                                          used: windows[base + index].used(inWindowStarting: start),
                                          reset: kind.end(startingAt: start)))
            }
        }
        return LeaseGrant(lease: nil, granted: granted, validFrom: validFrom, validUntil: validUntil, windows: result)
    }

    /// Takes `units` of a reservation back from every window it was counted in (never below what is counted
    /// there; a window this state no longer remembers is left alone).
    public mutating func unreserve(_ reservation: Reservation, units: Int64) {
        guard units > 0 else { return }
        let base = Window.firstSlot(ofGroup: reservation.tenant * meterCount + reservation.meter)
        for index in 0..<Window.slotCount where reservation.limits[index] >= 0 || index == Window.month.slot {
            let start = Window(slot: index).start(containing: reservation.at)
            if windows[base + index].isForgotten(start) { continue }
            let counted = windows[base + index].used(inWindowStarting: start)
            let taken = min(units, counted)
            if taken > 0 { windows[base + index].add(-taken, inWindowStarting: start) }
        }
    }
}
