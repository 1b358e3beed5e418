/// The limits a tier sets on one meter.
public enum MeterLimit: Sendable, Hashable, Codable {
    /// A counter's limit per window; a window that is absent is not checked (unlimited).
    case counter([Window: Limit])
    /// A gauge's highest allowed level.
    case gauge(GaugeLimit)
}

/// A gauge's highest allowed level: a decimal number of units, or `unlimited`.
public enum GaugeLimit: Sendable, Hashable, Codable, CustomStringConvertible {
    case level(ExactDecimal)
    case unlimited

    public var description: String {
        switch self {
        case .level(let value): value.description
        case .unlimited: "unlimited"
        }
    }
}

/// A tier after `extends` is resolved: everything it has, inherited or its own.
public struct Tier: Sendable, Hashable, Codable {
    public var id: String
    /// Display name (default: the id).
    public var name: String
    /// The tier it extends, if any (informational once resolved).
    public var parent: String?
    /// Base price per calendar month, in the policy's currency.
    public var price: ExactDecimal
    /// Limits per meter id.
    public var limits: [String: MeterLimit]
    /// Granted features, in the order the policy declares them.
    public var features: [String]
    /// Effective usage prices per meter id (policy-wide, then each tier of the chain, root to leaf).
    public var usagePrices: [String: UsagePrice]
    /// The monthly minimum spend, inherited and replaced like `price`; nil when the chain sets none
    /// (docs/simulation.md, fine point 7.30).
    public var minimum: ExactDecimal?

    public init(
        id: String, name: String, parent: String? = nil, price: ExactDecimal, limits: [String: MeterLimit] = [:],
        features: [String] = [], usagePrices: [String: UsagePrice] = [:], minimum: ExactDecimal? = nil
    ) {
        self.minimum = minimum
        self.id = id
        self.name = name
        self.parent = parent
        self.price = price
        self.limits = limits
        self.features = features
        self.usagePrices = usagePrices
    }

    /// The limit of a counter meter in a window (`.unlimited` when the tier sets none).
    public func limit(meter: String, window: Window) -> Limit {
        if case .counter(let windows)? = limits[meter], let limit = windows[window] { return limit }
        return .unlimited
    }

    /// The gauge limit of a meter (`.unlimited` when the tier sets none).
    public func gaugeLimit(meter: String) -> GaugeLimit {
        if case .gauge(let limit)? = limits[meter] { return limit }
        return .unlimited
    }
}
