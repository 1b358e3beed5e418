import PolicyModel

/// Volume bills every unit at the price of the first band whose `up_to` is at or above the billed quantity, plus
/// that band's flat fee (docs/simulation.md, fine point 7.28).
extension VolumePrice: PricedUsageModel {
    func charge(billed quantity: ExactDecimal, per: Int64) throws(AmountError) -> UsageCharge {
        let band = bands.first { band in
            if case .upTo(let bound) = band.upTo { return !(bound < quantity) }
            return true
        } ?? bands.last
        guard let band else { return UsageCharge(total: .zero, per: per) }
        return UsageCharge(total: try .checkedProduct(quantity, band.price), flats: band.flat, per: per)
    }
}
