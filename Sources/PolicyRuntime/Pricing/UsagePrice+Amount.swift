public import PolicyModel

/// Why an amount could not be computed exactly.
public enum AmountError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The exact intermediate value does not fit 128 bits (quantities beyond ~10^20 at fine prices).
    case overflow

    public var description: String { "the amount is too large to compute exactly" }
}

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
        // Σ units × price, exact, and the flat fees of the bands reached.
        var total = ExactDecimal.zero
        var flats = ExactDecimal.zero
        var per = self.per
        switch scheme {
        case .flat(let price):
            total = try Self.product(quantity, price)
        case .graduated(let bands):
            var lower = ExactDecimal.zero
            for (index, band) in bands.enumerated() {
                guard index == 0 || lower < quantity else { break }
                flats = try Self.sum(flats, band.flat)
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
                    total = try Self.sum(total, try Self.product(units, band.price))
                }
                if case .upTo(let bound) = band.upTo { lower = bound } else { break }
            }
        case .volume(let bands):
            let band = bands.first { band in
                if case .upTo(let bound) = band.upTo { return !(bound < quantity) }
                return true
            } ?? bands.last
            if let band {
                total = try Self.product(quantity, band.price)
                flats = band.flat
            }
        case .package(let size, let price):
            guard size > 0, let unit = ExactDecimal.powerOfTen(quantity.scale) else { throw .overflow }
            let (divisor, overflow) = Int128(size).multipliedReportingOverflow(by: unit)
            guard !overflow else { throw .overflow }
            let (packages, remainder) = quantity.significand.quotientAndRemainder(dividingBy: divisor)
            total = try Self.product(ExactDecimal(significand: packages + (remainder > 0 ? 1 : 0), scale: 0), price)
            per = 1
        }
        if !flats.isZero {
            // Flat fees are not divided by `per`: add flats × per before the one division and rounding below.
            total = try Self.sum(total, try Self.product(flats, ExactDecimal(significand: Int128(per), scale: 0)))
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

    private static func sum(_ a: ExactDecimal, _ b: ExactDecimal) throws(AmountError) -> ExactDecimal {
        guard let value = ExactDecimal.adding(a, b) else { throw .overflow }
        return value
    }

    private static func product(_ a: ExactDecimal, _ b: ExactDecimal) throws(AmountError) -> ExactDecimal {
        guard let value = ExactDecimal.multiplying(a, b) else { throw .overflow }
        return value
    }
}
