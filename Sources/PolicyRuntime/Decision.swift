public import PolicyModel

/// The answer to one request (docs/log-format.md#decisions and #what-a-runtime-sends): the status and everything a
/// runtime needs to build the response (429 body, `X-RateLimit-*`, `Retry-After`). ``outcome`` is the same answer as a
/// typed value.
public struct Decision: Sendable, Hashable {
    /// 200, 401, 403 or 429.
    public var status: Int
    /// The identified tenant's index in the directory (nil for 401 and anonymous requests).
    public var tenant: Int?
    /// True for a request that no method identified when `require_tenant` is false: allowed, unmetered.
    public var anonymous: Bool
    /// For a 401: why.
    public var unauthorized: UnauthorizedReason?
    /// For a 403: the index in `policy.features` of the feature the tier lacks.
    public var feature: Int?
    /// The index in `policy.meters` of the counter meter charged (nil when unmetered: anonymous, no counter
    /// meter, or cost 0). An index, not the id, so a decision holds no reference and copies for free.
    public var meter: Int?
    public var cost: Int64
    /// For a 429: the window that refused (the first in month → day → hour → minute order).
    public var window: Window?
    /// For a 429: that window's limit, the cost already allowed in it, and its end (epoch seconds).
    public var limit: Int64?
    public var used: Int64?
    public var resetAt: Int64?
    /// For a 429: seconds until `resetAt`, rounded up.
    public var retryAfter: Int64?
    /// For a metered answer: the window with the least remaining after the decision (`X-RateLimit-*`).
    public var rateLimit: RateLimitState?

    public init(status: Int, tenant: Int? = nil, anonymous: Bool = false, meter: Int? = nil, cost: Int64 = 0,
                unauthorized: UnauthorizedReason? = nil) {
        self.status = status
        self.tenant = tenant
        self.anonymous = anonymous
        self.meter = meter
        self.cost = cost
        self.unauthorized = unauthorized
    }

    /// `minutely|hourly|daily|monthly` for the 429 body.
    public var quotaType: String? { window?.quotaType }

    /// The decision as a typed value, for code that answers requests (a middleware, a server).
    public var outcome: Outcome {
        switch status {
        case 401: return .unauthorized(unauthorized ?? .unknownCredentials)
        case 403: return .forbidden(feature: feature ?? -1)
        case 429:
            return .quotaExceeded(QuotaExceeded(window: window ?? .month, limit: limit ?? 0, used: used ?? 0,
                                                resetAt: resetAt ?? 0, retryAfter: retryAfter ?? 0))
        default: return anonymous ? .anonymous : .allowed(rateLimit)
        }
    }

    /// What a runtime answers (docs/log-format.md#what-a-runtime-sends).
    public enum Outcome: Sendable, Hashable {
        /// 200. The `X-RateLimit-*` state when the request was metered and rate-limit values were asked for.
        case allowed(RateLimitState?)
        /// 200 for a request that no method identified while `require_tenant` is false: unmetered.
        case anonymous
        /// 401.
        case unauthorized(UnauthorizedReason)
        /// 403: the tier lacks the route's feature (its index in `policy.features`).
        case forbidden(feature: Int)
        /// 429.
        case quotaExceeded(QuotaExceeded)
    }
}

/// Why a request got 401 (docs/log-format.md#identification).
public enum UnauthorizedReason: String, Sendable, Hashable {
    /// No method found a credential or tenant id, and the policy requires a tenant.
    case noCredentials = "no_credentials"
    /// A method found a key, id or subdomain that belongs to no tenant (or the log named an unknown tenant).
    case unknownCredentials = "unknown_credentials"
    /// The tenant's tier is not in the policy.
    case tierNotInPolicy = "tier_not_in_policy"
}

/// A 429's particulars: the refusing window, its limit, the cost already allowed in it, when it resets (epoch
/// seconds) and the seconds until then (`Retry-After`).
public struct QuotaExceeded: Sendable, Hashable {
    public var window: Window
    public var limit: Int64
    public var used: Int64
    public var resetAt: Int64
    public var retryAfter: Int64

    public init(window: Window, limit: Int64, used: Int64, resetAt: Int64, retryAfter: Int64) {
        self.window = window
        self.limit = limit
        self.used = used
        self.resetAt = resetAt
        self.retryAfter = retryAfter
    }
}

/// The values of `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`.
public struct RateLimitState: Sendable, Hashable {
    public var window: Window
    public var limit: Int64
    public var remaining: Int64
    /// Epoch seconds at which the window resets.
    public var reset: Int64

    public init(window: Window, limit: Int64, remaining: Int64, reset: Int64) {
        self.window = window
        self.limit = limit
        self.remaining = remaining
        self.reset = reset
    }
}
