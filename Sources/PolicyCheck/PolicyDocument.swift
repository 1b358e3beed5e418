public import PolicySource
public import PolicyModel

/// The policy as written, decoded into typed values that keep the range of every node they came from.
/// Absent or invalid values are nil (their diagnostics are already collected); the resolver works on what is left.
public struct PolicyDocument: Sendable, Hashable {
    public var format: Located<Int>?
    public var name: Located<String>?
    public var currency: Located<Currency>?
    public var rounding: Located<Rounding>?
    public var defaultMeter: Located<String>?
    public var identification: IdentificationDecl
    public var meters: [MeterDecl] = []
    /// Range of the `meters` key (for problems with the meters as a whole).
    public var metersKey: SourceRange?
    public var features: [FeatureDecl] = []
    public var routes: [RouteDecl] = []
    public var usagePrices: [UsagePriceDecl] = []
    public var tiers: [TierDecl] = []
    /// The range of the whole document (for problems that belong nowhere else, like a missing key).
    public var range: SourceRange
    /// Meter, feature and tier names that were declared but rejected (bad identifiers): references to them are
    /// not reported again as undefined.
    public var rejectedNames: Set<String> = []

    public init(range: SourceRange) {
        self.range = range
        self.identification = IdentificationDecl()
    }
}

/// `identification:` as written.
public struct IdentificationDecl: Sendable, Hashable {
    /// The explicit `order`, nil when absent (then the default applies).
    public var order: [Located<IdentificationMethod>]?
    public var apiKeyScheme: Located<String>?
    public var headerNames: [Located<String>]?
    public var baseDomain: Located<String>?
    /// The `base_domain` key, when written (even with an invalid value).
    public var baseDomainKey: SourceRange?
    /// The `subdomain:` key, when written.
    public var subdomainKey: SourceRange?
    public var queryParam: Located<String>?
    public var requireTenant: Located<Bool>?
    public var trustedHeader: Located<Bool>?
    public var range: SourceRange?

    public init() {}
}

/// A meter as written under `meters:`.
public struct MeterDecl: Sendable, Hashable {
    public var id: Located<String>
    public var kind: Located<MeterKind>?
    public var unit: Located<String>?
}

/// A feature as written under `features:`.
public struct FeatureDecl: Sendable, Hashable {
    public var id: Located<String>
    public var description: Located<String>?
}

/// A route as written under `routes:`.
public struct RouteDecl: Sendable, Hashable {
    public var match: Located<String>?
    public var feature: Located<String>?
    public var meter: Located<String>?
    public var cost: Located<Int64>?
    public var range: SourceRange
}

/// A usage price as written, for the policy or a tier.
public struct UsagePriceDecl: Sendable, Hashable {
    public var meter: Located<String>
    /// Nil when the price itself was invalid.
    public var price: UsagePrice?
    public var range: SourceRange
    /// The value of its `free` key, when written.
    public var freeRange: SourceRange?
}

/// A tier's limit on one meter as written.
public struct LimitDecl: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case counter([Located<Window>: Located<Limit>])
        case gauge(Located<GaugeLimit>)
    }

    public var meter: Located<String>
    public var value: Value?
    public var range: SourceRange

    /// The located limit of a window, when this declaration sets it.
    public func limit(_ window: Window) -> Located<Limit>? {
        guard case .counter(let windows)? = value else { return nil }
        return windows.first { $0.key.value == window }?.value
    }
}

/// A tier as written, before `extends` is resolved.
public struct TierDecl: Sendable, Hashable {
    public var id: Located<String>
    public var name: Located<String>?
    public var description: Located<String>?
    public var extends: Located<String>?
    public var price: Located<ExactDecimal>?
    /// The `price` key, when written (even with an invalid value).
    public var priceKey: SourceRange?
    /// The monthly minimum spend, when written and valid.
    public var minimum: Located<ExactDecimal>?
    /// The `minimum` key, when written (even with an invalid value).
    public var minimumKey: SourceRange?
    public var limits: [LimitDecl] = []
    public var features: [Located<String>] = []
    public var usagePrices: [UsagePriceDecl] = []
    /// The range of the tier's value (its mapping).
    public var range: SourceRange
}
