import PolicySource

/// The `raw-api-key` warning (docs/diagnostics.md): a raw key in `api_keys` that looks like a real key puts a
/// secret in the repository. Demo and test keys are left alone: a key is taken for a real one when it has at
/// least ``realKeyLength`` characters and does not start with `demo`, `test` or `example` (any case).
extension TenantsDecoder {
    static let realKeyLength = 20

    static func looksReal(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return key.count >= realKeyLength && !["demo", "test", "example"].contains { lowered.hasPrefix($0) }
    }

    /// Warns once per `api_keys` list that holds a real-looking key, at the first such key. The fix-it replaces the
    /// list by `api_key_hashes` with the hash of every key of the list, when the tenant has no `api_key_hashes`
    /// yet (otherwise the message says to move the hashes there).
    mutating func warnRawKeys(_ pair: YAMLPair, items: [YAMLNode], tenant: String, hasHashes: Bool) {
        let keys = items.compactMap { item in item.scalar.map { (text: $0, range: item.range) } }
        guard keys.count == items.count, let first = keys.first(where: { Self.looksReal($0.text) }) else { return }
        let hashes = keys.map { "\"sha256:" + Self.hash($0.text) + "\"" }
        // A flow list (it starts on the key's line, or ends on its last item's) is replaced up to its `]`; a block
        // list up to its last item, since libyaml ends a block list at the next token, maybe lines further down.
        let last = items[items.count - 1].range.end
        let flow = pair.value.range.start.line == pair.key.range.start.line || pair.value.range.end.line == last.line
        let end = flow ? pair.value.range.end : last
        let fixIts = hasHashes ? [] : [FixIt("replace the raw keys with their SHA-256 hashes",
                                             range: SourceRange(start: pair.key.range.start, end: end, in: pair.key.range.file),
                                             replacement: "api_key_hashes: [" + hashes.joined(separator: ", ") + "]")]
        diagnostics.append(Diagnostic(
            .warning, .rawAPIKey,
            "tenant `\(tenant)` has a raw API key that looks like a real one in `api_keys`: anyone who can read this file can use it; "
                + "store only its hash (`api_key_hashes: [\"sha256:…\"]`"
                + (hasHashes ? ", moved into the tenant's `api_key_hashes`" : "")
                + ") or manage keys with `tierc keys create` (raw keys are for demos and tests, named demo…, test… or example…)",
            file: file, range: first.range, fixIts: fixIts))
    }
}
