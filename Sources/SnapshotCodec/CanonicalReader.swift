import PolicyModel

/// Decodes the canonical body written by `Policy.canonicalBytes()` back into a ``PolicyModel/Policy``, field
/// for field in the writer's order, and checks what the runtime relies on: known tags, exact decimals in
/// canonical form (normalised, scale ≤ 18, non-negative), valid UTF-8, unique ids, references to declared
/// meters, features and tiers, maps in ascending key order. Whatever it accepts re-encodes to the same bytes.
/// The state shared by the parts; each part is read next to its writer, in its `+Codec` file.
struct CanonicalReader {
    var reader: ByteReader
    var declaredMeters = DeclaredIDs()
    var meterKinds: [MeterKind] = []
    var declaredFeatures = DeclaredIDs()
    var currency: Currency?

    /// A reader over `bytes[start..<end]`, named `section` in errors.
    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil, section: String = "policy section") {
        reader = ByteReader(bytes, from: start, to: end, section: section)
    }

    func malformed(_ problem: String, at offset: Int) -> SnapshotError {
        reader.malformed(problem, at: offset)
    }

    func kind(ofMeter id: String) -> MeterKind? {
        declaredMeters.index[id].map { meterKinds[$0] }
    }

    /// A reference to a declared meter or feature: its index (nil when nothing of that name is declared) and
    /// its name. The bytes are first compared with the few declared ids from `hint` on (references mostly
    /// follow declaration order), which reuses the declared `String` instead of building and hashing a new
    /// one; anything else is decoded and looked up, so the work per reference stays bounded.
    mutating func reference(to declared: DeclaredIDs, near hint: Int, _ what: @autoclosure () -> String)
        throws(SnapshotError) -> (index: Int?, name: String)
    {
        let range = try reader.stringRange(what())
        var candidate = max(0, hint)
        let last = min(declared.ids.count, candidate + DeclaredIDs.probes)
        while candidate < last {
            if reader.equalBytes(range, declared.ranges[candidate]) { return (candidate, declared.ids[candidate]) }
            candidate += 1
        }
        guard let name = reader.text(range) else {
            throw malformed("\(what()) (\(range.count) bytes) is not valid UTF-8", at: range.lowerBound)
        }
        return (declared.index[name], name)
    }

    /// Throws unless `key` sorts strictly after `previous` (the writer's order: unique keys, ascending).
    func ascending(_ key: String, after previous: String?, what: @autoclosure () -> String, at offset: Int)
        throws(SnapshotError)
    {
        if let previous, !(previous < key) {
            throw malformed("the \(what()) are not in strictly ascending key order: `\(key)` follows `\(previous)`", at: offset)
        }
    }
}
