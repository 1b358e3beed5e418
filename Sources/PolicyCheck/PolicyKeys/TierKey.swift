/// The keys of a tier, in the order the docs list them (docs/policy-format.md#tiers): spelt once here for the
/// decoder, the JSON Schema and the change paths.
public enum TierKey: String, CaseIterable, Sendable {
    case name, description, extends, price, minimum, limits, features
    case usagePrices = "usage_prices"
}
