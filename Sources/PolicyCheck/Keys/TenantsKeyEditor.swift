public import PolicySource
public import PolicyModel

/// Reads and edits the `keys:` entries of tenants.yaml for `tierc keys` (docs/cli.md, "keys"). libyaml keeps no
/// comments, so an edit is a text insertion or replacement at the source marks of the parsed nodes: comments,
/// order and layout of everything else stay as written. Every edited text is parsed and decoded again, and
/// must hold exactly the intended change, before it is handed back for the (atomic) write.
public struct TenantsKeyEditor: Sendable {
    public let source: SourceFile
    /// Every `keys:` entry of the file, in file order.
    public let entries: [APIKeyEntry]
    private let tenantPairs: [YAMLPair]

    /// Reads `source`; a file with any error (as `tierc check --tenants` reports it, tiers aside) is refused.
    public init(_ source: SourceFile, budget: YAMLBudget = .default) throws(TenantKeysError) {
        let yaml = YAMLReader.read(source, budget: budget)
        var decoder = TenantsDecoder(file: source.name, tierIDs: nil)
        var diagnostics = yaml.diagnostics
        if let root = yaml.root { _ = decoder.decode(root) }
        diagnostics += decoder.diagnostics.diagnostics
        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let root = yaml.root else { throw .invalidFile(errors) }
        self.source = source
        entries = decoder.keyEntries
        if case .mapping(let top) = root.content, let tenants = top.first(where: { $0.key.scalar == "tenants" }),
           case .mapping(let pairs) = tenants.value.content {
            tenantPairs = pairs
        } else {
            tenantPairs = []
        }
    }

    /// The tenant ids in file order.
    public var tenantIDs: [String] { tenantPairs.compactMap(\.key.scalar) }

