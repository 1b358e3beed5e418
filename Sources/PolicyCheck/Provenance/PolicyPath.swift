public import PolicyModel

/// Where a value sits in tiers.yaml, typed (docs/policy-format.md "tiers.yaml, key by key"): the key under which
/// ``PolicyProvenance`` keeps a value's source range, and the path of a `tierc diff` change (docs/diff.md), which
/// every output shows as ``text`` (`tiers.starter.limits.api_calls.hour`), so no caller spells a path as strings.
public enum PolicyPath: Hashable, Sendable, CustomStringConvertible {
    /// `policy`, `currency`, `rounding`, `default_meter`.
    case policyName, currency, rounding, defaultMeter
    /// A key of `identification`, as far as its value (`api_key.scheme`; nil: the block itself).
    case identification(IdentificationKey?)
    /// A meter under `meters`, or one of its keys.
    case meter(String, MeterKey?)
    /// A feature under `features`; `description` is its description key.
    case feature(String, description: Bool)
    /// A route, by its `match`, or one of its other keys.
    case route(match: String, RouteKey?)
    /// A policy-wide usage price under `usage_prices`.
    case usagePrice(meter: String)
    /// A value of a tier, after `extends` (the tier that writes it may be an ancestor).
    case tier(String, TierField)

    /// The keys from the top of tiers.yaml down to the value, e.g. `["tiers", "starter", "limits", "api_calls",
    /// "hour"]`: the only place a path is spelt as strings, from the key enums.
    public var components: [String] {
        switch self {
        case .policyName: [TopLevelKey.policy.rawValue]
        case .currency: [TopLevelKey.currency.rawValue]
        case .rounding: [TopLevelKey.rounding.rawValue]
        case .defaultMeter: [TopLevelKey.defaultMeter.rawValue]
        case .identification(let key):
            [TopLevelKey.identification.rawValue] + (key.map { [$0.rawValue] + ($0.inner.map { [$0.rawValue] } ?? []) } ?? [])
        case .meter(let id, let key): [TopLevelKey.meters.rawValue, id] + (key.map { [$0.rawValue] } ?? [])
        case .feature(let id, let described):
            [TopLevelKey.features.rawValue, id] + (described ? [FeatureKey.description.rawValue] : [])
        case .route(let match, let key): [TopLevelKey.routes.rawValue, match] + (key.map { [$0.rawValue] } ?? [])
        case .usagePrice(let meter): [TopLevelKey.usagePrices.rawValue, meter]
        case .tier(let id, let field): [TopLevelKey.tiers.rawValue, id] + field.components
        }
    }

    /// The path as every output of `tierc diff` writes it: the components joined by dots
    /// (`tiers.starter.limits.api_calls.hour`; docs/diff.md).
    public var text: String { components.joined(separator: ".") }

    public var description: String { text }
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

    /// The keys below `tiers.<id>` (none for the tier's key; a gauge's level is its entry under `limits`).
    public var components: [String] {
        switch self {
        case .key: []
        case .name: [TierKey.name.rawValue]
        case .description: [TierKey.description.rawValue]
        case .price, .priceKey: [TierKey.price.rawValue]
        case .minimum: [TierKey.minimum.rawValue]
        case .limits(let meter), .gauge(let meter): [TierKey.limits.rawValue, meter]
        case .limit(let meter, let window): [TierKey.limits.rawValue, meter, window.rawValue]
        case .feature(let feature): [TierKey.features.rawValue, feature]
        case .usagePrice(let meter): [TierKey.usagePrices.rawValue, meter]
        case .usagePriceFree(let meter): [TierKey.usagePrices.rawValue, meter, UsagePriceKey.free.rawValue]
        }
    }
}
