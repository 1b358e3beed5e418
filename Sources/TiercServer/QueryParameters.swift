/// The value of a parameter in the raw query of a request target, for tierc's own endpoints (`month=2025-11`).
/// Only the first pair with that exact name counts; values are not percent-decoded (the values tierc reads are
/// plain ASCII).
enum QueryParameters {
    static func value(_ name: String, inTarget target: String) -> String? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        for pair in target[target.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts[0] == name { return parts.count == 2 ? String(parts[1]) : "" }
        }
        return nil
    }

    /// The path of a request target (up to its `?`). The `?` is looked for among the UTF-8 bytes, not the
    /// characters (the same place: `?` is ASCII and never part of a grapheme cluster it does not start).
    static func path(ofTarget target: String) -> Substring {
        target.utf8.firstIndex(of: UInt8(ascii: "?")).map { target[..<$0] } ?? target[...]
    }
}
