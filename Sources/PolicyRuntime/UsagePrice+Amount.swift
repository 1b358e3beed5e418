public import PolicyModel

/// Why an amount could not be computed exactly.
public enum AmountError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The exact intermediate value does not fit 128 bits (quantities beyond ~10^20 at fine prices).
    case overflow

    public var description: String { "the amount is too large to compute exactly" }
}

extension UsagePrice {
    /// The exact amount for `quantity` units, rounded once to `minorUnits` decimals with `rule`
    /// (simulation.md §4 and §7.23): pro rata `quantity / per × price`; graduated bands bill their own units;
    /// volume bills every unit at the price of the first band whose `up_to` ≥ the quantity.
    public func amount(for quantity: ExactDecimal, minorUnits: Int, rule: Rounding) throws(AmountError) -> ExactDecimal {
        // Σ units × price, exact.
        var total = ExactDecimal.zero
        switch scheme {
        case .flat(let price):
            total = try Self.product(quantity, price)
        case .graduated(let bands):
            var lower = ExactDecimal.zero
            for band in bands {
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
                    guard let sum = ExactDecimal.adding(total, try Self.product(units, band.price)) else { throw .overflow }
                    total = sum
                }
                if case .upTo(let bound) = band.upTo { lower = bound } else { break }
            }
        case .volume(let bands):
            let band = bands.first { band in
                if case .upTo(let bound) = band.upTo { return !(bound < quantity) }
                return true
            } ?? bands.last
            if let band { total = try Self.product(quantity, band.price) }
        }
        // Round total / per to minor units: round(sig × 10^minor / (per × 10^scale)).
        guard let factor = ExactDecimal.powerOfTen(minorUnits), let scaleFactor = ExactDecimal.powerOfTen(total.scale) else {
            throw .overflow
        }
        let (numerator, o1) = total.significand.multipliedReportingOverflow(by: factor)
        let (denominator, o2) = Int128(per).multipliedReportingOverflow(by: scaleFactor)
        guard !o1, !o2, denominator > 0 else { throw .overflow }
        return ExactDecimal(significand: ExactDecimal.divide(numerator, by: denominator, rule: rule), scale: minorUnits)
    }

    private static func product(_ a: ExactDecimal, _ b: ExactDecimal) throws(AmountError) -> ExactDecimal {
        guard let value = ExactDecimal.multiplying(a, b) else { throw .overflow }
        return value
    }
}
