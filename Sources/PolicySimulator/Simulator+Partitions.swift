public import PolicyRuntime

/// Replaying on several threads (docs/simulation.md, "Replaying on several threads"): decisions of different tenants
/// never share a counter, so a replay can be split by tenant, each part replayed in file order by its own
/// simulator, and the parts joined into the report and counters of one replay.
extension Simulator {
    /// The partition, among `count`, that replays the tenant at `index` of the directory.
    public static func partition(ofTenant index: Int, count: Int) -> Int { count > 1 ? index % count : 0 }

    /// The partition, among `count`, of an item: its tenant's (``partition(ofTenant:count:)``) for a request of an
    /// identified tenant or a gauge reading of a tenant of `tenants`; 0 for everything else (401s, anonymous
    /// requests, invalid lines), which touches no tenant's counters.
    public static func partition(of item: ReplayItem, tenants: TenantIndex, count: Int) -> Int {
        switch item {
        case .request(let request, _):
            guard case .tenant(let index) = request.identity else { return 0 }
            return partition(ofTenant: index, count: count)
        case .gauge(.gauge(tenant: .id(let id), _, _, _)):
            return tenants.tenant(id: id).map { partition(ofTenant: $0, count: count) } ?? 0
        case .gauge, .invalid:
            return 0
        }
    }

    /// The partition of a pair of `diff --replay`: that of its NEW item. Both sides identify alike when the
    /// replay is split (``PolicyRuntime/RequestResolver/identifiesAlike(_:)``), so it is also its OLD item's.
    public static func partition(of pair: ReplayPair, tenants: TenantIndex, count: Int) -> Int {
        partition(of: pair.new, tenants: tenants, count: count)
    }

    /// Joins simulators that replayed the parts of one log (each with the same policy and tenants, each given
    /// the lines of the tenants of its partition, as ``partition(of:tenants:count:)`` assigns them, in file order)
    /// into the simulator of one replay of the whole log in file order: each tenant's counters and summary come
    /// from its partition; counts, days, months and the span are summed or joined; the invalid lines keep the
    /// first ``invalidLineSample`` in file order.
    public static func joined(_ parts: [Simulator]) -> Simulator {
        precondition(!parts.isEmpty, "Simulator.joined needs at least one part")
        var result = parts[0]
        result.flushDay()
        let count = parts.count
        for (partition, part) in parts.enumerated().dropFirst() {
            var part = part
            part.flushDay()
            result.engine.adopt(tenantsOf: part.engine) { Self.partition(ofTenant: $0, count: count) == partition }
            for index in result.report.tenants.indices where Self.partition(ofTenant: index, count: count) == partition {
                result.report.tenants[index] = part.report.tenants[index]
                result.tallies[index] = part.tallies[index]
            }
            result.report.add(part.report)
            result.earliestMonth = [result.earliestMonth, part.earliestMonth].compactMap { $0 }.min()
            result.latestMonth = [result.latestMonth, part.latestMonth].compactMap { $0 }.max()
            result.span = LogSpan.joined(result.span, part.span)
        }
        return result
    }

    /// Takes over from `other`, a simulator of a policy that decides the tenants `owns` selects alike, those tenants'
    /// counters, and `beyondHorizon`, its checks beyond the horizon for them: their requests were decided by `other`
    /// and only counted here (``count(_:at:line:)``; docs/simulation.md, "Deciding once for both policies").
    public mutating func adoptCounters(of other: Simulator, where owns: (Int) -> Bool, beyondHorizon: Int) {
        engine.adoptCounters(of: other.engine, where: owns, beyondHorizon: beyondHorizon)
    }

    /// Moves the current day's counts into the report's days.
    private mutating func flushDay() {
        if let day { report.days[day.index] = day.counts }
        day = nil
    }
}

extension SimulationReport {
    /// Adds the counts of a report of another part of the same replay (the tenants' summaries excepted).
    mutating func add(_ other: SimulationReport) {
        records.requests += other.records.requests
        records.gaugeReadings += other.records.gaugeReadings
        records.invalid += other.records.invalid
        records.invalidLines = Array((records.invalidLines + other.records.invalidLines).sorted().prefix(Simulator.invalidLineSample))
        status200 += other.status200
        status401 += other.status401
        status403 += other.status403
        status429 += other.status429
        anonymous += other.anonymous
        for (day, counts) in other.days {
            var sum = days[day] ?? StatusCounts()
            sum.status200 += counts.status200
            sum.status401 += counts.status401
            sum.status403 += counts.status403
            sum.status429 += counts.status429
            days[day] = sum
        }
    }
}

extension LogSpan {
    /// The span of two parts of one log: the earlier earliest and the later latest `ts`; of two records with the same
    /// `ts`, the one on the earlier line (as one replay in file order keeps the first it sees).
    static func joined(_ a: LogSpan?, _ b: LogSpan?) -> LogSpan? {
        guard let a else { return b }
        guard let b else { return a }
        var result = a
        if b.earliest < a.earliest || (b.earliest == a.earliest && (b.earliestLine ?? .max) < (a.earliestLine ?? .max)) {
            result.earliest = b.earliest
            result.earliestLine = b.earliestLine
        }
        if b.latest > a.latest || (b.latest == a.latest && (b.latestLine ?? .max) < (a.latestLine ?? .max)) {
            result.latest = b.latest
            result.latestLine = b.latestLine
        }
        return result
    }
}
