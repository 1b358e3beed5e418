import PolicySource
import PolicyModel

/// Checks the cross-references of a decoded policy (meters, features, tiers, windows, `extends`) and resolves
/// it into a ``Policy``: inheritance applied, defaults filled in. Returns nil when anything it needs is missing
/// or wrong (the diagnostics say what).
struct PolicyResolver: NodeDecoding {
    let document: PolicyDocument
    let file: String
    var diagnostics = DiagnosticCollector()
    var misspelt: [String: SourceRange] = [:]

    init(document: PolicyDocument, file: String) {
        self.document = document
        self.file = file
    }

    /// Where each resolved value came from (docs/policy-format.md#inheritance-with-extends): filled in as
    /// `resolve` applies `extends`, for every tier whose chain resolved, even when the policy has errors.
    var provenance = PolicyProvenance()

    /// The policy and where each of its values came from; nil policy when anything it needs is missing or wrong.
    mutating func resolved() -> ResolvedPolicy? {
        resolve().map { ResolvedPolicy(policy: $0, provenance: provenance) }
    }

    /// The steps, in the order their diagnostics are found: the default meter, identification, routes, the
    /// policy-wide usage prices, the tiers' references and `extends` graph, then each tier.
    mutating func resolve() -> Policy? {
        let names = DeclaredNames(document)
        let defaultMeter = resolveDefaultMeter(names)
        let identification = resolveIdentification()
        let routes = resolveRoutes(names, defaultMeter: defaultMeter)
        let policyPrices = resolvePolicyPrices(names)
        let tiersByID = Dictionary(document.tiers.map { ($0.id.value, $0) }, uniquingKeysWith: { first, _ in first })
        checkTierReferences(names, tiersByID)
        let cyclic = reportCycles(tiersByID)
        let tiers = resolveTiers(tiersByID, excluding: cyclic, policyPrices: policyPrices, featureOrder: names.features)

        guard !diagnostics.hasErrors,
              let name = document.name, let currency = document.currency, document.format != nil,
              tiers.count == document.tiers.count, !tiers.isEmpty, !document.meters.isEmpty,
              document.meters.allSatisfy({ $0.kind != nil }) else { return nil }
        return Policy(
            format: 1, name: name.value, currency: currency.value, rounding: document.rounding?.value ?? .halfUp,
            defaultMeter: defaultMeter, identification: identification,
            meters: document.meters.compactMap { decl in decl.kind.map { Meter(id: decl.id.value, kind: $0.value, unit: decl.unit?.value) } },
            features: document.features.map { Feature(id: $0.id.value, description: $0.description?.value) },
            routes: routes, usagePrices: policyPrices, tiers: tiers)
    }

    /// The names the document declares, for checking references. (Duplicated keys of one mapping were reported
    /// by the YAML reader: identical tier or meter ids cannot occur.)
    struct DeclaredNames {
        let meters: [String]
        let features: [String]
        let tiers: [String]
        var kinds: [String: MeterKind] = [:]
        let counters: [String]

        init(_ document: PolicyDocument) {
            meters = document.meters.map(\.id.value)
            features = document.features.map(\.id.value)
            tiers = document.tiers.map(\.id.value)
            for meter in document.meters { if let kind = meter.kind { kinds[meter.id.value] = kind.value } }
            counters = document.meters.filter { $0.kind?.value == .counter }.map(\.id.value)
        }
    }

    // MARK: - Default meter, routes, policy-wide prices

    private mutating func resolveDefaultMeter(_ names: DeclaredNames) -> String? {
        let counters = names.counters
        if let named = document.defaultMeter {
            if referenceMeter(named, meterIDs: names.meters, what: "`default_meter`") {
                if names.kinds[named.value] == .gauge {
                    error(.meterKindMismatch, "`default_meter` must be a counter, but `\(named.value)` is a gauge"
                          + (counters.isEmpty ? "" : "; counters: \(Correction.list(counters))"), at: named.range)
                } else {
                    return named.value
                }
            }
        } else if counters.count == 1 {
            return counters[0]
        } else if counters.count > 1 {
            error(.missingDefaultMeter, "several counter meters (\(Correction.list(counters))) and no `default_meter`; add `default_meter: \(counters[0])` to say which one a request uses when no route names one",
                  at: document.metersKey ?? document.range)
        }
        return nil
    }

