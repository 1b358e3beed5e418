/// What a meter measures: a `counter` accumulates the cost of allowed requests; a `gauge` is a level that
/// tenants report (storage), billed on the month's highest reading.
public enum MeterKind: String, Sendable, Hashable, CaseIterable, Codable {
    case counter
    case gauge
}

/// A declared meter, e.g. `api_calls: { kind: counter, unit: call }`.
public struct Meter: Sendable, Hashable, Codable {
    public var id: String
    public var kind: MeterKind
    public var unit: String?

    public init(id: String, kind: MeterKind, unit: String? = nil) {
        self.id = id
        self.kind = kind
        self.unit = unit
    }
}

/// A declared feature flag, e.g. `ai_intelligence: { description: AI prediction endpoints }`.
public struct Feature: Sendable, Hashable, Codable {
    public var id: String
    public var description: String?

    public init(id: String, description: String? = nil) {
        self.id = id
        self.description = description
    }
}

/// A route rule: the first whose glob `match` matches the request path decides feature, meter and cost.
public struct Route: Sendable, Hashable, Codable {
    public var match: String
    public var feature: String?
    /// The counter meter it charges, already defaulted to the policy's default meter (nil: unmetered).
    public var meter: String?
    public var cost: Int64

    public init(match: String, feature: String? = nil, meter: String? = nil, cost: Int64 = 1) {
        self.match = match
        self.feature = feature
        self.meter = meter
        self.cost = cost
    }
}
