import PolicyModel

/// The package form on the wire: tag 3, then the size (i64, positive) and the price of a package (a decimal); its
/// usage price's `per` must be 1.
extension PackagePrice: SnapshotCodableModel {
    static var wireTag: PricingSchemeTag { .package }

    func write(to writer: inout ByteWriter) {
        writer.i64(size)
        writer.decimal(price)
    }

    static func read(from reader: inout CanonicalReader, meter: String, per: Int64) throws(SnapshotError) -> PackagePrice {
        let at = reader.reader.offset
        let size = try reader.reader.i64("the package size of `\(meter)`")
        guard size > 0 else { throw reader.malformed("the package size of `\(meter)` is \(size); it must be positive", at: at) }
        guard per == 1 else { throw reader.malformed("the package price of `\(meter)` has `per` \(per); a package price has per 1", at: at) }
        return PackagePrice(size: size, price: try reader.decimal("the package price of `\(meter)`"))
    }
}