    private mutating func resolveRoutes(_ names: DeclaredNames, defaultMeter: String?) -> [Route] {
        var routes: [Route] = []
        for decl in document.routes {
            guard let match = decl.match else { continue }
            var route = Route(match: match.value, cost: decl.cost?.value ?? 1)
            if let feature = decl.feature, referenceFeature(feature, featureIDs: names.features) { route.feature = feature.value }
            if let meter = decl.meter {
                if referenceMeter(meter, meterIDs: names.meters, what: "the route's `meter`") {
                    if names.kinds[meter.value] == .gauge {
                        error(.meterKindMismatch, "a route charges a counter meter, but `\(meter.value)` is a gauge; gauges are reported as readings, not per request",
                              at: meter.range)
                    }
                    route.meter = meter.value
                }
            } else {
                route.meter = defaultMeter
            }
            routes.append(route)
        }
        return routes
    }

    private mutating func resolvePolicyPrices(_ names: DeclaredNames) -> [String: UsagePrice] {
        var policyPrices: [String: UsagePrice] = [:]
        for decl in document.usagePrices {
            if referenceMeter(decl.meter, meterIDs: names.meters, what: "a usage price"), let price = decl.price {
                policyPrices[decl.meter.value] = price
                provenance.values[.usagePrice(meter: decl.meter.value)] = ValueOrigin(range: decl.range, tier: nil)
            }
        }
        return policyPrices
    }

    // MARK: - References

    mutating func referenceMeter(_ name: Located<String>, meterIDs: [String], what: String) -> Bool {
        guard !meterIDs.contains(name.value) else { return true }
        guard !document.rejectedNames.contains(name.value) else { return false }
        let correction = Correction(name.value, in: meterIDs)
        error(.undefinedMeter, "\(what) names meter `\(name.value)`, which `meters` does not declare"
              + correction.phrase(otherwise: meterIDs.isEmpty ? "" : "; meters: " + Correction.list(meterIDs)),
              at: name.range, fixIts: correction.fixIts(replacing: name.range))
        return false
    }

    mutating func referenceFeature(_ name: Located<String>, featureIDs: [String]) -> Bool {
        guard !featureIDs.contains(name.value) else { return true }
        guard !document.rejectedNames.contains(name.value) else { return false }
        let correction = Correction(name.value, in: featureIDs)
        error(.undefinedFeature, "feature `\(name.value)` is not declared under `features`"
              + correction.phrase(otherwise: featureIDs.isEmpty ? "; declare it: `features: { \(name.value): {} }`"
                                                                : "; features: " + Correction.list(featureIDs)),
              at: name.range, fixIts: correction.fixIts(replacing: name.range))
        return false
    }

    // MARK: - Identification

    private mutating func resolveIdentification() -> Identification {
        let decl = document.identification
        let order = decl.order?.map(\.value) ?? Identification.defaultOrder(hasBaseDomain: decl.baseDomain != nil)
        if decl.baseDomainKey == nil {
            if let entry = decl.order?.first(where: { $0.value == .subdomain }) {
                error(.missingBaseDomain, "subdomain identification needs `base_domain`; add `subdomain: { base_domain: example.com }` under `identification`",
                      at: entry.range, notes: decl.subdomainKey.map { [note("`subdomain` is configured here", at: $0)] } ?? [])
            } else if let key = decl.subdomainKey, decl.order == nil {
                error(.missingBaseDomain, "`subdomain` identification is configured without `base_domain`; add `base_domain: example.com`",
                      at: key)
            }
        }
        return Identification(
            order: order, apiKeyScheme: decl.apiKeyScheme?.value ?? Identification.defaultScheme,
            headerNames: decl.headerNames?.map(\.value) ?? Identification.defaultHeaderNames,
            baseDomain: decl.baseDomain?.value, queryParam: decl.queryParam?.value ?? Identification.defaultQueryParam,
            requireTenant: decl.requireTenant?.value ?? false, trustedHeader: decl.trustedHeader?.value ?? false)
    }
}

extension ExactDecimal {
    /// A sentinel for "no price set anywhere in the chain" during resolution (never escapes the resolver).
    static let missingPrice = ExactDecimal(significand: -1, scale: 0)
}
