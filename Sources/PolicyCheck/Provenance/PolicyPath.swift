public import PolicyModel

/// Where a value sits in tiers.yaml, typed (docs/policy-format.md "tiers.yaml, key by key"): the key under which
/// ``PolicyProvenance`` keeps a value's source range, and the typed form of a `tierc diff` change path
/// (`tiers.starter.limits.api_calls.hour`), so no caller spells the path as loose strings.
public enum PolicyPath: Hashable, Sendable {
    /// `policy`, `currency`, `rounding`, `default_meter`.
    case policyName, currency, rounding, defaultMeter
    /// A key of `identification` (nil: the block itself, or a key the path does not name).
    case identification(IdentificationField?)
    /// A meter under `meters`, or one of its keys.
    case meter(String, MeterField?)
    /// A feature under `features`; `description` is its description key.
    case feature(String, description: Bool)
    /// A route, by its `match`, or one of its keys.
    case route(match: String, RouteField?)
    /// A policy-wide usage price under `usage_prices`.
    case usagePrice(meter: String)
    /// A value of a tier, after `extends` (the tier that writes it may be an ancestor).
    case tier(String, TierField)

    /// The typed form of a path given as components from the top of tiers.yaml (the `tierc diff` change paths);
    /// nil when the components name nothing that has a place of its own.
    public init?(components path: [String]) {
        guard let head = path.first else { return nil }
        let rest = Array(path.dropFirst())
        switch TopLevelKey(rawValue: head) {
        case .policy: self = .policyName
        case .currency: self = .currency
        case .rounding: self = .rounding
        case .defaultMeter: self = .defaultMeter
        case .identification: self = .identification(rest.first.flatMap(IdentificationField.init(rawValue:)))
        case .meters:
            guard let id = rest.first else { return nil }
            self = .meter(id, rest.dropFirst().first.flatMap(MeterField.init(rawValue:)))
        case .features:
            guard let id = rest.first else { return nil }
            self = .feature(id, description: rest.count > 1)
        case .routes:
            guard let match = rest.first else { return nil }
            self = .route(match: match, rest.dropFirst().first.flatMap(RouteField.init(rawValue:)))
        case .usagePrices:
            guard let meter = rest.first else { return nil }
            self = .usagePrice(meter: meter)
        case .tiers:
            guard let id = rest.first else { return nil }
            self = .tier(id, TierField(components: Array(rest.dropFirst())))
        case .format, nil:
            return nil
        }
    }
}

/// The keys of the top level of tiers.yaml, in the order the docs list them (docs/policy-format.md).
public enum TopLevelKey: String, CaseIterable, Sendable {
    case format, policy, currency, rounding
    case defaultMeter = "default_meter"
    case identification, meters, features, routes
    case usagePrices = "usage_prices"
    case tiers
}

/// The keys of a tier, in the order the docs list them (docs/policy-format.md#tiers).
public enum TierKey: String, CaseIterable, Sendable {
    case name, description, extends, price, minimum, limits, features
    case usagePrices = "usage_prices"
}

/// The keys of `identification` a change path names (docs/policy-format.md#identification).
public enum IdentificationField: String, Hashable, Sendable {
    case order
    case apiKey = "api_key"
    case header, subdomain, query
    case requireTenant = "require_tenant"
    case trustedHeader = "trusted_header"
}

/// The keys of a meter (docs/policy-format.md#meters).
public enum MeterField: String, Hashable, Sendable {
    case kind, unit
}

/// The keys of a route a change path names (docs/policy-format.md#routes).
public enum RouteField: String, Hashable, Sendable {
    case feature, meter, cost
}

/// A value of one tier (docs/policy-format.md#tiers), as resolved through `extends`.
public enum TierField: Hashable, Sendable {
    /// The tier's own key (its id): where the tier is declared.
    case key
    case name, description, price, minimum
    /// The `price` key as written, valid or not.
    case priceKey
    /// The meter's entry under `limits` (its key and value).
    case limits(meter: String)
    /// A counter meter's limit in one window.
    case limit(meter: String, window: Window)
    /// A gauge meter's level.
    case gauge(meter: String)
    /// A feature the tier grants, where it is listed.
    case feature(String)
    /// The tier's usage price of a meter (its own, an ancestor's or the policy-wide one).
    case usagePrice(meter: String)
    /// The `free` key of that usage price, when written.
    case usagePriceFree(meter: String)

    /// The field named by the components after `tiers.<id>`; a path that names no field of its own is the
    /// tier's key.
    init(components path: [String]) {
        switch path.first.flatMap(TierKey.init(rawValue:)) {
        case .name: self = .name
        case .description: self = .description
        case .price: self = .price
        case .minimum: self = .minimum
        case .limits where path.count > 2:
            if let window = Window(rawValue: path[2]) { self = .limit(meter: path[1], window: window) } else { self = .limits(meter: path[1]) }
        case .limits where path.count == 2: self = .limits(meter: path[1])
        case .features where path.count > 1: self = .feature(path[1])
        case .usagePrices where path.count > 1: self = .usagePrice(meter: path[1])
        default: self = .key
        }
    }
}
