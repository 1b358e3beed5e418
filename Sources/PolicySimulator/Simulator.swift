public import PolicyModel
public import PolicyRuntime

/// Replays log records in file order against a policy and a tenant directory (docs/log-format.md#decisions and
/// #invoices, docs/simulation.md#the-fine-points) and builds the report. Memory is bounded by tenants × meters ×
/// windows with traffic, not by the log length.
public struct Simulator: Sendable {
    public internal(set) var engine: PolicyEngine
    var report: SimulationReport
    var earliestMonth: Int64?
    var latestMonth: Int64?
    private let gaugeMeters: Set<String>
    /// The bounds of the month of the last record noted.
    private var monthBounds: (start: Int64, end: Int64) = (0, 0)
    /// The earliest and latest `ts` of the valid records, with their lines when the caller gave them.
    public internal(set) var span: LogSpan?
    /// The line of the record being replayed, when the caller gave it.
    private var currentLine: Int?
    /// The UTC day of the last request and its counts so far, moved into ``SimulationReport/days`` when the day
    /// changes (consecutive requests nearly always share a day: no dictionary update per request).
    var day: (index: Int64, start: Int64, counts: SimulationReport.StatusCounts)?
    /// Each tenant's counts by status and refusing window, by tenant index: what ``count(_:at:line:)`` adds to for
    /// every request of an identified tenant, kept apart from the report's summaries (a summary is 96 bytes and its 429s by window a
    /// dictionary) and moved into them by ``reportWithTallies()`` (BENCHMARKS.md, "Deciding without copying the
    /// decision").
    var tallies: [TenantTally]

    /// The most invalid line numbers kept for the report.
    public static let invalidLineSample = 20

    public init(policy: Policy, tenants: TenantDirectory) {
        engine = PolicyEngine(policy: policy, tenants: tenants)
        report = SimulationReport(policy: policy.name, fingerprint: policy.fingerprint, currency: policy.currency)
        report.tenants = engine.tenants.tenants.map { SimulationReport.TenantSummary(tenant: $0.id, tier: $0.tier) }
        report.tierOrder = policy.tiers.map(\.id)
        tallies = Array(repeating: TenantTally(), count: report.tenants.count)
        gaugeMeters = Set(policy.meters.filter { $0.kind == .gauge }.map(\.id))
    }

    /// Counts an invalid line (its reason is the caller's to show).
    public mutating func recordInvalid(line: Int) {
        report.records.invalid += 1
        if report.records.invalidLines.count < Self.invalidLineSample { report.records.invalidLines.append(line) }
    }

    /// Replays one valid record. A gauge reading for an unknown tenant or a meter that is not a gauge is
    /// invalid (docs/log-format.md#invalid-lines): it is returned as such and counted by the caller.
    public mutating func replay(_ record: LogRecord) -> InvalidLine? {
        replay(record, line: nil)
    }

    /// Like ``replay(_:)-(LogRecord)``, with the record's line number for ``span``.
    public mutating func replay(_ record: LogRecord, line: Int?) -> InvalidLine? {
        currentLine = line
        switch record {
        case .request(let request, let seconds):
            replayStatus(engine.resolver.resolve(request, at: seconds), at: seconds, line: line)
            return nil
        case .gauge(let claim, let meter, let value, let seconds):
            guard case .id(let id) = claim, let tenant = engine.tenants.tenant(id: id) else {
                return InvalidLine("a gauge reading needs the `tenant` of a tenant in tenants.yaml")
            }
            guard let meter, gaugeMeters.contains(meter), let meterIndex = engine.meterIndex(meter) else {
                return InvalidLine("`meter` of a gauge reading must name a gauge meter of the policy")
            }
            report.records.gaugeReadings += 1
            noteMonth(seconds)
            if engine.recordGauge(tenant: tenant, meter: meterIndex, value: value, at: seconds) {
                report.tenants[tenant].gaugeOverLimit += 1
            }
            return nil
        }
    }

    /// Replays one request already identified and routed (by ``PolicyEngine/resolver``, on any thread), and
    /// returns the decision (for callers that compare two policies request by request).
    @discardableResult
    public mutating func replay(_ request: ResolvedRequest, at seconds: Int64) -> Decision {
        replay(request, at: seconds, line: nil)
    }

    /// Like ``replay(_:at:)``, with the record's line number for ``span``.
    @discardableResult
    public mutating func replay(_ request: ResolvedRequest, at seconds: Int64, line: Int?) -> Decision {
        let decision = engine.decide(resolved: request, at: seconds, withRateLimit: false)
        count(decision, at: seconds, line: line)
        return decision
    }

