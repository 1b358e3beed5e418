import PolicyModel

/// A package form bills ceil(billed / size) packages, a started one in full, and is never divided by `per`
/// (docs/simulation.md, fine point 7.27).
extension PackagePrice: PricedUsageModel {
    func charge(billed quantity: ExactDecimal, per: Int64) throws(AmountError) -> UsageCharge {
        guard size > 0, let unit = ExactDecimal.powerOfTen(quantity.scale) else { throw .overflow }
        let (divisor, overflow) = Int128(size).multipliedReportingOverflow(by: unit)
        guard !overflow else { throw .overflow }
        let (packages, remainder) = quantity.significand.quotientAndRemainder(dividingBy: divisor)
        let count = ExactDecimal(significand: packages + (remainder > 0 ? 1 : 0), scale: 0)
        return UsageCharge(total: try .checkedProduct(count, price), per: 1)
    }
}
