import PolicyModel

/// Identification of a request from the bytes of its line (``RequestBytes``): the same steps and outcomes as
/// ``IdentificationPlan/identify(_:in:)`` (docs/simulation.md#the-fine-points 7.7–7.11), building no text but the
/// lookup keys, which are small strings held inline.
extension IdentificationPlan {
    /// Nil when the bytes alone cannot decide: a query pair with a percent escape (identify the ``Request``).
    /// A key revoked at `seconds` is an unknown key (docs/policy-format.md#keys-entries).
    func identify(bytes request: RequestBytes, in index: TenantIndex, keys: inout APIKeyDigests,
                  at seconds: Int64) -> Identity? {
        if let id = request.tenant { return tenant(id: id, index) }
        for method in order {
            let found: Identity
            switch method {
            case .apiKey: found = apiKey(request, index, &keys, seconds)
            case .header: found = header(request, index)
            case .subdomain: found = subdomain(request, index)
            case .query:
                guard let result = query(request, index) else { return nil }
                found = result
            }
            if found != Identity.none { return found }
        }
        return Identity.none
    }

    private func tenant(id: UnsafeBufferPointer<UInt8>, _ index: TenantIndex) -> Identity {
        index.tenant(id: id).map(Identity.tenant) ?? .unknown
    }

    /// docs/simulation.md#fine-point-7-7.
    private func apiKey(_ request: RequestBytes, _ index: TenantIndex, _ keys: inout APIKeyDigests,
                        _ seconds: Int64) -> Identity {
        guard let bytes = request.header(lowercased: Self.authorization) else { return .none }
        let (start, end) = ASCII.trimmedRange(bytes)
        var gap = start
        while gap < end, !ASCII.isSpace(bytes[gap]) { gap += 1 }
        guard gap < end else { return .none }
        var keyStart = gap
        while keyStart < end, ASCII.isSpace(bytes[keyStart]) { keyStart += 1 }
        guard keyStart < end, gap - start == scheme.count else { return .none }
        for offset in 0..<scheme.count where ASCII.lower(bytes[start + offset]) != scheme[offset] { return .none }
        let digest = keys.digest(of: UnsafeBufferPointer(rebasing: bytes[keyStart..<end]))
        return index.tenant(keyDigest: digest, at: seconds).map(Identity.tenant) ?? .unknown
    }

    /// docs/simulation.md#fine-point-7-8.
    private func header(_ request: RequestBytes, _ index: TenantIndex) -> Identity {
        for name in headerNameBytes {
            guard let bytes = request.header(lowercased: name) else { continue }
            let (start, end) = ASCII.trimmedRange(bytes)
            return tenant(id: UnsafeBufferPointer(rebasing: bytes[start..<end]), index)
        }
        return .none
    }

    /// docs/simulation.md#fine-point-7-9.
    private func subdomain(_ request: RequestBytes, _ index: TenantIndex) -> Identity {
        guard let suffix = hostSuffix, let bytes = request.host else { return .none }
        var (start, end) = ASCII.trimmedRange(bytes)
        guard start < end, bytes[start] != UInt8(ascii: "[") else { return .none }
        var colon = end
        while colon > start, bytes[colon - 1] != UInt8(ascii: ":") { colon -= 1 }
        if colon > start { end = colon - 1 }
        guard end - start > suffix.count else { return .none }
        let labelEnd = end - suffix.count
        for offset in 0..<suffix.count where ASCII.lower(bytes[labelEnd + offset]) != suffix[offset] { return .none }
        for position in start..<labelEnd where bytes[position] == UInt8(ascii: ".") { return .none }
        return index.tenant(subdomainLowercasing: UnsafeBufferPointer(rebasing: bytes[start..<labelEnd]))
            .map(Identity.tenant) ?? .unknown
    }

    /// docs/simulation.md#fine-point-7-10; nil when a pair up to the deciding one has a `%` (percent-decoding
    /// is left to ``identify(_:in:)``).
    private func query(_ request: RequestBytes, _ index: TenantIndex) -> Identity? {
        guard let bytes = request.query else { return Identity.none }
        var pairStart = 0
        while pairStart <= bytes.count {
            var pairEnd = pairStart
            while pairEnd < bytes.count, bytes[pairEnd] != UInt8(ascii: "&") { pairEnd += 1 }
            var equals = pairStart
            while equals < pairEnd, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
            if equals < pairEnd {
                for position in pairStart..<pairEnd where bytes[position] == UInt8(ascii: "%") { return nil }
                if equals - pairStart == queryParamBytes.count,
                   queryParamBytes.withUnsafeBufferPointer({ name in
                       (0..<name.count).allSatisfy { name[$0] == bytes[pairStart + $0] }
                   }) {
                    guard pairEnd > equals + 1 else { return .unknown }
                    return tenant(id: UnsafeBufferPointer(rebasing: bytes[(equals + 1)..<pairEnd]), index)
                }
            }
            pairStart = pairEnd + 1
        }
        return Identity.none
    }
}
