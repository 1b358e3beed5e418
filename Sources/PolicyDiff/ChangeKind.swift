/// A stable identifier of a kind of change, e.g. `limit-cut`; documented in docs/diff.md. Codes are never reused.
public struct ChangeKind: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: ChangeKind, rhs: ChangeKind) -> Bool { lhs.rawValue < rhs.rawValue }

    // Tiers.
    public static let tierAdded: ChangeKind = "tier-added"
    public static let tierRemoved: ChangeKind = "tier-removed"
    public static let tierRenamed: ChangeKind = "tier-renamed"
    public static let tierNameChanged: ChangeKind = "tier-name-changed"
    public static let tierDescriptionChanged: ChangeKind = "tier-description-changed"
    public static let priceIncreased: ChangeKind = "price-increased"
    public static let priceDecreased: ChangeKind = "price-decreased"
    public static let usagePriceAdded: ChangeKind = "usage-price-added"
    public static let usagePriceRemoved: ChangeKind = "usage-price-removed"
    public static let usagePriceIncreased: ChangeKind = "usage-price-increased"
    public static let usagePriceDecreased: ChangeKind = "usage-price-decreased"
    public static let usagePriceChanged: ChangeKind = "usage-price-changed"
    public static let minimumIncreased: ChangeKind = "minimum-increased"
    public static let minimumDecreased: ChangeKind = "minimum-decreased"
    public static let limitRaised: ChangeKind = "limit-raised"
    public static let limitCut: ChangeKind = "limit-cut"
    public static let limitMadeUnlimited: ChangeKind = "limit-made-unlimited"
    public static let limitMadeLimited: ChangeKind = "limit-made-limited"
    public static let featureGranted: ChangeKind = "feature-granted"
    public static let featureWithdrawn: ChangeKind = "feature-withdrawn"
    // Declarations.
    public static let meterAdded: ChangeKind = "meter-added"
    public static let meterRemoved: ChangeKind = "meter-removed"
    public static let meterKindChanged: ChangeKind = "meter-kind-changed"
    public static let meterUnitChanged: ChangeKind = "meter-unit-changed"
    public static let featureAdded: ChangeKind = "feature-added"
    public static let featureRemoved: ChangeKind = "feature-removed"
    public static let featureDescriptionChanged: ChangeKind = "feature-description-changed"
    public static let defaultMeterChanged: ChangeKind = "default-meter-changed"
    // Routes.
    public static let routeAdded: ChangeKind = "route-added"
    public static let routeRemoved: ChangeKind = "route-removed"
    public static let routeReordered: ChangeKind = "route-reordered"
    public static let routeFeatureChanged: ChangeKind = "route-feature-changed"
    public static let routeMeterChanged: ChangeKind = "route-meter-changed"
    public static let routeCostIncreased: ChangeKind = "route-cost-increased"
    public static let routeCostDecreased: ChangeKind = "route-cost-decreased"
    // Identification.
    public static let identificationOrderChanged: ChangeKind = "identification-order-changed"
    public static let identificationSchemeChanged: ChangeKind = "identification-scheme-changed"
    public static let identificationHeadersChanged: ChangeKind = "identification-headers-changed"
    public static let identificationBaseDomainChanged: ChangeKind = "identification-base-domain-changed"
    public static let identificationQueryParamChanged: ChangeKind = "identification-query-param-changed"
    public static let requireTenantChanged: ChangeKind = "require-tenant-changed"
    public static let trustedHeaderChanged: ChangeKind = "trusted-header-changed"
    // Money and the policy itself.
    public static let currencyChanged: ChangeKind = "currency-changed"
    public static let roundingChanged: ChangeKind = "rounding-changed"
    public static let policyNameChanged: ChangeKind = "policy-name-changed"
}

/// One kind of change with a one-line summary, for `--help`, SARIF rules and docs/diff.md.
public struct ChangeKindInfo: Sendable, Hashable {
    public var kind: ChangeKind
    public var summary: String

    public init(_ kind: ChangeKind, _ summary: String) {
        self.kind = kind
        self.summary = summary
    }
}

