/// An upper bound of a price band: inclusive `up_to`, or `unlimited` for the last band.
public enum BandBound: Sendable, Hashable, Codable, CustomStringConvertible {
    case upTo(ExactDecimal)
    case unlimited

    public var description: String {
        switch self {
        case .upTo(let value): value.description
        case .unlimited: "unlimited"
        }
    }
}
