/// The registry of usage price models (docs/pricing-models.md#the-registry): ``UsagePrice/Scheme/Kind``, one case
/// per model in documentation order, and the model layer's switches over it. A new model is a new case of the
/// scheme, a new file beside ``UnitPrice``, and a new kind; the switches below, and every layer's switch over the
/// schemes or the kinds, do not compile until it is added there.
extension UsagePrice.Scheme {
    /// The model of a scheme without its parameters: the list every layer walks (forms of tiers.yaml, the JSON
    /// Schema, the tests).
    public enum Kind: Sendable, Hashable, CaseIterable {
        case flat, graduated, volume, package

        /// The model type of this kind.
        public var model: any UsagePriceModel.Type {
            switch self {
            case .flat: UnitPrice.self
            case .graduated: GraduatedPrice.self
            case .volume: VolumePrice.self
            case .package: PackagePrice.self
            }
        }
    }

    /// Every model type, in documentation order (docs/policy-format.md#usage-price-forms-and-minimums).
    public static var models: [any UsagePriceModel.Type] { Kind.allCases.map(\.model) }

    /// The kind of model this scheme holds.
    public var kind: Kind {
        switch self {
        case .flat: .flat
        case .graduated: .graduated
        case .volume: .volume
        case .package: .package
        }
    }

    /// The model this scheme holds, with its parameters.
    public var model: any UsagePriceModel {
        switch self {
        case .flat(let price): UnitPrice(price: price)
        case .graduated(let bands): GraduatedPrice(bands: bands)
        case .volume(let bands): VolumePrice(bands: bands)
        case .package(let size, let price): PackagePrice(size: size, price: price)
        }
    }
}
