/// The canonical binary encoding of a resolved policy: the bytes its fingerprint hashes and the body of the
/// compiled snapshot. It depends only on the policy's meaning: ordered collections (meters, features, routes,
/// tiers, bands, identification order, header names) keep their order; maps are written sorted by key.
/// Integers are little-endian and fixed-width; text is UTF-8 with a 32-bit length; a decimal is its 128-bit
/// significand and an 8-bit scale. docs/snapshot-format.md describes the layout.
extension Policy {
    public func canonicalBytes() -> [UInt8] {
        var w = CanonicalWriter()
        w.u32(UInt32(format))
        w.string(name)
        w.string(currency.code)
        w.u8(UInt8(currency.minorUnits))
        w.u8(rounding == .halfUp ? 0 : 1)
        w.optionalString(defaultMeter)
        // Identification.
        w.u32(UInt32(identification.order.count))
        for method in identification.order { w.u8(UInt8(IdentificationMethod.allCases.firstIndex(of: method)!)) }
        w.string(identification.apiKeyScheme)
        w.u32(UInt32(identification.headerNames.count))
        for header in identification.headerNames { w.string(header) }
        w.optionalString(identification.baseDomain)
        w.string(identification.queryParam)
        w.u8(identification.requireTenant ? 1 : 0)
        // Meters, features, routes.
        w.u32(UInt32(meters.count))
        for meter in meters {
            w.string(meter.id)
            w.u8(meter.kind == .counter ? 0 : 1)
            w.optionalString(meter.unit)
        }
        w.u32(UInt32(features.count))
        for feature in features {
            w.string(feature.id)
            w.optionalString(feature.description)
        }
        w.u32(UInt32(routes.count))
        for route in routes {
            w.string(route.match)
            w.optionalString(route.feature)
            w.optionalString(route.meter)
            w.i64(route.cost)
        }
        w.usagePrices(usagePrices)
        // Tiers, in ladder order.
        w.u32(UInt32(tiers.count))
        for tier in tiers {
            w.string(tier.id)
            w.string(tier.name)
            w.optionalString(tier.parent)
            w.decimal(tier.price)
            w.optionalDecimal(tier.minimum)
            w.u32(UInt32(tier.limits.count))
            for meter in tier.limits.keys.sorted() {
                w.string(meter)
                switch tier.limits[meter]! {
                case .counter(let windows):
                    w.u8(0)
                    w.u8(UInt8(windows.count))
                    for window in Window.allCases {
                        guard let limit = windows[window] else { continue }
                        w.u8(UInt8(Window.allCases.firstIndex(of: window)!))
                        w.limit(limit)
                    }
                case .gauge(let limit):
                    w.u8(1)
                    switch limit {
                    case .level(let value):
                        w.u8(0)
                        w.decimal(value)
                    case .unlimited:
                        w.u8(1)
                    }
                }
            }
            w.u32(UInt32(tier.features.count))
            for feature in tier.features { w.string(feature) }
            w.usagePrices(tier.usagePrices)
        }
        return w.bytes
    }
}

/// Appends fixed-width little-endian values to a byte array.
public struct CanonicalWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func u8(_ value: UInt8) { bytes.append(value) }

    public mutating func u16(_ value: UInt16) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func u32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func i64(_ value: Int64) { u64(UInt64(bitPattern: value)) }

    /// Appends bytes as they are (digests, signatures, an already encoded section).
    public mutating func raw(_ data: some Sequence<UInt8>) { bytes.append(contentsOf: data) }

    public mutating func string(_ text: String) {
        u32(UInt32(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func optionalString(_ text: String?) {
        if let text {
            u8(1)
            string(text)
        } else {
            u8(0)
        }
    }

    public mutating func decimal(_ value: ExactDecimal) {
        withUnsafeBytes(of: value.significand.littleEndian) { bytes.append(contentsOf: $0) }
        u8(UInt8(value.scale))
    }

    mutating func limit(_ limit: Limit) {
        switch limit {
        case .limited(let value):
            u8(0)
            i64(value)
        case .unlimited:
            u8(1)
        }
    }

    mutating func usagePrices(_ prices: [String: UsagePrice]) {
        u32(UInt32(prices.count))
        for meter in prices.keys.sorted() {
            string(meter)
            let price = prices[meter]!
            i64(price.per)
            switch price.scheme {
            case .flat(let value):
                u8(0)
                decimal(value)
            case .graduated(let bands):
                u8(1)
                self.bands(bands)
            case .volume(let bands):
                u8(2)
                self.bands(bands)
            case .package(let size, let price):
                u8(3)
                i64(size)
                decimal(price)
            }
            decimal(price.free)
        }
    }

    public mutating func optionalDecimal(_ value: ExactDecimal?) {
        if let value {
            u8(1)
            decimal(value)
        } else {
            u8(0)
        }
    }

    /// A date as its year (u16), month and day (u8 each).
    public mutating func date(_ date: CalendarDate) {
        u16(UInt16(date.year))
        u8(UInt8(date.month))
        u8(UInt8(date.day))
    }

    mutating func bands(_ bands: [PriceBand]) {
        u32(UInt32(bands.count))
        for band in bands {
            switch band.upTo {
            case .upTo(let value):
                u8(0)
                decimal(value)
            case .unlimited:
                u8(1)
            }
            decimal(band.price)
            decimal(band.flat)
        }
    }
}
