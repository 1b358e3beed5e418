/// A checked, resolved policy: what the compiler emits and the runtime decides with. No source locations,
/// no YAML: the runtime depends on this and nothing of the front end.
public struct Policy: Sendable, Hashable, Codable {
    /// The format version (1).
    public var format: Int
    /// The policy's identifier, e.g. `omni-platform`.
    public var name: String
    public var currency: Currency
    public var rounding: Rounding
    /// The counter meter a request uses when no route names one; nil when the policy has no counter meter.
    public var defaultMeter: String?
    public var identification: Identification
    /// Meters in declaration order (invoice lines follow it).
    public var meters: [Meter]
    /// Features in declaration order.
    public var features: [Feature]
    /// Routes in order; the first match wins.
    public var routes: [Route]
    /// Policy-wide usage prices per meter (tiers' effective prices are already resolved into each tier).
    public var usagePrices: [String: UsagePrice]
    /// The tier ladder, cheapest first.
    public var tiers: [Tier]

    public init(
        format: Int = 1, name: String, currency: Currency, rounding: Rounding = .halfUp, defaultMeter: String?,
        identification: Identification, meters: [Meter], features: [Feature], routes: [Route],
        usagePrices: [String: UsagePrice], tiers: [Tier]
    ) {
        self.format = format
        self.name = name
        self.currency = currency
        self.rounding = rounding
        self.defaultMeter = defaultMeter
        self.identification = identification
        self.meters = meters
        self.features = features
        self.routes = routes
        self.usagePrices = usagePrices
        self.tiers = tiers
    }

    public func tier(_ id: String) -> Tier? { tiers.first { $0.id == id } }
    public func meter(_ id: String) -> Meter? { meters.first { $0.id == id } }
}
