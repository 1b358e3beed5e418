/// Why an amount could not be computed exactly.
public enum AmountError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The exact intermediate value does not fit 128 bits (quantities beyond ~10^20 at fine prices).
    case overflow

    public var description: String { "the amount is too large to compute exactly" }
}