    /// Like ``replay(_:at:line:)``, returning only the decision's status: what the replay loops need. The decision
    /// (168 bytes) is then read field by field where quota state wrote it, never copied out whole, which costs a
    /// stall per request on x86 (BENCHMARKS.md, "Deciding without copying the decision").
    @discardableResult
    public mutating func replayStatus(_ request: ResolvedRequest, at seconds: Int64, line: Int?) -> Int {
        let decision = engine.decide(resolved: request, at: seconds, withRateLimit: false)
        count(decision, at: seconds, line: line)
        return decision.status
    }

    /// Decides a request with `decider`'s policy and counters and counts it in the reports of both `decider` and
    /// `other`, a simulator of a policy that decides the request's tenant alike (docs/simulation.md, "Deciding once
    /// for both policies"); returns the checks beyond the horizon the decision made.
    public static func replay(_ request: ResolvedRequest, at seconds: Int64, line: Int?, deciding decider: inout Simulator,
                              alsoCounting other: inout Simulator) -> Int {
        let beyond = decider.engine.state.decisionsBeyondHorizon
        let decision = decider.engine.decide(resolved: request, at: seconds, withRateLimit: false)
        decider.count(decision, at: seconds, line: line)
        other.count(decision, at: seconds, line: line)
        return decider.engine.state.decisionsBeyondHorizon - beyond
    }

    /// Counts a request at `seconds` that was decided `decision` (the report's totals and days; an identified
    /// tenant's ``tallies``, which the report gets when it is made), without this simulator's counters:
    /// by the simulator of a policy that decides the tenant alike, whose counters ``PolicyEngine/adoptCounters(of:where:beyondHorizon:)``
    /// takes over at the end (docs/simulation.md, "Deciding once for both policies").
    @inline(__always)
    public mutating func count(_ decision: Decision, at seconds: Int64, line: Int?) {
        currentLine = line
        defer { noteMonth(seconds) }
        report.records.requests += 1
        if day == nil || seconds < day!.start || seconds >= day!.start + 86_400 {
            if let day { report.days[day.index] = day.counts }
            let index = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
            day = (index, index * 86_400, report.days[index] ?? .init())
        }
        switch decision.status {
        case 200: report.status200 += 1; day!.counts.status200 += 1
        case 401: report.status401 += 1; day!.counts.status401 += 1
        case 403: report.status403 += 1; day!.counts.status403 += 1
        default: report.status429 += 1; day!.counts.status429 += 1
        }
        if decision.anonymous { report.anonymous += 1 }
        guard let tenant = decision.tenant else { return }
        switch decision.status {
        case 200: tallies[tenant].status200 += 1
        case 403: tallies[tenant].status403 += 1
        case 429:
            tallies[tenant].status429 += 1
            if let window = decision.window { tallies[tenant].addRejection(by: window) }
            if tallies[tenant].status429 == 1 {  // the tenant's first 429 in replay order
                report.tenants[tenant].first429 = seconds
                report.tenants[tenant].first429Window = decision.window
            }
        default: break
        }
    }

    /// ``report`` with each tenant's ``tallies`` in its summary.
    func reportWithTallies() -> SimulationReport {
        var result = report
        for (index, tally) in tallies.enumerated() { tally.write(into: &result.tenants[index]) }
        return result
    }

    private mutating func noteMonth(_ seconds: Int64) {
        if let known = span {
            if seconds < known.earliest { span!.earliest = seconds; span!.earliestLine = currentLine }
            if seconds > known.latest { span!.latest = seconds; span!.latestLine = currentLine }
        } else {
            span = LogSpan(earliest: seconds, earliestLine: currentLine, latest: seconds, latestLine: currentLine)
        }
        // Consecutive records nearly always share a month: skip the calendar arithmetic then.
        if monthBounds.start <= seconds && seconds < monthBounds.end { return }
        let month = UTCCalendar.monthIndex(of: seconds)
        monthBounds = (UTCCalendar.monthStart(month), UTCCalendar.monthStart(month + 1))
        if earliestMonth.map({ month < $0 }) ?? true { earliestMonth = month }
        if latestMonth.map({ month > $0 }) ?? true { latestMonth = month }
    }

    /// The report with invoices for every tenant and every month of the span (docs/log-format.md#invoices,
    /// docs/simulation.md#the-fine-points 7.19–7.23), held in memory: for a log of a few months. ``finishStreaming()``
    /// computes them while the report is written.
    public func finish() throws(AmountError) -> SimulationReport {
        let (report, schedule) = try finishStreaming()
        var materialized = report
        for index in materialized.tenants.indices {
            materialized.tenants[index].invoices = schedule.invoices(ofTenant: index)
        }
        return materialized
    }

