import PolicyModel

/// Graduated bands bill their own units; the flat fee of band 1 always, and of every band the billed quantity
/// passes into (docs/simulation.md, fine point 7.28).
extension GraduatedPrice: PricedUsageModel {
    func charge(billed quantity: ExactDecimal, per: Int64) throws(AmountError) -> UsageCharge {
        var total = ExactDecimal.zero
        var flats = ExactDecimal.zero
        var lower = ExactDecimal.zero
        for (index, band) in bands.enumerated() {
            guard index == 0 || lower < quantity else { break }
            flats = try .checkedSum(flats, band.flat)
            guard lower < quantity else { break }
            let upper: ExactDecimal
            switch band.upTo {
            case .upTo(let bound): upper = bound < quantity ? bound : quantity
            case .unlimited: upper = quantity
            }
            if lower < upper {
                guard let units = ExactDecimal.adding(upper, ExactDecimal(significand: -lower.significand, scale: lower.scale)) else {
                    throw .overflow
                }
                total = try .checkedSum(total, try .checkedProduct(units, band.price))
            }
            if case .upTo(let bound) = band.upTo { lower = bound } else { break }
        }
        return UsageCharge(total: total, flats: flats, per: per)
    }
}
