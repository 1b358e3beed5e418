/// The keys of a usage price, in documentation order (docs/pricing-models.md#yaml): the order of the JSON Schema's
/// properties, and of the forms when two are written. Every model's form key is here (`price`, `graduated`,
/// `volume`, `package`); spelt once for the decoder, the JSON Schema and the change paths.
public enum UsagePriceKey: String, CaseIterable, Hashable, Sendable {
    case per, price, free, package, graduated, volume
}
