public import PolicyModel

/// One limited window that a reservation spans, as the broker saw it right after granting (docs/serve.md#leases):
/// what a runtime needs for a 429 and for `X-RateLimit-*` while it decides from the lease.
public struct LeaseWindow: Sendable, Hashable {
    public var window: Window
    public var limit: Int64
    /// Every unit admitted or reserved in the window by anyone, this grant included.
    public var used: Int64
    /// The window's end (epoch seconds).
    public var reset: Int64

    public init(window: Window, limit: Int64, used: Int64, reset: Int64) {
        self.window = window
        self.limit = limit
        self.used = used
        self.reset = reset
    }
}
