import PolicyModel

/// Volume pricing on the wire: tag 2, then its bands (``PriceBand`` codec).
extension VolumePrice: SnapshotCodableModel {
    static var wireTag: PricingSchemeTag { .volume }

    func write(to writer: inout ByteWriter) {
        writer.bands(bands)
    }

    static func read(from reader: inout CanonicalReader, meter: String, per: Int64) throws(SnapshotError) -> VolumePrice {
        VolumePrice(bands: try reader.bands(of: meter))
    }
}
