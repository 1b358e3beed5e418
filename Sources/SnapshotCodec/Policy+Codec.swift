public import PolicyModel

// The canonical body of a policy (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body), the
// writer and the reader of its top level side by side; each part has its own `+Codec` file.

extension Policy {
    /// The canonical binary encoding of a resolved policy: the bytes its fingerprint hashes and the body of the
    /// compiled snapshot. It depends only on the policy's meaning: ordered collections (meters, features, routes,
    /// tiers, bands, identification order, header names) keep their order; maps are written sorted by key.
    /// Integers are little-endian and fixed-width; text is UTF-8 with a 32-bit length; a decimal is its 128-bit
    /// significand and an 8-bit scale. docs/snapshot-format.md describes the layout.
    public func canonicalBytes() -> [UInt8] {
        var w = ByteWriter()
        w.policy(self)
        return w.bytes
    }

    /// Decodes the canonical body of ``PolicyModel/Policy/canonicalBytes()``, treating the bytes as hostile:
    /// a typed error (with the byte offset in `bytes`) for anything the writer would not have written.
    public init(canonicalBytes bytes: [UInt8]) throws(SnapshotError) {
        var reader = CanonicalReader(bytes)
        self = try reader.policy()
    }
}

extension ByteWriter {
    mutating func policy(_ policy: Policy) {
        u32(UInt32(policy.format))
        string(policy.name)
        string(policy.currency.code)
        u8(UInt8(policy.currency.minorUnits))
        tag(RoundingTag(policy.rounding))
        optionalString(policy.defaultMeter)
        identification(policy.identification)
        meters(policy.meters)
        features(policy.features)
        routes(policy.routes)
        usagePrices(policy.usagePrices)
        tiers(policy.tiers)
    }
}

extension CanonicalReader {
    /// The only policy format the body can carry.
    static let policyFormat: UInt32 = 1

    /// The whole policy; every byte of the range must belong to it.
    mutating func policy() throws(SnapshotError) -> Policy {
        var at = reader.offset
        let format = try reader.u32("the policy format")
        guard format == Self.policyFormat else {
            throw malformed("policy format \(format) is not supported; expected \(Self.policyFormat)", at: at)
        }
        let name = try reader.string("the policy name")
        at = reader.offset
        let code = try reader.string("the currency code")
        let minorUnitsAt = reader.offset
        let minorUnits = try reader.u8("the currency's minor units")
        guard let currency = Currency(code: code) else {
            throw malformed("`\(code)` is not an ISO 4217 currency code tierc knows", at: at)
        }
        guard Int(minorUnits) == currency.minorUnits else {
            throw malformed("\(code) has \(currency.minorUnits) minor-unit digits, the body says \(minorUnits)", at: minorUnitsAt)
        }
        self.currency = currency
        at = reader.offset
        let tag = try reader.u8("the rounding rule")
        guard let rounding = RoundingTag(rawValue: tag)?.rounding else {
            throw malformed("rounding tag \(tag) is unknown; expected 0 (half_up) or 1 (half_even)", at: at)
        }
        let defaultMeterAt = reader.offset
        let defaultMeter = try reader.optionalString("the default meter")
        let identification = try self.identification()
        let meters = try self.meters()
        if let defaultMeter, kind(ofMeter: defaultMeter) != .counter {
            throw malformed("the default meter `\(defaultMeter)` is not a declared counter meter", at: defaultMeterAt)
        }
        let features = try self.features()
        let routes = try self.routes()
        let usagePrices = try self.usagePrices(of: "the policy")
        let tiers = try self.tiers()
        try reader.expectEnd()
        return Policy(format: Int(format), name: name, currency: currency, rounding: rounding, defaultMeter: defaultMeter,
                      identification: identification, meters: meters, features: features, routes: routes,
                      usagePrices: usagePrices, tiers: tiers)
    }
}
