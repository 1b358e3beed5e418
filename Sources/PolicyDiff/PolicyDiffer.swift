public import PolicyModel
public import PolicyCheck

/// One side of a comparison: the resolved policy and, when it came from YAML, its located document (for tier
/// descriptions, which the resolved policy does not keep, and for locating changes on the file's lines).
public struct DiffSide: Sendable {
    public var policy: Policy
    public var document: PolicyDocument?
    /// Where each value of ``document`` was written (nil without a document).
    public var provenance: PolicyProvenance?
    /// The file's name as shown to the user.
    public var file: String
    /// The tenants on this side's tiers, when a tenants file was given (`--tenants`): a renamed tier that
    /// tenants are on is breaking (their tier no longer exists: 401).
    public var tenants: TenantDirectory?

    /// A side of a comparison. Without `provenance`, a document's is worked out again by its resolver (pass the
    /// ``PolicyCheck/CheckResult/provenance`` of the check that produced the document to save that work).
    public init(policy: Policy, document: PolicyDocument? = nil, provenance: PolicyProvenance? = nil, file: String,
                tenants: TenantDirectory? = nil) {
        self.policy = policy
        self.document = document
        self.provenance = provenance ?? document.map { PolicyChecker.provenance(of: $0, file: file) }
        self.file = file
        self.tenants = tenants
    }
}

/// Compares two resolved policies (after `extends`), not their text, and lists every semantic change with its
/// impact (docs/diff.md). Pure: values in, values out; the same two policies always give the same list.
///
/// Order of the list: the policy's own settings (name, currency, rounding, default meter), identification,
/// meters, features, routes, then the tiers: OLD's tiers in OLD's order (removed, renamed or changed), then the
/// tiers that only NEW has in NEW's order.
public enum PolicyDiffer {
    public static func compare(_ old: DiffSide, _ new: DiffSide) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        changes += policySettings(old.policy, new.policy)
        changes += identification(old.policy.identification, new.policy.identification)
        changes += meters(old.policy, new.policy)
        changes += features(old.policy, new.policy)
        changes += routes(old.policy, new.policy)
        changes += tiers(old, new)
        return changes
    }

    static func policySettings(_ old: Policy, _ new: Policy) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        if old.name != new.name {
            changes.append(PolicyChange(.policyName, kind: .policyNameChanged, impact: .cosmetic, old: old.name, new: new.name,
                                        message: "the policy is renamed from `\(old.name)` to `\(new.name)`"))
        }
        if old.currency != new.currency {
            changes.append(PolicyChange(.currency, kind: .currencyChanged, impact: .breaking, old: old.currency.code,
                                        new: new.currency.code,
                                        message: "invoices change currency from \(old.currency.code) to \(new.currency.code)"))
        }
        if old.rounding != new.rounding {
            let up = new.rounding == .halfUp
            changes.append(PolicyChange(.rounding, kind: .roundingChanged, impact: up ? .breaking : .safe,
                                        old: old.rounding.rawValue, new: new.rounding.rawValue,
                                        message: up ? "invoice ties now round up (`half_up`): some totals rise by one minor unit"
                                            : "invoice ties now round to even (`half_even`): no total rises"))
        }
        if old.defaultMeter != new.defaultMeter {
            changes.append(PolicyChange(.defaultMeter, kind: .defaultMeterChanged, impact: .breaking,
                                        old: old.defaultMeter, new: new.defaultMeter,
                                        message: "requests that no route meters now charge \(quoted(new.defaultMeter)) instead of \(quoted(old.defaultMeter))"))
        }
        return changes
    }

    static func meters(_ old: Policy, _ new: Policy) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        for meter in old.meters {
            guard let other = new.meter(meter.id) else {
                changes.append(PolicyChange(.meter(meter.id, nil), kind: .meterRemoved, impact: .safe, old: meter.kind.rawValue,
                                            new: nil, message: "meter `\(meter.id)` is removed"))
                continue
            }
            if meter.kind != other.kind {
                changes.append(PolicyChange(.meter(meter.id, .kind), kind: .meterKindChanged, impact: .breaking,
                                            old: meter.kind.rawValue, new: other.kind.rawValue,
                                            message: "meter `\(meter.id)` changes from a \(meter.kind.rawValue) to a \(other.kind.rawValue)"))
            }
            if meter.unit != other.unit {
                changes.append(PolicyChange(.meter(meter.id, .unit), kind: .meterUnitChanged, impact: .cosmetic,
                                            old: meter.unit, new: other.unit,
                                            message: "the unit of meter `\(meter.id)` changes from \(quoted(meter.unit)) to \(quoted(other.unit))"))
            }
        }
        for meter in new.meters where old.meter(meter.id) == nil {
            changes.append(PolicyChange(.meter(meter.id, nil), kind: .meterAdded, impact: .safe, old: nil,
                                        new: meter.kind.rawValue, message: "\(meter.kind.rawValue) meter `\(meter.id)` is added"))
        }
        return changes
    }

    static func features(_ old: Policy, _ new: Policy) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        let newFeatures = Dictionary(new.features.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for feature in old.features {
            guard let other = newFeatures[feature.id] else {
                changes.append(PolicyChange(.feature(feature.id, description: false), kind: .featureRemoved, impact: .safe, old: feature.id,
                                            new: nil, message: "feature `\(feature.id)` is no longer declared"))
                continue
            }
            if feature.description != other.description {
                changes.append(PolicyChange(.feature(feature.id, description: true), kind: .featureDescriptionChanged,
                                            impact: .cosmetic, old: feature.description, new: other.description,
                                            message: "the description of feature `\(feature.id)` changes"))
            }
        }
        let oldIDs = Set(old.features.map(\.id))
        for feature in new.features where !oldIDs.contains(feature.id) {
            changes.append(PolicyChange(.feature(feature.id, description: false), kind: .featureAdded, impact: .safe, old: nil,
                                        new: feature.id, message: "feature `\(feature.id)` is declared"))
        }
        return changes
    }

    /// `` `x` `` for a value, `none` for nil.
    static func quoted(_ value: String?) -> String {
        value.map { "`\($0)`" } ?? "none"
    }
}
