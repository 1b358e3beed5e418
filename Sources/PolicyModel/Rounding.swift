/// How an invoice line is rounded to the currency's minor units. Ties are the only difference:
/// `half_up` rounds 0.005 to 0.01 (away from zero), `half_even` to 0.00 (to the even neighbour).
public enum Rounding: String, Sendable, Hashable, CaseIterable, Codable {
    case halfUp = "half_up"
    case halfEven = "half_even"
}
