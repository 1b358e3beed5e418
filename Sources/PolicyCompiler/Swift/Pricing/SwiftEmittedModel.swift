import PolicyModel

/// A usage price model in the generated Policy.swift (docs/pricing-models.md#generated-swift,
/// docs/generated-swift.md): its case of the generated `UsagePrice.Scheme`, its branch of the generated
/// `Invoice.Procedure.amount` (the same procedure as the runtime's ``UsagePriceModel`` pricing, step for step), and
/// its value. No defaults: ``UsagePrice/Scheme/Kind/swift`` and ``SwiftTranslator/schemeExpression(_:place:)``,
/// this layer's switches over the models, do not compile until a new one is here.
protocol SwiftEmittedModel: UsagePriceModel {
    /// The case of the generated `UsagePrice.Scheme`, with its doc comment; amounts are in `currency`.
    static func schemeCase(currency: String) -> SwiftDeclaration
    /// The generated `amount`'s `case` for this model, indented as printed: from `quantity` (after `free`) it sets
    /// `total` (Σ units × price), `flats` (band flat fees) and, when not divided by `per`, `per = 1`.
    static var amountCase: String { get }
    /// The generated `scheme:` argument of the tier's `UsagePrice(...)`, and whether that call spans several lines.
    func schemeExpression(_ translator: inout SwiftTranslator, place: String) -> (SwiftExpression, multiline: Bool)
}

extension UsagePrice.Scheme.Kind {
    /// The generated Swift side of this kind's model: one of this layer's switches over the models.
    var swift: any SwiftEmittedModel.Type {
        switch self {
        case .flat: UnitPrice.self
        case .graduated: GraduatedPrice.self
        case .volume: VolumePrice.self
        case .package: PackagePrice.self
        }
    }
}

extension SwiftTranslator {
    /// The generated value of a usage price's scheme: the other of this layer's switches over the models.
    mutating func schemeExpression(_ scheme: UsagePrice.Scheme, place: String) -> (SwiftExpression, multiline: Bool) {
        switch scheme {
        case .flat(let price): UnitPrice(price: price).schemeExpression(&self, place: place)
        case .graduated(let bands): GraduatedPrice(bands: bands).schemeExpression(&self, place: place)
        case .volume(let bands): VolumePrice(bands: bands).schemeExpression(&self, place: place)
        case .package(let size, let price): PackagePrice(size: size, price: price).schemeExpression(&self, place: place)
        }
    }

    /// The generated `Invoice.Procedure.amount`: its fixed text around one `case` per model, in registry order.
    static func amountProcedure(prefix: String, suffix: String) -> String {
        ([prefix] + UsagePrice.Scheme.Kind.allCases.map { kind in kind.swift.amountCase } + [suffix]).joined(separator: "\n")
    }
}
