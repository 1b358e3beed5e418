import PolicyModel

/// Graduated pricing on the wire: tag 1, then its bands (``PriceBand`` codec).
extension GraduatedPrice: SnapshotCodableModel {
    static var wireTag: PricingSchemeTag { .graduated }

    func write(to writer: inout ByteWriter) {
        writer.bands(bands)
    }

    static func read(from reader: inout CanonicalReader, meter: String, per: Int64) throws(SnapshotError) -> GraduatedPrice {
        GraduatedPrice(bands: try reader.bands(of: meter))
    }
}