    /// The report without its invoices, and the schedule that computes them month by month as the report is
    /// written (``SimulationReport/writeJSON(invoices:to:)`` and the like): memory stays bounded by tenants and
    /// meters whatever the months the log spans (docs/simulation.md "Long spans"). Every invoice is computed
    /// once here, so an amount too large to represent is an error now rather than halfway through the output.
    public func finishStreaming() throws(AmountError) -> (report: SimulationReport, invoices: InvoiceSchedule) {
        let months = earliestMonth.flatMap { first in latestMonth.map { first...$0 } }
        let schedule = try InvoiceSchedule(engine: engine, months: months)
        var report = reportWithTallies()
        if let day { report.days[day.index] = day.counts }
        return (report, schedule)
    }
}

/// The earliest and latest `ts` among a log's valid records, and their line numbers when known.
public struct LogSpan: Sendable, Hashable {
    public var earliest: Int64
    public var earliestLine: Int?
    public var latest: Int64
    public var latestLine: Int?

    /// Calendar months from the earliest record's to the latest's, both included.
    public var months: Int64 { UTCCalendar.monthIndex(of: latest) - UTCCalendar.monthIndex(of: earliest) + 1 }

    /// Spans of more months than this are implausible for a request log (a clock or a field gone wrong):
    /// `tierc simulate` and `diff --replay` warn about them (docs/simulation.md "Long spans").
    public static let plausibleMonths: Int64 = 60
}

/// Every tenant's invoices, computed on demand from the replayed state (docs/simulation.md#the-fine-points 7.19–7.23):
/// what a report writes month by month without holding the months. Memory: the engine's state (tenants × meters) and
/// one total per tenant.
public struct InvoiceSchedule: Sendable {
    let engine: PolicyEngine
    /// The months of the span (month indices of ``UTCCalendar``); nil when the log had no valid record.
    public let months: ClosedRange<Int64>?
    /// Each tenant's invoice totals over the span, summed as ``SimulationReport/humanSummary()`` sums them.
    public let totals: [ExactDecimal]

    init(engine: PolicyEngine, months: ClosedRange<Int64>?) throws(AmountError) {
        self.engine = engine
        self.months = months
        var totals: [ExactDecimal] = []
        for index in engine.tenants.tenants.indices {
            var total = ExactDecimal.zero
            if let months {
                for month in months {
                    // nil: a month outside the tenant's subscription (§7.29), or a tier not in the policy.
                    guard let invoice = try Self.invoice(engine: engine, tenant: index, month: month) else { continue }
                    total = ExactDecimal.adding(total, invoice.total) ?? total
                }
            }
            totals.append(total)
        }
        self.totals = totals
    }

    /// `YYYY-MM` of the first and last month, if any.
    public var monthTexts: (first: String, last: String)? {
        months.map { (UTCCalendar.monthText($0.lowerBound), UTCCalendar.monthText($0.upperBound)) }
    }

    /// Calls `body` with each invoice of a tenant, month by month, computing one at a time; months outside the
    /// tenant's subscription have none (docs/simulation.md, fine point 7.29).
    public func forEachInvoice(ofTenant index: Int, _ body: (SimulationReport.Invoice) throws -> Void) rethrows {
        guard let months else { return }
        for month in months {
            // Computed once already in init without an error: the same state and month give the same result.
            guard let invoice = try? Self.invoice(engine: engine, tenant: index, month: month) else { continue }
            try body(invoice)
        }
    }

    /// Whether the tenant gets invoices: the log had a valid record and the tenant's tier is in the policy.
    public func hasInvoices(ofTenant index: Int) -> Bool {
        months != nil && engine.policy.tier(engine.tenants.tenants[index].tier) != nil
    }

    /// Every invoice of a tenant, in memory.
    public func invoices(ofTenant index: Int) -> [SimulationReport.Invoice] {
        var result: [SimulationReport.Invoice] = []
        forEachInvoice(ofTenant: index) { result.append($0) }
        return result
    }

    /// The invoice of one tenant and month, as the runtime assembles it (``PolicyEngine/invoice(tenant:month:)``);
    /// nil for a tenant whose tier is not in the policy.
    static func invoice(engine: PolicyEngine, tenant index: Int, month: Int64) throws(AmountError) -> SimulationReport.Invoice? {
        try engine.invoice(tenant: index, month: month)
    }
}
