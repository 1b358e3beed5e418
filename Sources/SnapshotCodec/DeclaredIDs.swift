/// Declared ids (meters or features) in order, where their bytes are in the input, and an index by name: what
/// ``CanonicalReader`` resolves later references against.
struct DeclaredIDs {
    /// How many declared ids a reference is compared with, byte for byte, before it is looked up by name.
    static let probes = 8

    var ids: [String] = []
    var ranges: [Range<Int>] = []
    var index: [String: Int] = [:]

    /// Adds an id; false when it is already declared.
    mutating func declare(_ id: String, at range: Range<Int>) -> Bool {
        guard index.updateValue(ids.count, forKey: id) == nil else { return false }
        ids.append(id)
        ranges.append(range)
        return true
    }
}
