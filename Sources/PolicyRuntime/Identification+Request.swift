public import PolicyModel

/// The outcome of identifying a request's tenant (simulation.md §2 step 1, §7.7–§7.11).
public enum Identity: Sendable, Hashable {
    case tenant(Int)
    /// A method found a credential or id that belongs to no tenant: 401, stop.
    case unknown
    /// No method found anything.
    case none
}

extension Identification {
    /// Runs the methods in order; the first that finds something decides.
    public func identify(_ request: Request, in index: TenantIndex) -> Identity {
        switch request.tenant {
        case .id(let id): return index.tenant(id: id).map(Identity.tenant) ?? .unknown
        case .invalid: return .unknown
        case .absent: break
        }
        for method in order {
            let found: Identity
            switch method {
            case .apiKey: found = apiKey(request, index)
            case .header: found = header(request, index)
            case .subdomain: found = subdomain(request, index)
            case .query: found = query(request, index)
            }
            if found != .none { return found }
        }
        return .none
    }

    /// §7.7: `Authorization: <scheme> <key>`, trimmed, split at the first run of white space.
    func apiKey(_ request: Request, _ index: TenantIndex) -> Identity {
        guard let value = request.header("Authorization") else { return .none }
        let trimmed = ASCII.trimmed(value)
        guard let gap = trimmed.utf8.firstIndex(where: ASCII.isSpace) else { return .none }
        let scheme = trimmed[..<gap]
        var key = trimmed[gap...]
        while let first = key.utf8.first, ASCII.isSpace(first) { key = key.dropFirst() }
        guard !key.isEmpty, ASCII.equalsIgnoringCase(String(scheme), apiKeyScheme) else { return .none }
        return index.tenant(apiKey: key).map(Identity.tenant) ?? .unknown
    }

    /// §7.8: the first configured header that is present; its trimmed value is a tenant id (empty: unknown).
    func header(_ request: Request, _ index: TenantIndex) -> Identity {
        for name in headerNames {
            guard let value = request.header(name) else { continue }
            return index.tenant(id: String(ASCII.trimmed(value))).map(Identity.tenant) ?? .unknown
        }
        return .none
    }

    /// §7.9: `<label>.<base_domain>` after trimming, lower-casing and removing the port.
    func subdomain(_ request: Request, _ index: TenantIndex) -> Identity {
        guard let baseDomain, let rawHost = request.host else { return .none }
        var host = Substring(ASCII.lowercased(String(ASCII.trimmed(rawHost))))
        if host.hasPrefix("[") {
            return .none  // an IPv6 literal is never `<label>.<base_domain>`
        }
        if let colon = host.utf8.lastIndex(of: UInt8(ascii: ":")) { host = host[..<colon] }
        let suffix = "." + ASCII.lowercased(baseDomain)
        guard host.hasSuffix(suffix) else { return .none }
        let label = host.dropLast(suffix.utf8.count)
        guard !label.isEmpty, !label.utf8.contains(UInt8(ascii: ".")) else { return .none }
        return index.tenant(subdomain: label).map(Identity.tenant) ?? .unknown
    }

    /// §7.10: split on `&`, pairs need `=`, percent-decoded name and value; the first matching name wins.
    func query(_ request: Request, _ index: TenantIndex) -> Identity {
        guard let query = request.query else { return .none }
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { continue }
            guard let name = PercentDecoding.decode(pair[..<equals]), name == queryParam else { continue }
            guard let value = PercentDecoding.decode(pair[pair.index(after: equals)...]), !value.isEmpty else { return .unknown }
            return index.tenant(id: value).map(Identity.tenant) ?? .unknown
        }
        return .none
    }
}

/// Percent-decoding of query components as UTF-8 (`+` stays `+`). A `%` not followed by two hex digits is kept
/// as it is; bytes that do not form UTF-8 make the component undecodable (nil).
enum PercentDecoding {
    static func decode(_ bytes: Substring.UTF8View.SubSequence) -> String? {
        guard bytes.contains(UInt8(ascii: "%")) else { return String(Substring(bytes)) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let first = bytes.index(after: index)
                if first < bytes.endIndex {
                    let second = bytes.index(after: first)
                    if second < bytes.endIndex, let high = hex(bytes[first]), let low = hex(bytes[second]) {
                        out.append(high << 4 | low)
                        index = bytes.index(after: second)
                        continue
                    }
                }
            }
            out.append(byte)
            index = bytes.index(after: index)
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 97...102: byte - 87
        case 65...70: byte - 55
        default: nil
        }
    }
}
