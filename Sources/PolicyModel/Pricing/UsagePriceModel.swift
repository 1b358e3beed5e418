/// A usage price model (docs/pricing-models.md): one form of pricing a meter's usage, with its own parameters.
/// Each is held by a case of ``UsagePrice/Scheme``; every layer that must know a model (YAML, runtime, snapshot,
/// SQL, generated Swift, diff, reports) adds a conformance of its own in its own target, next to its peers.
public protocol UsagePriceModel: Sendable, Hashable {
    /// The model's name in the generated SQL's `scheme` column, the generated Swift's `Scheme` case and the diff:
    /// `flat`, `graduated`, `volume` or `package` (docs/pricing-models.md#the-models).
    static var name: String { get }
    /// The tiers.yaml key that writes this form in a usage price (`price`, `graduated`, `volume`, `package`).
    static var formKey: String { get }
    /// Whether the usage price's `per` applies: false for a form that is never divided by `per` (a package), whose
    /// `per` is always 1.
    static var acceptsPer: Bool { get }
    /// The case of ``UsagePrice/Scheme`` that holds this model.
    var scheme: UsagePrice.Scheme { get }
}
