public import HTTPTypes
public import PolicyModel
public import PolicyRuntime
internal import RawStructuredFieldValues

/// The rate-limit header fields of a metered answer (docs/serve.md, "Headers"): `X-RateLimit-Limit`,
/// `-Remaining` and `-Reset` (epoch seconds) for the window with the least remaining (docs/simulation.md), the
/// IETF pair `RateLimit-Policy` and `RateLimit` of draft-ietf-httpapi-ratelimit-headers (as drafts -08 to -10
/// define them) as Structured Field Lists (RFC 9651) serialised by swift-http-structured-headers, and
/// `Retry-After` on a 429. None carries a credential: only limits, counts and times.
public enum RateLimitHeaders {
    public static let limit = HTTPField.Name("X-RateLimit-Limit")!
    public static let remaining = HTTPField.Name("X-RateLimit-Remaining")!
    public static let reset = HTTPField.Name("X-RateLimit-Reset")!
    public static let policy = HTTPField.Name("RateLimit-Policy")!
    public static let rateLimit = HTTPField.Name("RateLimit")!

    /// The nominal length of a window in the `w` parameter: a month is 30 days (2,592,000 s); its calendar end is
    /// in `X-RateLimit-Reset`, `t` and `Retry-After`.
    public static func nominalSeconds(_ window: Window) -> Int {
        switch window {
        case .minute: 60
        case .hour: 3_600
        case .day: 86_400
        case .month: 2_592_000
        }
    }

    /// The name of a quota policy in `RateLimit-Policy`, `RateLimit` and a problem's `violated-policies`: the
    /// window's `quota_type` (`hourly`) for the policy's default meter, `<meter>.<quota_type>` for another.
    public static func policyName(window: Window, meter: Int, rules: PolicyRules) -> String {
        let id = rules.policy.meters[meter].id
        return id == rules.policy.defaultMeter ? window.quotaType : id + "." + window.quotaType
    }

    /// Adds the fields of a metered `decision` taken at `seconds` under `policy` to `fields`; an unmetered
    /// decision (or one whose windows are all unlimited) adds nothing. The policy-dependent parts come from the
    /// table serialised when the policy was loaded (``ActivePolicy``).
    public static func add(_ decision: Decision, at seconds: Int64, policy: ActivePolicy, to fields: inout HTTPFields) {
        add(decision, at: seconds, rules: policy.rules, table: policy.rateLimitFields, to: &fields)
    }

    /// As ``add(_:at:policy:to:)`` for bare rules, serialising the policy-dependent parts on the spot.
    public static func add(_ decision: Decision, at seconds: Int64, rules: PolicyRules, to fields: inout HTTPFields) {
        add(decision, at: seconds, rules: rules, table: RateLimitFieldTable(rules: rules), to: &fields)
    }

    private static func add(_ decision: Decision, at seconds: Int64, rules: PolicyRules, table: RateLimitFieldTable,
                            to fields: inout HTTPFields) {
        RateLimitFieldValues(decision, at: seconds, rules: rules, table: table)?.add(to: &fields)
    }

    /// A Structured Field List as header text; nil when a member cannot be serialised (never for the names and
    /// integers written here: policy names are ASCII identifiers, integers are capped at RFC 9651's 15 digits).
    static func serialize(_ list: [ItemOrInnerList]) -> String? {
        var serializer = StructuredFieldValueSerializer()
        guard let bytes = try? serializer.writeListFieldValue(list) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
