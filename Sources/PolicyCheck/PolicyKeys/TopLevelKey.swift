/// The keys of the top level of tiers.yaml, in the order the docs list them (docs/policy-format.md): spelt once
/// here for the decoder, the JSON Schema, `--set` and the change paths.
public enum TopLevelKey: String, CaseIterable, Sendable {
    case format, policy, currency, rounding
    case defaultMeter = "default_meter"
    case identification, meters, features, routes
    case usagePrices = "usage_prices"
    case tiers
}
