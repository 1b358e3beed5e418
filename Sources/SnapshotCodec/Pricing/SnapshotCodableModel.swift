import PolicyModel

/// A usage price model the snapshot holds (docs/pricing-models.md#snapshot, docs/snapshot-format.md): its wire tag
/// and, after it, its own parameters. No defaults: ``ByteWriter/usagePrices(_:)`` and
/// ``CanonicalReader/usagePrices(of:)`` switch over every model and tag and do not compile until a new one is here.
protocol SnapshotCodableModel: UsagePriceModel {
    /// The ``PricingSchemeTag`` written before the parameters; never reused or renumbered.
    static var wireTag: PricingSchemeTag { get }
    /// Writes the parameters that follow the tag.
    func write(to writer: inout ByteWriter)
    /// Reads the parameters that follow the tag, for the usage price of `meter` with `per` units per block,
    /// checking what the runtime relies on.
    static func read(from reader: inout CanonicalReader, meter: String, per: Int64) throws(SnapshotError) -> Self
}
