import PolicySource
import PolicyModel

/// The warnings of policy-format.md "What `tierc check` must report": things that are valid but almost
/// certainly not what the author meant. Run on a policy that resolved without errors.
struct PolicyLints {
    let document: PolicyDocument
    let policy: Policy
    let file: String
    private var diagnostics: [Diagnostic] = []
    private let declsByID: [String: TierDecl]

    init(document: PolicyDocument, policy: Policy, file: String) {
        self.document = document
        self.policy = policy
        self.file = file
        self.declsByID = Dictionary(document.tiers.map { ($0.id.value, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func run() -> [Diagnostic] {
        var lints = self
        lints.windows()
        lints.ladder()
        lints.identicalTiers()
        lints.features()
        lints.routes()
        lints.identification()
        return lints.diagnostics
    }

    private mutating func warn(_ code: DiagnosticCode, _ message: String, at range: SourceRange, notes: [DiagnosticNote] = []) {
        diagnostics.append(Diagnostic(.warning, code, message, file: file, range: range, notes: notes))
    }

    private func note(_ message: String, at range: SourceRange) -> DiagnosticNote {
        DiagnosticNote(message, file: file, range: range)
    }

    /// Where tier `id` itself writes the limit of `meter` in `window` (nil when inherited or absent).
    private func ownLimit(_ id: String, _ meter: String, _ window: Window) -> Located<Limit>? {
        declsByID[id]?.limits.last { $0.meter.value == meter }?.limit(window)
    }

    /// Where the limit that tier `id` has for `meter`/`window` is written: in the tier or the nearest ancestor.
    private func limitSource(_ id: String, _ meter: String, _ window: Window) -> (tier: String, range: SourceRange)? {
        var cursor: String? = id
        var seen: Set<String> = []
        while let current = cursor, seen.insert(current).inserted, let decl = declsByID[current] {
            if let own = decl.limits.last(where: { $0.meter.value == meter }) {
                if let limit = own.limit(window) { return (current, limit.range) }
                if case .gauge(let level)? = own.value { return (current, level.range) }
            }
            cursor = decl.extends?.value
        }
        return nil
    }

    // MARK: - Windows of one tier

    private mutating func windows() {
        for tier in policy.tiers {
            for meter in policy.meters where meter.kind == .counter {
                guard case .counter(let limits)? = tier.limits[meter.id] else { continue }
                func value(_ window: Window) -> Int64? {
                    if case .limited(let v)? = limits[window] { return v }
                    return nil
                }
                // A shorter window above a longer one never refuses first.
                for short in Window.allCases {
                    guard let shortValue = value(short) else { continue }
                    let tighter = Window.allCases.filter { $0 > short }.compactMap { long in value(long).map { (long, $0) } }
                        .filter { $0.1 < shortValue }.min { $0.1 < $1.1 }
                    guard let (long, longValue) = tighter else { continue }
                    // Warn where this tier writes one of the two limits; the note shows where the other is set.
                    let (at, other): (Located<Limit>, Window)
                    if let own = ownLimit(tier.id, meter.id, short) { (at, other) = (own, long) }
                    else if let own = ownLimit(tier.id, meter.id, long) { (at, other) = (own, short) }
                    else { continue }
                    warn(.windowNeverBinds, "tier `\(tier.id)`: the \(short.rawValue) limit of `\(meter.id)` (\(shortValue)) is above the \(long.rawValue) limit (\(longValue)); the \(short.rawValue) window can never refuse a request",
                         at: at.range, notes: limitSource(tier.id, meter.id, other).map { [note("the \(other.rawValue) limit is set here", at: $0.range)] } ?? [])
                }
                // A longer window that the shorter ones cap below its limit.
                for long in Window.allCases {
                    guard let longValue = value(long) else { continue }
                    let caps = Window.allCases.filter { $0 < long }.compactMap { short -> (Window, Int64)? in
                        guard let shortValue = value(short) else { return nil }
                        let (capacity, overflow) = shortValue.multipliedReportingOverflow(by: Int64(long.minimumSeconds / short.minimumSeconds))
                        return overflow ? nil : (short, capacity)
                    }.filter { $0.1 < longValue }.min { $0.1 < $1.1 }
                    guard let (short, capacity) = caps else { continue }
                    let (at, other): (Located<Limit>, Window)
                    if let own = ownLimit(tier.id, meter.id, long) { (at, other) = (own, short) }
                    else if let own = ownLimit(tier.id, meter.id, short) { (at, other) = (own, long) }
                    else { continue }
                    let span = long == .month ? "a 28-day month" : "a \(long.rawValue)"
                    warn(.unreachableLimit, "tier `\(tier.id)`: the \(long.rawValue) limit of `\(meter.id)` (\(longValue)) can never be reached: the \(short.rawValue) limit allows at most \(capacity) in \(span)",
                         at: at.range, notes: limitSource(tier.id, meter.id, other).map { [note("the \(other.rawValue) limit is set here", at: $0.range)] } ?? [])
                }
            }
        }
    }

    // MARK: - The ladder

    private mutating func ladder() {
        // Running maxima over the cheaper tiers keep this linear in the number of tiers.
        var bestCounter: [String: [Window: (limit: Limit, tier: String)]] = [:]
        var bestGauge: [String: (limit: GaugeLimit, tier: String)] = [:]
        var firstGrant: [String: String] = [:]
        for (j, tier) in policy.tiers.enumerated() {
            let tierKey = declsByID[tier.id]?.id.range ?? document.range
            for meter in policy.meters {
                switch meter.kind {
                case .counter:
                    for window in Window.checkOrder {
                        let mine = tier.limit(meter: meter.id, window: window)
                        if j > 0, let best = bestCounter[meter.id]?[window], mine < best.limit {
                            let at = limitSource(tier.id, meter.id, window).map { $0.tier == tier.id ? $0.range : tierKey } ?? tierKey
                            warn(.ladderInversion, "tier `\(tier.id)` allows \(mine) `\(meter.id)` per \(window.rawValue), less than the cheaper tier `\(best.tier)` (\(best.limit))",
                                 at: at, notes: limitSource(best.tier, meter.id, window).map { [note("`\(best.tier)` sets \(best.limit) here", at: $0.range)] } ?? [])
                        }
                        if bestCounter[meter.id]?[window].map({ $0.limit < mine }) ?? true {
                            bestCounter[meter.id, default: [:]][window] = (mine, tier.id)
                        }
                    }
                case .gauge:
                    let mine = tier.gaugeLimit(meter: meter.id)
                    if j > 0, let best = bestGauge[meter.id], Self.less(mine, best.limit) {
                        let at = limitSource(tier.id, meter.id, .month).map { $0.tier == tier.id ? $0.range : tierKey } ?? tierKey
                        warn(.ladderInversion, "tier `\(tier.id)` allows `\(meter.id)` up to \(mine), less than the cheaper tier `\(best.tier)` (\(best.limit))",
                             at: at, notes: limitSource(best.tier, meter.id, .month).map { [note("`\(best.tier)` sets \(best.limit) here", at: $0.range)] } ?? [])
                    }
                    if bestGauge[meter.id].map({ Self.less($0.limit, mine) }) ?? true { bestGauge[meter.id] = (mine, tier.id) }
                }
            }
            for feature in policy.features.map(\.id) {
                if tier.features.contains(feature) {
                    if firstGrant[feature] == nil { firstGrant[feature] = tier.id }
                } else if let other = firstGrant[feature] {
                    warn(.ladderInversion, "tier `\(tier.id)` lacks feature `\(feature)`, which the cheaper tier `\(other)` grants",
                         at: tierKey, notes: declsByID[other].map { [note("`\(other)` is declared here", at: $0.id.range)] } ?? [])
                }
            }
        }
    }

    private static func less(_ a: GaugeLimit, _ b: GaugeLimit) -> Bool {
        switch (a, b) {
        case (.level(let x), .level(let y)): x < y
        case (.level, .unlimited): true
        case (.unlimited, _): false
        }
    }

    // MARK: - Identical tiers

    private mutating func identicalTiers() {
        var seen: [Offer: String] = [:]
        for tier in policy.tiers {
            let offer = Offer(tier)
            guard let twin = seen[offer] else {
                seen[offer] = tier.id
                continue
            }
            let at = declsByID[tier.id]?.id.range ?? document.range
            warn(.identicalTiers, "tiers `\(twin)` and `\(tier.id)` have identical limits, features and prices; merge them or make them differ",
                 at: at, notes: declsByID[twin].map { [note("`\(twin)` is declared here", at: $0.id.range)] } ?? [])
        }
    }

    /// What a tenant gets and pays: equal offers make two tiers indistinguishable.
    private struct Offer: Hashable {
        var price: ExactDecimal
        var features: [String]
        var usagePrices: [String: UsagePrice]
        var limits: [String: MeterLimit]

        init(_ tier: Tier) {
            price = tier.price
            features = tier.features
            usagePrices = tier.usagePrices
            limits = PolicyLints.normalised(tier.limits)
        }
    }

    fileprivate static func normalised(_ limits: [String: MeterLimit]) -> [String: MeterLimit] {
        var result: [String: MeterLimit] = [:]
        for (meter, limit) in limits {
            switch limit {
            case .counter(let windows):
                let kept = windows.filter { $0.value != .unlimited }
                if !kept.isEmpty { result[meter] = .counter(kept) }
            case .gauge(.unlimited):
                break
            case .gauge:
                result[meter] = limit
            }
        }
        return result
    }

    // MARK: - Features and routes

    private mutating func features() {
        let granted = Set(policy.tiers.flatMap(\.features))
        for feature in document.features where !granted.contains(feature.id.value) {
            warn(.unusedFeature, "no tier grants feature `\(feature.id.value)`; add it to a tier's `features` or remove it",
                 at: feature.id.range)
        }
    }

    private mutating func routes() {
        let granted = Set(policy.tiers.flatMap(\.features))
        var earlier: [(RouteGlob, SourceRange)] = []
        for decl in document.routes {
            if let feature = decl.feature, !granted.contains(feature.value) {
                warn(.routeFeatureUngranted, "this route requires feature `\(feature.value)`, which no tier grants: every tenant gets 403 here",
                     at: feature.range)
            }
            guard let match = decl.match else { continue }
            let glob = RouteGlob(match.value)
            if let (shadow, range) = earlier.first(where: { $0.0.covers(glob) }) {
                warn(.shadowedRoute, "route `\(match.value)` never applies: the earlier route `\(shadow.pattern)` matches every path it matches",
                     at: match.range, notes: [note("the earlier route is here; move the more specific route above it", at: range)])
            }
            earlier.append((glob, match.range))
        }
    }

    // MARK: - Identification

    private mutating func identification() {
        let decl = document.identification
        guard decl.requireTenant?.value == true, let order = decl.order else { return }
        var sawAPIKey = false
        for method in order {
            switch method.value {
            case .apiKey: sawAPIKey = true
            case .header, .query:
                guard !sawAPIKey else { continue }
                let source = method.value == .header ? "a header" : "the query string"
                warn(.unauthenticatedIdentification, "`\(method.value.rawValue)` identification takes the tenant id from \(source) without authentication, yet `require_tenant` is true: anyone can claim to be another tenant; put `api_key` before it",
                     at: method.range, notes: decl.requireTenant.map { [note("`require_tenant` is set here", at: $0.range)] } ?? [])
            case .subdomain: continue
            }
        }
    }
}
