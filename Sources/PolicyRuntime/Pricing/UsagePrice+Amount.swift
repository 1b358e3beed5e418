public import PolicyModel

extension UsagePrice {
    /// The quantity the form prices: max(0, quantity − free), exact (docs/simulation.md, fine point 7.26).
    public func billed(_ quantity: ExactDecimal) throws(AmountError) -> ExactDecimal {
        guard !free.isZero else { return quantity }
        guard let rest = ExactDecimal.adding(quantity, ExactDecimal(significand: -free.significand, scale: free.scale)) else {
            throw .overflow
        }
        return rest.isNegative ? .zero : rest
    }

    /// The exact amount for `quantity` units, rounded once to `minorUnits` decimals with `rule`
    /// (docs/log-format.md#invoices, docs/simulation.md, fine points 7.23 and 7.26–7.28): the form prices
    /// max(0, quantity − free); pro rata `billed / per × price`; graduated bands bill their own units; volume bills
    /// every unit at the price of the first band whose `up_to` ≥ the billed quantity; a package form bills
    /// ceil(billed / size) packages; band flat fees are added undivided by `per`.
    public func amount(for quantity: ExactDecimal, minorUnits: Int, rule: Rounding) throws(AmountError) -> ExactDecimal {
        let quantity = try billed(quantity)
        // The runtime's one switch over the models (docs/pricing-models.md#runtime): each prices its billed units.
        let charge: UsageCharge
        switch scheme {
        case .flat(let price): charge = try UnitPrice(price: price).charge(billed: quantity, per: self.per)
        case .graduated(let bands): charge = try GraduatedPrice(bands: bands).charge(billed: quantity, per: self.per)
        case .volume(let bands): charge = try VolumePrice(bands: bands).charge(billed: quantity, per: self.per)
        case .package(let size, let price): charge = try PackagePrice(size: size, price: price).charge(billed: quantity, per: self.per)
        }
        var total = charge.total
        let flats = charge.flats
        let per = charge.per
        if !flats.isZero {
            // Flat fees are not divided by `per`: add flats × per before the one division and rounding below.
            total = try ExactDecimal.checkedSum(total, try ExactDecimal.checkedProduct(flats, ExactDecimal(significand: Int128(per), scale: 0)))
        }
        // Round total / per to minor units: round(sig × 10^minor / (per × 10^scale)).
        let shift = total.scale - minorUnits
        if shift <= 0 {
            guard let factor = ExactDecimal.powerOfTen(-shift) else { throw .overflow }
            let (numerator, overflow) = total.significand.multipliedReportingOverflow(by: factor)
            guard !overflow, per > 0 else { throw .overflow }
            return ExactDecimal(significand: ExactDecimal.divide(numerator, by: Int128(per), rule: rule), scale: minorUnits)
        }
        // sig / 10^shift = q + f with 0 ≤ f < 1. Rounding q + f over `per` depends on f only through its class
        // (0, below ½, ½, above ½), so f becomes 0, ¼, ½ or ¾: exact, and per × 10^scale never has to fit 128 bits.
        guard let power = ExactDecimal.powerOfTen(shift), per > 0 else { throw .overflow }
        let magnitude = total.significand.magnitude
        let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: UInt128(power))
        let rest = UInt128(power) - remainder
        let quarter: Int128 = remainder == 0 ? 0 : remainder < rest ? 1 : remainder == rest ? 2 : 3
        let (scaled, overflow) = Int128(quotient).multipliedReportingOverflow(by: 4)
        guard !overflow else { throw .overflow }
        let rounded = ExactDecimal.divide(scaled + quarter, by: 4 * Int128(per), rule: rule)
        return ExactDecimal(significand: total.isNegative ? -rounded : rounded, scale: minorUnits)
    }
}
