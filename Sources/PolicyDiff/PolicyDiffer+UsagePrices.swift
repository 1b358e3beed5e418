import PolicyModel
import PolicyCheck

extension PolicyDiffer {
    /// Usage prices of one tier, meter by meter. Two prices compare band by band when they have the same shape
    /// (flat, or a one-band graduated or volume price, count as one band up to `unlimited`; otherwise the same
    /// scheme with the same bounds): the rate of each band is `price / per`. Lower or equal everywhere is a
    /// decrease, higher or equal everywhere an increase, equal everywhere no change at all (the amounts are
    /// pro rata, so `0.01 per 1000` is `0.1 per 10000`). Any other change may cost some quantity more:
    /// `usage-price-changed`, breaking.
    static func usagePrices(_ old: Tier, _ new: Tier, id: String) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        let meters = Set(old.usagePrices.keys).union(new.usagePrices.keys).sorted()
        for meter in meters {
            let path = PolicyPath.tier(id, .usagePrice(meter: meter))
            switch (old.usagePrices[meter], new.usagePrices[meter]) {
            case (nil, let price?):
                changes.append(PolicyChange(path, tier: id, kind: .usagePriceAdded, impact: .breaking, old: nil,
                                            new: describe(price), message: "tier `\(id)` now bills `\(meter)` usage: \(describe(price))"))
            case (let price?, nil):
                changes.append(PolicyChange(path, tier: id, kind: .usagePriceRemoved, impact: .safe, old: describe(price),
                                            new: nil, message: "tier `\(id)` no longer bills `\(meter)` usage"))
            case (let a?, let b?) where a != b:
                let kind: ChangeKind?
                switch compareRates(a, b) {
                case .equal: kind = nil
                case .lower: kind = .usagePriceDecreased
                case .higher: kind = .usagePriceIncreased
                case .incomparable: kind = .usagePriceChanged
                }
                guard let kind else { continue }
                let message = switch kind {
                case .usagePriceDecreased: "tier `\(id)` bills `\(meter)` usage less: \(describe(b)) instead of \(describe(a))"
                case .usagePriceIncreased: "tier `\(id)` bills `\(meter)` usage more: \(describe(b)) instead of \(describe(a))"
                default: "tier `\(id)` bills `\(meter)` usage differently: \(describe(b)) instead of \(describe(a)); some quantities may cost more"
                }
                changes.append(PolicyChange(path, tier: id, kind: kind, impact: kind == .usagePriceDecreased ? .safe : .breaking,
                                            old: describe(a), new: describe(b), message: message))
            default:
                continue
            }
        }
        return changes
    }

    enum RateComparison { case equal, lower, higher, incomparable }

    /// How NEW's price `b` compares with OLD's `a` for every quantity (see ``usagePrices(_:_:id:)``). Pricing v2
    /// (docs/diff.md): a smaller `free`, a higher band flat fee, a higher package price or a smaller package is
    /// higher; the opposite lower; both directions at once incomparable.
    static func compareRates(_ a: UsagePrice, _ b: UsagePrice) -> RateComparison {
        var lower = false
        var higher = false
        // Fewer free units bill more of every quantity.
        if b.free < a.free { higher = true }
        if a.free < b.free { lower = true }
        let modelA = model(a.scheme), modelB = model(b.scheme)
        if let (cheaper, dearer) = ordering(modelA, modelB) {
            if dearer { higher = true }
            if cheaper { lower = true }
            return combine(lower: lower, higher: higher)
        }
        let (shapeA, bandsA) = modelA.rateShape
        let (shapeB, bandsB) = modelB.rateShape
        guard shapeA == shapeB, bandsA.map(\.upTo) == bandsB.map(\.upTo) else { return .incomparable }
        for (x, y) in zip(bandsA, bandsB) {
            if y.flat < x.flat { lower = true }
            if x.flat < y.flat { higher = true }
            // x.price / a.per against y.price / b.per, cross-multiplied to stay exact.
            guard let left = ExactDecimal.multiplying(x.price, ExactDecimal(significand: Int128(b.per), scale: 0)),
                  let right = ExactDecimal.multiplying(y.price, ExactDecimal(significand: Int128(a.per), scale: 0))
            else { return .incomparable }
            if right < left { lower = true }
            if left < right { higher = true }
        }
        return combine(lower: lower, higher: higher)
    }

    private static func combine(lower: Bool, higher: Bool) -> RateComparison {
        switch (lower, higher) {
        case (false, false): return .equal
        case (true, false): return .lower
        case (false, true): return .higher
        case (true, true): return .incomparable
        }
    }

    /// `0.01 per 1000`, or the bands: `graduated per 1: 0.02 up to 1000, 0.01 up to unlimited`; a package
    /// `5 per package of 100`; then `+ 5 flat` after a band with a flat fee and `, 100 free` when units are included.
    static func describe(_ price: UsagePrice) -> String {
        model(price.scheme).describe(per: price.per) + (price.free.isZero ? "" : ", \(price.free) free")
    }

    /// The diff's one switch over the models (docs/pricing-models.md#diff).
    static func model(_ scheme: UsagePrice.Scheme) -> any DiffedUsageModel {
        switch scheme {
        case .flat(let price): UnitPrice(price: price)
        case .graduated(let bands): GraduatedPrice(bands: bands)
        case .volume(let bands): VolumePrice(bands: bands)
        case .package(let size, let price): PackagePrice(size: size, price: price)
        }
    }

    /// The model's own ordering of `b` against `a` when both are the same model and it has one.
    private static func ordering(_ a: any DiffedUsageModel, _ b: any DiffedUsageModel) -> (lower: Bool, higher: Bool)? {
        func open<Model: DiffedUsageModel>(_ a: Model) -> (lower: Bool, higher: Bool)? {
            guard let b = b as? Model else { return nil }
            return a.ordering(against: b)
        }
        return open(a)
    }
}