    /// The text of the file with `entry` appended to the tenant's `keys:` list (the list is created when the
    /// tenant has none): a flow mapping `{ hash: "sha256:…", prefix: "…", name: "…", created: YYYY-MM-DD }`.
    public func adding(_ entry: APIKeyEntry) throws(TenantKeysError) -> [UInt8] {
        if let name = entry.name, name.isEmpty || name.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw .invalidLabel(name)
        }
        let tenant = try tenantPair(entry.tenant)
        guard case .mapping(let fields) = tenant.value.content else {
            throw .unsafeEdit(file: source.name, reason: "tenant `\(entry.tenant)` is not a mapping")
        }
        let item = Self.flowEntry(entry)
        let edit: TextEdit
        if let keys = fields.first(where: { $0.key.scalar == "keys" }) {
            edit = try appendItem(item, to: keys)
        } else {
            edit = try appendField("keys", flowValue: "[" + item + "]", blockValue: ["- " + item], to: tenant.value)
        }
        let text = edit.applied(to: source.bytes)
        try verify(text) { before, after in
            after.count == before.count + 1 && after.contains { $0.tenant == entry.tenant && $0.hash == entry.hash }
        }
        return text
    }

    /// The key entries of `tenant` whose name is `selector`, or, when none is, whose display prefix starts with it.
    public func matches(tenant: String, selector: String) -> [APIKeyEntry] {
        let own = entries.filter { $0.tenant == tenant }
        let named = own.filter { $0.name == selector }
        if !named.isEmpty { return named }
        return own.filter { $0.prefix.map { $0.hasPrefix(selector) } ?? false || $0.hash.hasPrefix(selector) }
    }

    /// The text of the file with the matching key entry revoked from `day` (a `revoked:` field added to it),
    /// and that entry.
    public func revoking(tenant: String, selector: String, on day: CalendarDay) throws(TenantKeysError) -> (text: [UInt8], entry: APIKeyEntry) {
        let pair = try tenantPair(tenant)
        let found = matches(tenant: tenant, selector: selector)
        guard let entry = found.first else {
            throw .noSuchKey(file: source.name, tenant: tenant, selector: selector,
                             available: entries.filter { $0.tenant == tenant }.map { $0.name ?? $0.prefix ?? String($0.hash.prefix(12)) })
        }
        guard found.count == 1 else {
            throw .ambiguousKey(file: source.name, tenant: tenant, selector: selector, matches: found.map(\.range.start))
        }
        if let revoked = entry.revoked {
            throw .alreadyRevoked(file: source.name, at: entry.range.start, tenant: tenant, selector: selector, on: revoked.description)
        }
        guard let node = Self.entryNode(in: pair.value, at: entry.range) else {
            throw .unsafeEdit(file: source.name, reason: "the key entry at \(entry.range.start) was not found again")
        }
        let edit = try appendField("revoked", flowValue: day.description, blockValue: nil, to: node)
        let text = edit.applied(to: source.bytes)
        try verify(text) { before, after in
            after.count == before.count
                && after.contains { $0.tenant == tenant && $0.hash == entry.hash && $0.revoked == day }
        }
        var revoked = entry
        revoked.revoked = day
        return (text, revoked)
    }

    // MARK: - Finding nodes

    private func tenantPair(_ id: String) throws(TenantKeysError) -> YAMLPair {
        guard let pair = tenantPairs.first(where: { $0.key.scalar == id }) else {
            throw .unknownTenant(file: source.name, tenant: id, suggestion: Suggestion.closest(to: id, in: tenantIDs))
        }
        return pair
    }

    private static func entryNode(in tenant: YAMLNode, at range: SourceRange) -> YAMLNode? {
        guard case .mapping(let fields) = tenant.content, let keys = fields.first(where: { $0.key.scalar == "keys" }),
              case .sequence(let items) = keys.value.content else { return nil }
        return items.first { $0.range == range }
    }

    // MARK: - Text edits

    /// One insertion (or replacement of `range`) in the file's bytes.
    struct TextEdit {
        var range: Range<Int>
        var replacement: String

        func applied(to bytes: [UInt8]) -> [UInt8] {
            Array(bytes[..<range.lowerBound]) + Array(replacement.utf8) + Array(bytes[range.upperBound...])
        }
    }

    private func byte(_ offset: Int) -> UInt8? { offset >= 0 && offset < source.bytes.count ? source.bytes[offset] : nil }

    /// Whether a collection node is written in flow style (`[…]` or `{…}`).
    private func isFlow(_ node: YAMLNode) -> Bool {
        byte(node.range.start.offset) == UInt8(ascii: "[") || byte(node.range.start.offset) == UInt8(ascii: "{")
    }

    /// The offset just after the last character that belongs to `node`: the end of its last scalar or of its
    /// closing bracket. (libyaml ends a block collection at the next token, possibly lines further down.)
    private func lastTokenEnd(_ node: YAMLNode) -> Int {
        switch node.content {
        case .scalar: return node.range.end.offset
        case .sequence(let items):
            if isFlow(node) { return node.range.end.offset }
            return items.last.map(lastTokenEnd) ?? node.range.end.offset
        case .mapping(let pairs):
            if isFlow(node) { return node.range.end.offset }
            guard let last = pairs.last else { return node.range.end.offset }
            return max(lastTokenEnd(last.key), last.value.range.start == last.value.range.end ? 0 : lastTokenEnd(last.value))
        }
    }

    /// The offset of the end of the line that holds `offset` (its line feed, or the end of the file).
    private func lineEnd(after offset: Int) -> Int {
        var index = offset
        while index < source.bytes.count, source.bytes[index] != UInt8(ascii: "\n") { index += 1 }
        if index > 0, index <= source.bytes.count, byte(index - 1) == UInt8(ascii: "\r") { return index - 1 }
        return index
    }

    /// The number of bytes between the start of the line of `offset` and `offset`.
    private func column(of offset: Int) -> Int {
        var index = offset
        while index > 0, source.bytes[index - 1] != UInt8(ascii: "\n") { index -= 1 }
        return offset - index
    }

    /// The offset of the closing bracket of a flow collection.
    private func closingBracket(_ node: YAMLNode) throws(TenantKeysError) -> Int {
        let close = node.range.end.offset - 1
        guard let last = byte(close), last == UInt8(ascii: "]") || last == UInt8(ascii: "}") else {
            throw .unsafeEdit(file: source.name, reason: "the flow collection at \(node.range.start) does not end where expected")
        }
        return close
    }

    /// Appends `item` to the list of a `keys:` pair.
    private func appendItem(_ item: String, to pair: YAMLPair) throws(TenantKeysError) -> TextEdit {
        let list = pair.value
        if list.isNull {
            // `keys:` with nothing after it (maybe a comment): the list goes right after the colon.
            var colon = pair.key.range.end.offset
            while let b = byte(colon), b != UInt8(ascii: ":") { colon += 1 }
            guard byte(colon) == UInt8(ascii: ":") else {
                throw .unsafeEdit(file: source.name, reason: "no `:` after `keys` at \(pair.key.range.start)")
            }
            return TextEdit(range: colon + 1..<colon + 1, replacement: " [" + item + "]")
        }
        guard case .sequence(let items) = list.content else {
            throw .unsafeEdit(file: source.name, reason: "`keys` at \(pair.key.range.start) is not a list")
        }
        if isFlow(list) {
            let close = try closingBracket(list)
            return TextEdit(range: close..<close, replacement: items.isEmpty ? item : ", " + item)
        }
        guard let first = items.first else { throw .unsafeEdit(file: source.name, reason: "an empty block list") }
        // The dash of the first item gives the indentation of the new one.
        var dash = first.range.start.offset - 1
        while dash > 0, let b = byte(dash), b != UInt8(ascii: "-") { dash -= 1 }
        guard byte(dash) == UInt8(ascii: "-") else {
            throw .unsafeEdit(file: source.name, reason: "the list at \(list.range.start) has no `-` before its first item")
        }
        let at = lineEnd(after: lastTokenEnd(list))
        return TextEdit(range: at..<at, replacement: lineBreak + String(repeating: " ", count: column(of: dash)) + "- " + item)
    }

    /// Appends `key: value` to a mapping: inside the braces of a flow mapping, or as a new line (with `blockValue`
    /// lines under it, when given) after the last line of a block mapping, at the indentation of its first key.
    private func appendField(_ key: String, flowValue: String, blockValue: [String]?, to mapping: YAMLNode) throws(TenantKeysError) -> TextEdit {
        guard case .mapping(let pairs) = mapping.content, let first = pairs.first else {
            throw .unsafeEdit(file: source.name, reason: "the mapping at \(mapping.range.start) is empty or not a mapping")
        }
        if isFlow(mapping) {
            let close = try closingBracket(mapping)
            var end = close
            while end > 0, let b = byte(end - 1), b == UInt8(ascii: " ") { end -= 1 }
            return TextEdit(range: end..<end, replacement: ", \(key): \(flowValue)")
        }
        let indent = String(repeating: " ", count: column(of: first.key.range.start.offset))
        let at = lineEnd(after: lastTokenEnd(mapping))
        var text = lineBreak + indent + key + ":"
        if let blockValue {
            for line in blockValue { text += lineBreak + indent + "  " + line }
        } else {
            text += " " + flowValue
        }
        return TextEdit(range: at..<at, replacement: text)
    }

    /// The file's line break (CR LF when its first line ends so).
    private var lineBreak: String {
        guard let feed = source.bytes.firstIndex(of: UInt8(ascii: "\n")), feed > 0 else { return "\n" }
        return source.bytes[feed - 1] == UInt8(ascii: "\r") ? "\r\n" : "\n"
    }

    /// Decodes the edited text again: it must be free of errors, and `check(before, after)` must hold for the
    /// entries before and after.
    private func verify(_ text: [UInt8], _ check: ([APIKeyEntry], [APIKeyEntry]) -> Bool) throws(TenantKeysError) {
        let edited: TenantsKeyEditor
        do {
            edited = try TenantsKeyEditor(SourceFile(name: source.name, bytes: text))
        } catch {
            throw .unsafeEdit(file: source.name, reason: "the edited text does not read back (\(error)); please add the entry by hand")
        }
        guard edited.tenantIDs == tenantIDs, check(entries, edited.entries) else {
            throw .unsafeEdit(file: source.name, reason: "the edited text does not hold exactly the intended change; please edit it by hand")
        }
    }

    /// `{ hash: "sha256:…", prefix: "…", name: "…", created: YYYY-MM-DD }`, strings double-quoted and escaped.
    static func flowEntry(_ entry: APIKeyEntry) -> String {
        var fields = ["hash: " + quoted("sha256:" + entry.hash)]
        if let prefix = entry.prefix { fields.append("prefix: " + quoted(prefix)) }
        if let name = entry.name { fields.append("name: " + quoted(name)) }
        if let created = entry.created { fields.append("created: \(created)") }
        if let revoked = entry.revoked { fields.append("revoked: \(revoked)") }
        return "{ " + fields.joined(separator: ", ") + " }"
    }

    /// A YAML double-quoted scalar (control characters were refused before).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
