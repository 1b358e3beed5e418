public import PolicyModel
import PolicySource

/// For every value a resolved tier has, and every policy-wide usage price, where it came from: kept by the
/// resolver as it applies `extends`, so the lints, `tierc diff`'s locator and the differ look a range up instead
/// of walking `extends` again (docs/policy-format.md#inheritance-with-extends). Values that nothing inherits
/// (`policy`, `meters`, `routes`, ...) are where ``PolicyDocument`` has them. Lives beside
/// ``PolicyModel/Policy``, which stays free of source ranges.
public struct PolicyProvenance: Sendable, Hashable {
    /// Per tier id, the origin of each of its values (only tiers whose whole chain resolved).
    var tiers: [String: TierOrigins] = [:]
    /// The policy-wide usage prices (``PolicyPath/usagePrice(meter:)``).
    var values: [PolicyPath: ValueOrigin] = [:]

    public init() {}

    /// Where the value at `path` was written; nil when nothing writes it (a default, or an unlimited window).
    public subscript(path: PolicyPath) -> ValueOrigin? {
        if case .tier(let id, let field) = path { return origin(tier: id, field) }
        return values[path]
    }

    /// Where tier `id`'s `field` was written.
    public func origin(tier id: String, _ field: TierField) -> ValueOrigin? {
        tiers[id]?[field]
    }

    /// Where tier `id`'s limit on `meter` in `window` was written: the window's own value for a counter, the
    /// level for a gauge.
    public func limit(tier id: String, meter: String, window: Window) -> ValueOrigin? {
        guard let meter = tiers[id]?.meters[meter] else { return nil }
        return meter.windows[window] ?? meter.gauge
    }
}

