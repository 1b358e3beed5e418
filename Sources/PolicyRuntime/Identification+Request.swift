public import PolicyModel

/// The outcome of identifying a request's tenant (docs/log-format.md#identification, docs/simulation.md#the-fine-points
/// 7.7–7.11).
public enum Identity: Sendable, Hashable {
    case tenant(Int)
    /// A method found a credential or id that belongs to no tenant: 401, stop.
    case unknown
    /// No method found anything.
    case none
}

extension Identification {
    /// Runs the methods in order for a request at `seconds` (epoch seconds, which decide whether a key is
    /// revoked); the first that finds something decides. (Prepares the settings on every call: a caller that
    /// identifies many requests keeps an ``IdentificationPlan``, as ``RequestResolver`` does.)
    public func identify(_ request: Request, in index: TenantIndex, at seconds: Int64) -> Identity {
        IdentificationPlan(self).identify(request, in: index, at: seconds)
    }
}

/// Identification settings prepared once for the hot path: the scheme, base domain and query parameter as
/// lower-cased UTF-8 bytes, so identifying a request compares bytes and builds no text beyond the lookup key.
public struct IdentificationPlan: Sendable {
    let order: [IdentificationMethod]
    let headerNames: [String]
    /// The API key scheme, ASCII lower case.
    let scheme: [UInt8]
    /// `.` and the base domain, ASCII lower case; nil without a base domain.
    let hostSuffix: [UInt8]?
    let queryParam: String
    /// ``headerNames`` and the query parameter as UTF-8 bytes (the names in ASCII lower case), for requests
    /// identified from their bytes.
    let headerNameBytes: [[UInt8]]
    let queryParamBytes: [UInt8]
    static let authorization = Array("authorization".utf8)

    public init(_ identification: Identification) {
        order = identification.order
        headerNames = identification.headerNames
        scheme = identification.apiKeyScheme.utf8.map(ASCII.lower)
        hostSuffix = identification.baseDomain.map { [UInt8(ascii: ".")] + $0.utf8.map(ASCII.lower) }
        queryParam = identification.queryParam
        headerNameBytes = identification.headerNames.map { $0.utf8.map(ASCII.lower) }
        queryParamBytes = Array(identification.queryParam.utf8)
    }

    /// Runs the methods in order for a request at `seconds` (epoch seconds); the first that finds something decides.
    /// A key revoked at `seconds` is an unknown key: 401, and no later method is tried.
    public func identify(_ request: Request, in index: TenantIndex, at seconds: Int64) -> Identity {
        switch request.tenant {
        case .id(let id): return index.tenant(id: id).map(Identity.tenant) ?? .unknown
        case .invalid: return .unknown
        case .absent: break
        }
        for method in order {
            let found: Identity
            switch method {
            case .apiKey: found = apiKey(request, index, at: seconds)
            case .header: found = header(request, index)
            case .subdomain: found = subdomain(request, index)
            case .query: found = query(request, index)
            }
            if found != .none { return found }
        }
        return .none
    }

    /// docs/simulation.md#fine-point-7-7: `Authorization: <scheme> <key>`, trimmed, split at the first run of white
    /// space. A key revoked at `seconds` belongs to no tenant (docs/policy-format.md#keys-entries).
    func apiKey(_ request: Request, _ index: TenantIndex, at seconds: Int64) -> Identity {
        guard var value = request.header("Authorization") else { return .none }
        return value.withUTF8 { bytes in
            let (start, end) = ASCII.trimmedRange(bytes)
            var gap = start
            while gap < end, !ASCII.isSpace(bytes[gap]) { gap += 1 }
            guard gap < end else { return .none }  // no white space: a scheme alone
            var keyStart = gap
            while keyStart < end, ASCII.isSpace(bytes[keyStart]) { keyStart += 1 }
            guard keyStart < end, gap - start == scheme.count else { return .none }
            for offset in 0..<scheme.count where ASCII.lower(bytes[start + offset]) != scheme[offset] { return .none }
            return index.tenant(apiKey: UnsafeBufferPointer(rebasing: bytes[keyStart..<end]), at: seconds).map(Identity.tenant) ?? .unknown
        }
    }

    /// docs/simulation.md#fine-point-7-8: the first configured header that is present; its trimmed value is a tenant id
    /// (empty: unknown).
    func header(_ request: Request, _ index: TenantIndex) -> Identity {
        for name in headerNames {
            guard var value = request.header(name) else { continue }
            let id = value.withUTF8 { bytes in
                let (start, end) = ASCII.trimmedRange(bytes)
                return start == 0 && end == bytes.count ? nil : String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            } ?? value
            return index.tenant(id: id).map(Identity.tenant) ?? .unknown
        }
        return .none
    }

    /// docs/simulation.md#fine-point-7-9: `<label>.<base_domain>` after trimming, lower-casing and removing the port.
    func subdomain(_ request: Request, _ index: TenantIndex) -> Identity {
        guard let suffix = hostSuffix, var host = request.host else { return .none }
        let label: String? = host.withUTF8 { bytes in
            var (start, end) = ASCII.trimmedRange(bytes)
            guard start < end, bytes[start] != UInt8(ascii: "[") else { return nil }  // an IPv6 literal is never a subdomain
            var colon = end
            while colon > start, bytes[colon - 1] != UInt8(ascii: ":") { colon -= 1 }
            if colon > start { end = colon - 1 }  // the port, after the last `:`
            guard end - start > suffix.count else { return nil }  // the label must not be empty
            let labelEnd = end - suffix.count
            for offset in 0..<suffix.count where ASCII.lower(bytes[labelEnd + offset]) != suffix[offset] { return nil }
            for position in start..<labelEnd where bytes[position] == UInt8(ascii: ".") { return nil }  // one label only
            return String(unsafeUninitializedCapacity: labelEnd - start) { buffer in
                for offset in 0..<(labelEnd - start) { buffer[offset] = ASCII.lower(bytes[start + offset]) }
                return labelEnd - start
            }
        }
        guard let label else { return .none }
        return index.tenant(subdomain: label).map(Identity.tenant) ?? .unknown
    }

    /// docs/simulation.md#fine-point-7-10: split on `&`, pairs need `=`, percent-decoded name and value; the first
    /// matching name wins.
    func query(_ request: Request, _ index: TenantIndex) -> Identity {
        guard let query = request.query else { return .none }
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { continue }
            guard PercentDecoding.decodes(pair[..<equals], to: queryParam) else { continue }
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

    /// Whether `bytes` decodes to exactly the UTF-8 bytes of `text`; without a `%` nothing is built.
    static func decodes(_ bytes: Substring.UTF8View.SubSequence, to text: String) -> Bool {
        if !bytes.contains(UInt8(ascii: "%")) { return bytes.elementsEqual(text.utf8) }
        return decode(bytes)?.utf8.elementsEqual(text.utf8) ?? false  // bytes, not Unicode equivalence
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
