import PolicyModel

// The declared meters (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body): a count, then per
// meter its id, a ``MeterKindTag`` and its optional unit.

extension ByteWriter {
    mutating func meters(_ meters: [Meter]) {
        count(meters.count)
        for meter in meters {
            string(meter.id)
            tag(MeterKindTag(meter.kind))
            optionalString(meter.unit)
        }
    }
}

extension CanonicalReader {
    /// The meters: at least one, ids unique; they are declared for the references that follow.
    mutating func meters() throws(SnapshotError) -> [Meter] {
        let count = try reader.count("meters", minimumElementSize: 6)
        guard count > 0 else { throw malformed("the policy declares no meter; at least one is required", at: reader.offset - 4) }
        var list: [Meter] = []
        list.reserveCapacity(count)
        for _ in 0..<count {
            let range = try reader.stringRange("a meter id")
            guard let id = reader.text(range) else { throw malformed("a meter id is not valid UTF-8", at: range.lowerBound) }
            guard declaredMeters.declare(id, at: range) else { throw malformed("meter `\(id)` is declared twice", at: range.lowerBound) }
            let kindAt = reader.offset
            let tag = try reader.u8("the kind of meter `\(id)`")
            guard let kind = MeterKindTag(rawValue: tag)?.kind else {
                throw malformed("meter kind tag \(tag) is unknown; expected 0 (counter) or 1 (gauge)", at: kindAt)
            }
            let unit = try reader.optionalString("the unit of meter `\(id)`")
            meterKinds.append(kind)
            list.append(Meter(id: id, kind: kind, unit: unit))
        }
        return list
    }
}
