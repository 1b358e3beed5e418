import PolicyModel

/// The unit form on the wire: tag 0, then the price (a decimal).
extension UnitPrice: SnapshotCodableModel {
    static var wireTag: PricingSchemeTag { .flat }

    func write(to writer: inout ByteWriter) {
        writer.decimal(price)
    }

    static func read(from reader: inout CanonicalReader, meter: String, per: Int64) throws(SnapshotError) -> UnitPrice {
        UnitPrice(price: try reader.decimal("the flat price of `\(meter)`"))
    }
}
