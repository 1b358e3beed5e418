public import PolicySource

/// Why `tierc keys` could not read or change a tenants file.
public enum TenantKeysError: Error, Sendable, CustomStringConvertible {
    /// The file has errors: the diagnostics say where.
    case invalidFile([Diagnostic])
    /// No tenant with that id; the closest ids, if any.
    case unknownTenant(file: String, tenant: String, suggestion: String?)
    /// No key entry of the tenant has that prefix or label.
    case noSuchKey(file: String, tenant: String, selector: String, available: [String])
    /// Several key entries of the tenant match.
    case ambiguousKey(file: String, tenant: String, selector: String, matches: [SourceLocation])
    /// The key is already revoked.
    case alreadyRevoked(file: String, at: SourceLocation, tenant: String, selector: String, on: String)
    /// The edited text did not read back as expected (a layout the editor cannot change safely).
    case unsafeEdit(file: String, reason: String)
    /// A label with a control character, or empty.
    case invalidLabel(String)

    public var description: String {
        switch self {
        case .invalidFile(let diagnostics):
            let first = diagnostics.first.map { "\($0.file):\($0.range.start): \($0.message)" } ?? "the file has errors"
            return first + (diagnostics.count > 1 ? " (and \(diagnostics.count - 1) more; `tierc check --tenants` lists them)" : "")
        case .unknownTenant(let file, let tenant, let suggestion):
            return "\(file): no tenant `\(tenant)` under `tenants:`" + Correction(candidate: suggestion).phrase()
        case .noSuchKey(let file, let tenant, let selector, let available):
            return "\(file): tenant `\(tenant)` has no key whose prefix or name is `\(selector)`"
                + (available.isEmpty ? " (it has no `keys:` entries)" : "; its keys: " + available.joined(separator: ", "))
        case .ambiguousKey(let file, let tenant, let selector, let matches):
            return "\(file): `\(selector)` matches \(matches.count) keys of tenant `\(tenant)` (at "
                + matches.map(\.description).joined(separator: ", ") + "); give a longer prefix or the key's name"
        case .alreadyRevoked(let file, let at, let tenant, let selector, let on):
            return "\(file):\(at): key `\(selector)` of tenant `\(tenant)` is already revoked (on \(on)); the file is unchanged"
        case .unsafeEdit(let file, let reason):
            return "\(file): the file was not changed: \(reason)"
        case .invalidLabel(let label):
            return "--name must be one line of printable text, found \(label.debugDescription)"
        }
    }
}
