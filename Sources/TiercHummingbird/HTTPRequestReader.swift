public import HTTPTypes
public import PolicyModel
public import PolicyRuntime

/// Turns a request's head (HTTPTypes, as Hummingbird and `tierc serve`'s listener have it) into the runtime's ``PolicyRuntime/Request``, refusing what cannot be decided
/// (docs/serve.md, "Bad input").
public enum HTTPRequestReader {
    /// Why a request is answered 400 (or 401) before any decision.
    public struct Refusal: Error, Sendable, Hashable {
        public var status: HTTPResponse.Status
        public var reason: String

        /// The answer: 400 with the reason as its message, or the policy's 401.
        public func response(policy: Policy) -> TiercAnswer {
            guard status == .unauthorized else { return RefusalResponse.badRequest(reason) }
            return RefusalResponse.unauthorized(reason, message: "The Authorization header must carry an API key with the scheme the policy names.",
                                                policy: policy)
        }
    }

    /// The runtime request of `request` under `policy`:
    /// - a request target must be visible ASCII (RFC 9112 §3.2; a non-UTF-8 or raw non-ASCII path is refused),
    /// - when the policy identifies by API key, an `Authorization` header must be `<scheme> <key>` with the policy's
    ///   scheme: another scheme is refused 401 instead of falling through to the next method, so a client that
    ///   sends the wrong credentials is told so and never admitted anonymously.
    public static func read(_ request: HTTPRequest, policy: Policy) -> Result<PolicyRuntime.Request, Refusal> {
        read(request, identification: policy.identification)
    }

    /// As ``read(_:policy:)``, from the policy's identification alone (the request path passes the policy's rules
    /// without copying the whole `Policy` value, docs/serve.md#performance).
    public static func read(_ request: HTTPRequest, identification: Identification) -> Result<PolicyRuntime.Request, Refusal> {
        let target = request.path ?? "/"
        guard target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(Refusal(status: .badRequest, reason: "The request target must be visible ASCII (percent-encode other bytes)."))
        }
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(request.headerFields.count)
        for field in request.headerFields { headers.append((name: field.name.rawName, value: field.value)) }
        let host = request.authority  // HTTP/1.1 Host, HTTP/2 :authority
        if identification.order.contains(.apiKey), let authorization = request.headerFields[.authorization],
           !hasScheme(authorization, identification.apiKeyScheme) {
            return .failure(Refusal(status: .unauthorized, reason: "unsupported_authorization_scheme"))
        }
        return .success(PolicyRuntime.Request(target: target, host: host, headers: headers))
    }

    /// Whether `value` is `<scheme> <credentials>` with `scheme` (ASCII case-insensitive) and credentials present.
    /// An ASCII value and scheme are compared on their bytes, building no text; others as words of characters.
    static func hasScheme(_ value: String, _ scheme: String) -> Bool {
        if let answer = hasASCIIScheme(value, scheme) { return answer }
        let parts = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
        return parts.count >= 2 && parts[0].lowercased() == scheme.lowercased()
    }

    /// ``hasScheme(_:_:)`` on the bytes of an ASCII `value` and `scheme`: the first word (between spaces and tabs)
    /// equals `scheme` ignoring ASCII case, and another word follows; nil when either is not ASCII.
    static func hasASCIIScheme(_ value: String, _ scheme: String) -> Bool? {
        var value = value
        var scheme = scheme
        return value.withUTF8 { value in
            scheme.withUTF8 { scheme -> Bool? in
                guard value.allSatisfy({ $0 < 0x80 }), scheme.allSatisfy({ $0 < 0x80 }) else { return nil }
                func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
                func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
                var index = 0
                while index < value.count, isBlank(value[index]) { index += 1 }
                let start = index
                while index < value.count, !isBlank(value[index]) { index += 1 }
                guard index - start == scheme.count, index > start else { return false }
                for offset in 0..<scheme.count where lower(value[start + offset]) != lower(scheme[offset]) { return false }
                while index < value.count, isBlank(value[index]) { index += 1 }
                return index < value.count
            }
        }
    }
}
