public import PolicyModel

/// The answer to one request (simulation.md §2–§3): the status and everything a runtime needs to build the
/// response (429 body, `X-RateLimit-*`, `Retry-After`).
public struct Decision: Sendable, Hashable {
    /// 200, 401, 403 or 429.
    public var status: Int
    /// The identified tenant's index in the directory (nil for 401 and anonymous requests).
    public var tenant: Int?
    /// True for a request that no method identified when `require_tenant` is false: allowed, unmetered.
    public var anonymous: Bool
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

    public init(status: Int, tenant: Int? = nil, anonymous: Bool = false, meter: Int? = nil, cost: Int64 = 0) {
        self.status = status
        self.tenant = tenant
        self.anonymous = anonymous
        self.meter = meter
        self.cost = cost
    }

    /// `minutely|hourly|daily|monthly` for the 429 body.
    public var quotaType: String? { window?.quotaType }
}

/// The values of `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`.
public struct RateLimitState: Sendable, Hashable {
    public var window: Window
    public var limit: Int64
    public var remaining: Int64
    /// Epoch seconds at which the window resets.
    public var reset: Int64
}