/// Every kind of change `tierc diff` reports, in the order docs/diff.md lists them.
public enum ChangeCatalog {
    public static let all: [ChangeKindInfo] = [
        .init(.tierAdded, "A tier that only NEW has (safe)."),
        .init(.tierRemoved, "A tier that only OLD has: its tenants lose it (breaking)."),
        .init(.tierRenamed, "A tier whose id changed while its prices, limits and features stayed identical (safe; breaking when the tenants file given with `--tenants` still puts tenants on the old id: they get 401)."),
        .init(.tierNameChanged, "A tier's display name changed (cosmetic)."),
        .init(.tierDescriptionChanged, "A tier's description changed (cosmetic)."),
        .init(.priceIncreased, "A tier's monthly base price went up (breaking)."),
        .init(.priceDecreased, "A tier's monthly base price went down (safe)."),
        .init(.usagePriceAdded, "A meter's usage is now billed in a tier (breaking)."),
        .init(.usagePriceRemoved, "A meter's usage is no longer billed in a tier (safe)."),
        .init(.usagePriceIncreased, "A usage price is higher or equal for every quantity, and higher for some (breaking)."),
        .init(.usagePriceDecreased, "A usage price is lower or equal for every quantity, and lower for some (safe)."),
        .init(.usagePriceChanged, "A usage price whose scheme, bands or block size changed so that some quantities may cost more (breaking)."),
        .init(.minimumIncreased, "A tier's monthly minimum went up, or a tier got one (breaking)."),
        .init(.minimumDecreased, "A tier's monthly minimum went down, or was removed (safe)."),
        .init(.limitRaised, "A limit went up (safe)."),
        .init(.limitCut, "A limit went down (breaking)."),
        .init(.limitMadeUnlimited, "A limited meter or window became unlimited (safe)."),
        .init(.limitMadeLimited, "An unlimited meter or window got a limit (breaking)."),
        .init(.featureGranted, "A tier gained a feature (safe)."),
        .init(.featureWithdrawn, "A tier lost a feature (breaking)."),
        .init(.meterAdded, "A meter was declared (safe; its limits and prices appear per tier)."),
        .init(.meterRemoved, "A meter was removed (safe; its limits and prices appear per tier)."),
        .init(.meterKindChanged, "A meter changed between counter and gauge (breaking)."),
        .init(.meterUnitChanged, "A meter's unit changed (cosmetic)."),
        .init(.featureAdded, "A feature was declared (safe; grants appear per tier)."),
        .init(.featureRemoved, "A feature was removed from the declarations (safe; withdrawals appear per tier)."),
        .init(.featureDescriptionChanged, "A feature's description changed (cosmetic)."),
        .init(.defaultMeterChanged, "Requests that no route meters charge another meter (breaking)."),
        .init(.routeAdded, "A route was added; breaking when it gates paths by a feature or costs more than 1."),
        .init(.routeRemoved, "A route was removed; breaking when it made paths free (cost 0)."),
        .init(.routeReordered, "Two routes kept by both policies swapped order, so another may match first (breaking)."),
        .init(.routeFeatureChanged, "A route is gated by another feature, or newly gated (breaking); ungated (safe)."),
        .init(.routeMeterChanged, "A route charges another meter (breaking)."),
        .init(.routeCostIncreased, "A route costs more per request (breaking)."),
        .init(.routeCostDecreased, "A route costs less per request (safe)."),
        .init(.identificationOrderChanged, "Identification methods removed or reordered (breaking); only added (safe)."),
        .init(.identificationSchemeChanged, "The Authorization scheme of API keys changed (breaking)."),
        .init(.identificationHeadersChanged, "Tenant header names removed or reordered (breaking); only added (safe)."),
        .init(.identificationBaseDomainChanged, "The base domain of subdomain identification changed (breaking)."),
        .init(.identificationQueryParamChanged, "The query parameter naming the tenant changed (breaking)."),
        .init(.requireTenantChanged, "Anonymous requests are now refused (breaking) or now allowed (safe)."),
        .init(.trustedHeaderChanged, "`identification.trusted_header` changed: the tenant header is (no longer) declared set by a trusted gateway (safe: no decision changes)."),
        .init(.currencyChanged, "Invoices are in another currency (breaking)."),
        .init(.roundingChanged, "Ties now round up (`half_even` to `half_up`, breaking) or to even (safe)."),
        .init(.policyNameChanged, "The policy's name changed (cosmetic)."),
    ]

    public static func info(_ kind: ChangeKind) -> ChangeKindInfo? { all.first { $0.kind == kind } }
}
