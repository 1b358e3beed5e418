import PolicySource
import PolicyModel

/// The warnings of `tierc check` (the `warning` codes of docs/diagnostics.md): things that are valid but almost
/// certainly not what the author meant. Run on a policy that resolved without errors.
struct PolicyLints {
    let document: PolicyDocument
    let policy: Policy
    /// Where each resolved value was written: the lints look ranges up here instead of walking `extends`.
    let provenance: PolicyProvenance
    let file: String
    private var diagnostics = DiagnosticCollector()
    /// Each tier's own declaration (for what the tier itself writes).
    let declsByID: [String: TierDecl]

    init(document: PolicyDocument, resolved: ResolvedPolicy, file: String) {
        self.document = document
        self.policy = resolved.policy
        self.provenance = resolved.provenance
        self.file = file
        self.declsByID = Dictionary(document.tiers.map { ($0.id.value, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func run() -> [Diagnostic] {
        var lints = self
        lints.windows()
        lints.prices()
        lints.inheritedPrices()
        lints.ladder()
        lints.identicalTiers()
        lints.features()
        lints.routes()
        lints.identification()
        lints.pricingV2()
        return lints.diagnostics.diagnostics
    }

    mutating func warn(_ code: DiagnosticCode, _ message: String, at range: SourceRange, notes: [DiagnosticNote] = []) {
        diagnostics.warning(code, message, file: file, range: range, notes: notes)
    }

    func note(_ message: String, at range: SourceRange) -> DiagnosticNote {
        DiagnosticNote(message, file: file, range: range)
    }

    /// Where tier `id` itself writes the limit of `meter` in `window` (nil when inherited or absent).
    private func ownLimit(_ id: String, _ meter: String, _ window: Window) -> SourceRange? {
        provenance.origin(tier: id, .limit(meter: meter, window: window)).flatMap { $0.tier == id ? $0.range : nil }
    }

    /// Where the limit that tier `id` has for `meter`/`window` is written: in the tier or the nearest ancestor.
    func limitSource(_ id: String, _ meter: String, _ window: Window) -> (tier: String, range: SourceRange)? {
        provenance.limit(tier: id, meter: meter, window: window).flatMap { origin in origin.tier.map { ($0, origin.range) } }
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
                    let (at, other): (SourceRange, Window)
                    if let own = ownLimit(tier.id, meter.id, short) { (at, other) = (own, long) }
                    else if let own = ownLimit(tier.id, meter.id, long) { (at, other) = (own, short) }
                    else { continue }
                    warn(.windowNeverBinds, "tier `\(tier.id)`: the \(short.rawValue) limit of `\(meter.id)` (\(shortValue)) is above the \(long.rawValue) limit (\(longValue)); the \(short.rawValue) window can never refuse a request",
                         at: at, notes: limitSource(tier.id, meter.id, other).map { [note("the \(other.rawValue) limit is set here", at: $0.range)] } ?? [])
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
                    let (at, other): (SourceRange, Window)
                    if let own = ownLimit(tier.id, meter.id, long) { (at, other) = (own, short) }
                    else if let own = ownLimit(tier.id, meter.id, short) { (at, other) = (own, long) }
                    else { continue }
                    let span = long == .month ? "a 28-day month" : "a \(long.rawValue)"
                    warn(.unreachableLimit, "tier `\(tier.id)`: the \(long.rawValue) limit of `\(meter.id)` (\(longValue)) can never be reached: the \(short.rawValue) limit allows at most \(capacity) in \(span)",
                         at: at, notes: limitSource(tier.id, meter.id, other).map { [note("the \(other.rawValue) limit is set here", at: $0.range)] } ?? [])
                }
            }
        }
    }

    // MARK: - The ladder

    /// `$29`, `49.9 EUR`: a base price as the warnings quote it.
    func money(_ amount: ExactDecimal) -> String {
        policy.currency.code == "USD" ? "$\(amount)" : "\(amount) \(policy.currency.code)"
    }

    /// Where tier `id`'s price is written: its own `price` or the nearest ancestor's.
    func priceSource(_ id: String) -> (tier: String, range: SourceRange)? {
        provenance.origin(tier: id, .price).flatMap { origin in origin.tier.map { ($0, origin.range) } }
    }

    private func tierKey(_ id: String) -> SourceRange { declsByID[id]?.id.range ?? document.range }

    /// File order against price order, said once per tier that is out of place: each tier priced below an
    /// earlier tier is grouped under the priciest earlier tier (the first of them on a tie), and each group is one
    /// `price-inversion` at its first member, so a $499 tier listed first is one warning, not one per tier.
    private mutating func prices() {
        var priciest: Int?
        var groups: [(over: Int, members: [Int])] = []
        var groupOf: [Int: Int] = [:]
        for (i, tier) in policy.tiers.enumerated() {
            if let p = priciest, tier.price < policy.tiers[p].price {
                if let g = groupOf[p] { groups[g].members.append(i) } else {
                    groupOf[p] = groups.count
                    groups.append((p, [i]))
                }
            }
            if priciest.map({ policy.tiers[$0].price < tier.price }) ?? true { priciest = i }
        }
        for group in groups {
            let over = policy.tiers[group.over]
            let first = policy.tiers[group.members[0]]
            let listed = group.members.map { "`\(policy.tiers[$0].id)` (\(money(policy.tiers[$0].price)))" }
            let list = listed.count == 1 ? listed[0] : listed.dropLast().joined(separator: ", ") + " and " + listed[listed.count - 1]
            let at = priceSource(first.id).map { $0.tier == first.id ? $0.range : tierKey(first.id) } ?? tierKey(first.id)
            warn(.priceInversion, "`\(over.id)` (\(money(over.price))) is listed before \(list), which cost\(listed.count == 1 ? "s" : "") less; "
                 + "the tiers are the ladder, cheapest first: move `\(over.id)` below \(listed.count == 1 ? "it" : "them"), or correct the price\(listed.count == 1 ? "" : "s")",
                 at: at, notes: priceSource(over.id).map { [note("`\(over.id)` is priced here", at: $0.range)] } ?? [])
        }
    }

    /// A tier that changes limits or features through `extends` but keeps its parent's price.
    private mutating func inheritedPrices() {
        let byID = Dictionary(policy.tiers.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for tier in policy.tiers {
            guard let decl = declsByID[tier.id], decl.priceKey == nil, let parentID = decl.extends?.value,
                  let parent = byID[parentID] else { continue }
            var changed: [String] = []
            if Self.normalised(tier.limits) != Self.normalised(parent.limits) { changed.append("limits") }
            if tier.features != parent.features { changed.append("features") }
            guard !changed.isEmpty, let source = priceSource(tier.id) else { continue }
            warn(.inheritedPrice, "tier `\(tier.id)` changes the \(changed.joined(separator: " and ")) of `\(parentID)` but inherits its price (\(money(tier.price))) through `extends`; "
                 + "give it its own `price` (write `price: \(tier.price)` if the same price is meant)",
                 at: decl.id.range, notes: [note("the inherited price is set here, in `\(source.tier)`", at: source.range)])
        }
    }

    /// Each tier is compared with the nearest earlier tier, not pricier than itself, that grants more: per meter
    /// (the windows where that tier allows more, in one warning) and for features (the ones it grants that this
    /// tier lacks, in one warning). What a tier inherits unchanged from a parent already warned about it is not
    /// warned again. A tier is thus warned at most once per meter and once for features, whatever the number of
    /// tiers, and each step down the ladder is still reported somewhere. Running maxima skip the backward scan
    /// for the tiers that give at least as much as everything before them (the usual case).
    private mutating func ladder() {
        let tiers = policy.tiers
        let index = Dictionary(tiers.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let featureSets = tiers.map { Set($0.features) }
        var reportedFeatures = [Set<String>](repeating: [], count: tiers.count)
        var reportedLimits = [[String: Set<Window>]](repeating: [:], count: tiers.count)
        var maxCounter: [String: [Window: Limit]] = [:]
        var maxGauge: [String: GaugeLimit] = [:]
        var grantedSoFar: Set<String> = []
        let declaredFeatures = policy.features.map(\.id)

        for (i, tier) in tiers.enumerated() {
            let parent = tier.parent.flatMap { index[$0] }
            func comparable(_ j: Int) -> Bool { !(tier.price < tiers[j].price) }
            func relation(_ j: Int) -> String { tiers[j].price < tier.price ? "the cheaper tier" : "the equally priced earlier tier" }

            for meter in policy.meters {
                switch meter.kind {
                case .counter:
                    let mine = Dictionary(uniqueKeysWithValues: Window.checkOrder.map { ($0, tier.limit(meter: meter.id, window: $0)) })
                    let maxima = maxCounter[meter.id] ?? [:]
                    if Window.checkOrder.contains(where: { w in maxima[w].map { mine[w]! < $0 } ?? false }),
                       let j = (0..<i).reversed().first(where: { j in comparable(j) && Window.checkOrder.contains { mine[$0]! < tiers[j].limit(meter: meter.id, window: $0) } }) {
                        var windows: [Window] = []
                        for window in Window.checkOrder where mine[window]! < tiers[j].limit(meter: meter.id, window: window) {
                            // Inherited unchanged from a parent already warned about this window: not again.
                            if let p = parent, limitSource(tier.id, meter.id, window)?.tier != tier.id,
                               reportedLimits[p][meter.id]?.contains(window) == true {
                                reportedLimits[i][meter.id, default: []].insert(window)
                                continue
                            }
                            windows.append(window)
                        }
                        if !windows.isEmpty {
                            reportedLimits[i][meter.id, default: []].formUnion(windows)
                            let other = tiers[j]
                            let at = windows.compactMap { ownLimit(tier.id, meter.id, $0) }.first ?? tierKey(tier.id)
                            let mineText = windows.map { "\(mine[$0]!) per \($0.rawValue)" }.joined(separator: ", ")
                            let theirs = windows.map { "\(other.limit(meter: meter.id, window: $0)) per \($0.rawValue)" }.joined(separator: ", ")
                            warn(.ladderInversion, "tier `\(tier.id)` allows `\(meter.id)` \(mineText), less than \(relation(j)) `\(other.id)` (\(theirs))",
                                 at: at, notes: limitSource(other.id, meter.id, windows[0]).map {
                                     [note("`\(other.id)` sets \(other.limit(meter: meter.id, window: windows[0])) per \(windows[0].rawValue) here", at: $0.range)]
                                 } ?? [])
                        }
                    }
                    for window in Window.checkOrder where maxima[window].map({ $0 < mine[window]! }) ?? true {
                        maxCounter[meter.id, default: [:]][window] = mine[window]!
                    }
                case .gauge:
                    let mine = tier.gaugeLimit(meter: meter.id)
                    if let best = maxGauge[meter.id], Self.less(mine, best),
                       let j = (0..<i).reversed().first(where: { comparable($0) && Self.less(mine, tiers[$0].gaugeLimit(meter: meter.id)) }) {
                        if let p = parent, limitSource(tier.id, meter.id, .month)?.tier != tier.id,
                           reportedLimits[p][meter.id]?.contains(.month) == true {
                            reportedLimits[i][meter.id, default: []].insert(.month)
                        } else {
                            reportedLimits[i][meter.id, default: []].insert(.month)
                            let other = tiers[j]
                            let at = limitSource(tier.id, meter.id, .month).map { $0.tier == tier.id ? $0.range : tierKey(tier.id) } ?? tierKey(tier.id)
                            warn(.ladderInversion, "tier `\(tier.id)` allows `\(meter.id)` up to \(mine), less than \(relation(j)) `\(other.id)` (\(other.gaugeLimit(meter: meter.id)))",
                                 at: at, notes: limitSource(other.id, meter.id, .month).map { [note("`\(other.id)` sets \(other.gaugeLimit(meter: meter.id)) here", at: $0.range)] } ?? [])
                        }
                    }
                    if maxGauge[meter.id].map({ Self.less($0, mine) }) ?? true { maxGauge[meter.id] = mine }
                }
            }

            let mine = featureSets[i]
            if !grantedSoFar.isSubset(of: mine),
               let j = (0..<i).reversed().first(where: { comparable($0) && !featureSets[$0].isSubset(of: mine) }) {
                var missing: [String] = []
                for feature in declaredFeatures where featureSets[j].contains(feature) && !mine.contains(feature) {
                    if let p = parent, reportedFeatures[p].contains(feature) {
                        reportedFeatures[i].insert(feature)
                        continue
                    }
                    missing.append(feature)
                }
                if !missing.isEmpty {
                    reportedFeatures[i].formUnion(missing)
                    let shown = missing.prefix(8).map { "`\($0)`" }.joined(separator: ", ") + (missing.count > 8 ? " and \(missing.count - 8) more" : "")
                    warn(.ladderInversion, "tier `\(tier.id)` lacks \(missing.count == 1 ? "feature" : "features") \(shown), which \(relation(j)) `\(tiers[j].id)` grants",
                         at: tierKey(tier.id), notes: [note("`\(tiers[j].id)` is declared here", at: tierKey(tiers[j].id))])
                }
            }
            grantedSoFar.formUnion(mine)
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

    /// `header` or `query` identification, at any position of `order` (written or the default): the tenant id comes
    /// from the request without proof, so a request with no key (or a key `api_key` does not know) can claim any
    /// tenant. `header` is accepted when the policy declares `trusted_header: true` (a gateway sets the header and
    /// strips client copies); nothing makes `query` trusted.
    private mutating func identification() {
        let decl = document.identification
        let resolved = policy.identification
        let trusted = resolved.trustedHeader
        var notes: [DiagnosticNote] = []
        if let require = decl.requireTenant, require.value {
            notes.append(note("`require_tenant` is true, yet a claimed tenant id satisfies it", at: require.range))
        }
        guard let order = decl.order else {
            // The default order applies: it enables `header` and `query`.
            let unsafe = resolved.order.filter { $0 == .query || ($0 == .header && !trusted) }
            guard !unsafe.isEmpty else { return }
            let names = unsafe.map { "`\($0.rawValue)`" }.joined(separator: " and ")
            let written = resolved.order.map(\.rawValue).joined(separator: ", ")
            warn(.unauthenticatedIdentification, "no `identification.order` is written, so the default [\(written)] applies: \(names) identification take\(unsafe.count == 1 ? "s" : "") the tenant id from the request without authentication, and anyone can claim to be another tenant; write e.g. `order: [api_key]`"
                 + (trusted || !resolved.order.contains(.header) ? "" : ", or declare `trusted_header: true` if a trusted gateway sets the header and strips client copies"),
                 at: decl.range ?? document.range.atStart, notes: notes)
            return
        }
        var afterKey = false
        for method in order {
            // With `api_key` earlier in the order, a request with a valid key is not at risk; one without a key is.
            let who = afterKey ? "a request with no API key and" : "any request with"
            if method.value == .apiKey { afterKey = true }
            switch method.value {
            case .header where !trusted:
                let header = resolved.headerNames.first ?? "X-Tenant-ID"
                warn(.unauthenticatedIdentification, "`header` identification takes the tenant id from a request header without authentication: \(who) `\(header): <another tenant>` is served as that tenant; remove `header` from `order`, or declare `trusted_header: true` if a trusted gateway sets this header and strips the copies clients send",
                     at: method.range, notes: notes)
            case .query:
                warn(.unauthenticatedIdentification, "`query` identification takes the tenant id from the URL without authentication: \(who) `?\(resolved.queryParam)=<another tenant>` is served as that tenant; remove `query` from `order` (no gateway declaration makes a query parameter trusted)",
                     at: method.range, notes: notes)
            case .header, .apiKey, .subdomain:
                continue
            }
        }
    }
}
