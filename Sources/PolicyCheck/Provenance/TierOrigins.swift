import PolicyModel

/// The origins of one tier's values (docs/policy-format.md#inheritance-with-extends), as plain fields and small
/// per-meter tables rather than one table keyed by ``TierField``: the resolver copies its parent's on every tier
/// of a chain, and this shape keeps that copy and its hashing cheap (BENCHMARKS.md, check at scale).
struct TierOrigins: Sendable, Hashable {
    /// The origins of one meter's limit.
    struct MeterOrigins: Sendable, Hashable {
        /// The meter's entry under `limits`.
        var entry: ValueOrigin?
        /// A gauge's level.
        var gauge: ValueOrigin?
        /// A counter's windows.
        var windows: [Window: ValueOrigin] = [:]
    }

    /// The origins of one usage price.
    struct PriceOrigins: Sendable, Hashable {
        var price: ValueOrigin
        var free: ValueOrigin?
    }

    var key: ValueOrigin?
    var name: ValueOrigin?
    var description: ValueOrigin?
    var price: ValueOrigin?
    var priceKey: ValueOrigin?
    var minimum: ValueOrigin?
    var meters: [String: MeterOrigins] = [:]
    var usagePrices: [String: PriceOrigins] = [:]
    /// Per feature granted, where it is listed.
    var features: [String: ValueOrigin] = [:]

    subscript(field: TierField) -> ValueOrigin? {
        switch field {
        case .key: key
        case .name: name
        case .description: description
        case .price: price
        case .priceKey: priceKey
        case .minimum: minimum
        case .limits(let meter): meters[meter]?.entry
        case .limit(let meter, let window): meters[meter]?.windows[window]
        case .gauge(let meter): meters[meter]?.gauge
        case .feature(let feature): features[feature]
        case .usagePrice(let meter): usagePrices[meter]?.price
        case .usagePriceFree(let meter): usagePrices[meter]?.free
        }
    }
}
