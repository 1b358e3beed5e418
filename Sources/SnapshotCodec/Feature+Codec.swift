import PolicyModel

// The declared features (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body): a count, then per
// feature its id and optional description.

extension ByteWriter {
    mutating func features(_ features: [Feature]) {
        count(features.count)
        for feature in features {
            string(feature.id)
            optionalString(feature.description)
        }
    }
}

extension CanonicalReader {
    /// The features, ids unique; they are declared for the references that follow.
    mutating func features() throws(SnapshotError) -> [Feature] {
        let count = try reader.count("features", minimumElementSize: 5)
        var list: [Feature] = []
        list.reserveCapacity(count)
        for _ in 0..<count {
            let range = try reader.stringRange("a feature id")
            guard let id = reader.text(range) else { throw malformed("a feature id is not valid UTF-8", at: range.lowerBound) }
            guard declaredFeatures.declare(id, at: range) else { throw malformed("feature `\(id)` is declared twice", at: range.lowerBound) }
            list.append(Feature(id: id, description: try reader.optionalString("the description of feature `\(id)`")))
        }
        return list
    }
}
