public import PolicyModel
public import PolicyRuntime

/// Replays log records in file order against a policy and a tenant directory (simulation.md §2, §4, §7) and
/// builds the report. Memory is bounded by tenants × meters × windows with traffic, not by the log length.
public struct Simulator: Sendable {
    public private(set) var engine: PolicyEngine
    private var report: SimulationReport
    private var earliestMonth: Int64?
    private var latestMonth: Int64?
    private let gaugeMeters: Set<String>
    /// The bounds of the month of the last record noted.
    private var monthBounds: (start: Int64, end: Int64) = (0, 0)

    /// The most invalid line numbers kept for the report.
    public static let invalidLineSample = 20

    public init(policy: Policy, tenants: TenantDirectory) {
        engine = PolicyEngine(policy: policy, tenants: tenants)
        report = SimulationReport(policy: policy.name, fingerprint: policy.fingerprint, currency: policy.currency)
        report.tenants = engine.tenants.tenants.map { SimulationReport.TenantSummary(tenant: $0.id, tier: $0.tier) }
        gaugeMeters = Set(policy.meters.filter { $0.kind == .gauge }.map(\.id))
    }

    /// Counts an invalid line (its reason is the caller's to show).
    public mutating func recordInvalid(line: Int) {
        report.records.invalid += 1
        if report.records.invalidLines.count < Self.invalidLineSample { report.records.invalidLines.append(line) }
    }

    /// Replays one valid record. A gauge reading for an unknown tenant or a meter that is not a gauge is
    /// invalid (§1): it is returned as such and counted by the caller.
    public mutating func replay(_ record: LogRecord) -> InvalidLine? {
        switch record {
        case .request(let request, let seconds):
            replay(engine.resolver.resolve(request), at: seconds)
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
        let decision = engine.decide(resolved: request, at: seconds, withRateLimit: false)
        defer { noteMonth(seconds) }
        report.records.requests += 1
        switch decision.status {
        case 200: report.status200 += 1
        case 401: report.status401 += 1
        case 403: report.status403 += 1
        default: report.status429 += 1
        }
        if decision.anonymous { report.anonymous += 1 }
        guard let tenant = decision.tenant else { return decision }
        switch decision.status {
        case 200: report.tenants[tenant].status200 += 1
        case 403: report.tenants[tenant].status403 += 1
        case 429:
            report.tenants[tenant].status429 += 1
            if let window = decision.window { report.tenants[tenant].rejectedByWindow[window, default: 0] += 1 }
            if report.tenants[tenant].first429 == nil { report.tenants[tenant].first429 = seconds }
        default: break
        }
        return decision
    }

    private mutating func noteMonth(_ seconds: Int64) {
        // Consecutive records nearly always share a month: skip the calendar arithmetic then.
        if monthBounds.start <= seconds && seconds < monthBounds.end { return }
        let month = UTCCalendar.monthIndex(of: seconds)
        monthBounds = (UTCCalendar.monthStart(month), UTCCalendar.monthStart(month + 1))
        if earliestMonth.map({ month < $0 }) ?? true { earliestMonth = month }
        if latestMonth.map({ month > $0 }) ?? true { latestMonth = month }
    }

    /// The report with invoices for every tenant and every month of the span (§4, §7.19–§7.23).
    public func finish() throws(AmountError) -> SimulationReport {
        var report = self.report
        guard let first = earliestMonth, let last = latestMonth else { return report }
        for index in engine.tenants.tenants.indices {
            var invoices: [SimulationReport.Invoice] = []
            for month in first...last {
                guard let invoice = try engine.invoice(tenant: index, month: month) else { break }
                invoices.append(invoice)
            }
            report.tenants[index].invoices = invoices
        }
        return report
    }
}
