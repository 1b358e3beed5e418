import PolicyModel

extension QuotaState {
    /// The counters for a reloaded policy (docs/serve.md, "Reload"): every tenant id and meter id that both the
    /// old and the new policy have keeps its windows and gauge readings, wherever it moved in the lists; a new
    /// tenant or meter starts empty, a removed one is dropped. What was counted does not depend on limits, so a
    /// changed tier, limit or price keeps the usage so far.
    public func carried(fromTenants oldTenants: [String], meters oldMeters: [String],
                        toTenants newTenants: [String], meters newMeters: [String]) -> QuotaState {
        var result = QuotaState(tenants: newTenants.count, meters: newMeters.count)
        result.decisionsBeyondHorizon = decisionsBeyondHorizon
        let tenantIndex = Dictionary(oldTenants.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let meterIndex = Dictionary(oldMeters.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for (tenant, id) in newTenants.enumerated() {
            guard let oldTenant = tenantIndex[id] else { continue }
            for (meter, meterID) in newMeters.enumerated() {
                guard let oldMeter = meterIndex[meterID] else { continue }
                let from = oldTenant * meterCount + oldMeter
                let to = tenant * newMeters.count + meter
                for window in Window.allCases {
                    result.windows[Window.slot(window, inGroup: to)] = windows[Window.slot(window, inGroup: from)]
                }
                result.gauges[to] = gauges[from]
            }
        }
        return result
    }
}
