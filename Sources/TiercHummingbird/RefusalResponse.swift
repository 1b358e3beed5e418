public import Hummingbird
public import PolicyModel
public import PolicyRuntime

/// The answers that tierc gives itself (docs/serve.md, "Refusals"): 401 and 403 with a JSON body naming the reason, 429
/// with the body of docs/log-format.md#what-a-runtime-sends or, when the client prefers it, an RFC 9457 problem of type
/// quota-exceeded; 400 for a request that cannot be decided.
public enum RefusalResponse {
    /// `Content-Type: application/json` alone, the fields of most answers, built once (docs/serve.md#performance).
    public static let jsonFields: HTTPFields = [.contentType: "application/json"]

    public static let problemType = "https://iana.org/assignments/http-problem-types#quota-exceeded"

    /// A JSON answer with `status` and `body`.
    public static func json(_ status: HTTPResponse.Status, _ body: JSONObjectWriter, fields: HTTPFields = [:],
                            contentType: String = "application/json") -> TiercAnswer {
        json(status, bytes: body.buffer, fields: fields, contentType: contentType)
    }

    /// A JSON answer with `status` and a body already written.
    static func json(_ status: HTTPResponse.Status, bytes: ByteBuffer, fields: HTTPFields,
                     contentType: String = "application/json") -> TiercAnswer {
        if fields.isEmpty, contentType == "application/json" { return TiercAnswer(status: status, fields: jsonFields, body: bytes) }
        var headers = fields
        headers[.contentType] = contentType
        return TiercAnswer(status: status, fields: headers, body: bytes)
    }

    /// The 400 of a request without a usable time (`--trust-clock-header` without a valid `X-Tierc-Time`).
    public static var noTime: TiercAnswer { badRequest("The request carries no usable time (X-Tierc-Time, RFC 3339).") }

    /// `{"error":"Bad Request","message":…}`.
    public static func badRequest(_ message: String) -> TiercAnswer {
        error(.badRequest, message)
    }

    /// `{"error":<the status's reason phrase>,"message":…}` with `status`.
    public static func error(_ status: HTTPResponse.Status, _ message: String, fields: HTTPFields = [:]) -> TiercAnswer {
        var body = JSONObjectWriter()
        body.string("error", status.reasonPhrase)
        body.string("message", message)
        return json(status, body, fields: fields)
    }

    /// 401: `{"error":"Unauthorized","reason":…,"message":…}`, with `WWW-Authenticate` naming the policy's API key
    /// scheme when it identifies by key (RFC 9110 §15.5.2).
    public static func unauthorized(_ reason: String, message: String, policy: Policy) -> TiercAnswer {
        var body = JSONObjectWriter()
        body.string("error", "Unauthorized")
        body.string("reason", reason)
        body.string("message", message)
        var fields = HTTPFields()
        if let scheme = apiKeyScheme(policy) { fields[.wwwAuthenticate] = scheme }
        return json(.unauthorized, body, fields: fields)
    }

    /// The 401 of a decision.
    public static func unauthorized(_ reason: UnauthorizedReason, policy: Policy) -> TiercAnswer {
        let message = switch reason {
        case .noCredentials: "The request identifies no tenant."
        case .unknownCredentials: "The credentials or tenant id belong to no tenant."
        case .tierNotInPolicy: "The tenant's tier is not in the policy."
        }
        return unauthorized(reason.rawValue, message: message, policy: policy)
    }

    /// The scheme of the policy's `api_key` method, when it is one of its identification methods.
    static func apiKeyScheme(_ policy: Policy) -> String? {
        guard policy.identification.order.contains(.apiKey) else { return nil }
        return policy.identification.apiKeyScheme
    }

    /// 403: `{"error":"Forbidden","reason":"feature_not_in_tier","feature":…,"tier":…,"message":…}`.
    public static func forbidden(feature: String, tier: String) -> TiercAnswer {
        var body = JSONObjectWriter()
        body.string("error", "Forbidden")
        body.string("reason", "feature_not_in_tier")
        body.string("feature", feature)
        body.string("tier", tier)
        body.string("message", "The tier \(tier) does not include the feature \(feature).")
        return json(.forbidden, body)
    }

    /// 429 with `fields` (the rate-limit headers): the body of docs/log-format.md#what-a-runtime-sends, or an RFC 9457
    /// problem when `problem` is true.
    public static func quotaExceeded(_ refusal: QuotaExceeded, meter: Int, rules: PolicyRules, fields: HTTPFields,
                                     problem: Bool) -> TiercAnswer {
        let message = QuotaMessage.text(window: refusal.window, limit: refusal.limit, meter: rules.policy.meters[meter])
        return quotaExceeded(refusal, meter: meter, rules: rules, message: message, fields: fields, problem: problem)
    }

    /// As the public form, with the `message` already written (from the policy's ``QuotaMessageTable``).
    static func quotaExceeded(_ refusal: QuotaExceeded, meter: Int, rules: PolicyRules, message: String, fields: HTTPFields,
                              problem: Bool) -> TiercAnswer {
        var body = JSONObjectWriter()
        if problem {
            body.string("type", problemType)
            body.string("title", "Request cannot be satisfied as assigned quota has been exceeded")
            body.integer("status", 429)
            body.string("detail", message)
            body.strings("violated-policies", [RateLimitHeaders.policyName(window: refusal.window, meter: meter, rules: rules)])
        } else {
            body.string("error", "Quota exceeded")
            body.string("message", message)
        }
        body.string("quota_type", refusal.window.quotaType)
        body.integer("limit", refusal.limit)
        body.integer("current", refusal.used)
        body.string("reset_at", UTCCalendar.rfc3339(refusal.resetAt))
        return json(.tooManyRequests, body, fields: fields,
                    contentType: problem ? "application/problem+json" : "application/json")
    }
}

/// The `message` of a 429 (docs/serve.md): `Hourly API call limit exceeded (100 calls/hour)`.
public enum QuotaMessage {
    /// `<Quota type> <meter> limit exceeded (<limit> <unit>s/<window>)`. The meter's name is its id in words,
    /// singular, with `api` written `API` (`api_calls` → `API call`); the unit is the meter's `unit` (`unit`
    /// when it has none), plural unless the limit is 1.
    public static func text(window: Window, limit: Int64, meter: Meter) -> String {
        let unit = meter.unit ?? "unit"
        return "\(quotaType(window)) \(name(of: meter.id)) limit exceeded (\(limit) \(limit == 1 ? unit : unit + "s")/\(window.rawValue))"
    }

    /// The window's `quota_type` with a capital first letter (`Hourly`).
    static func quotaType(_ window: Window) -> String {
        window.quotaType.prefix(1).uppercased() + window.quotaType.dropFirst()
    }

    static func name(of id: String) -> String {
        var words = id.split(separator: "_").map { $0 == "api" ? "API" : String($0) }
        if let last = words.last, last.count > 1, last.hasSuffix("s") { words[words.count - 1] = String(last.dropLast()) }
        return words.joined(separator: " ")
    }
}
