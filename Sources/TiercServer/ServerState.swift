public import TiercHummingbird
internal import Synchronization

/// What the server knows beside the policy in force (docs/serve.md, `/admin/v1/status`): when it was loaded and
/// the last reload's error. The policy itself is in ``holder``; requests read it once each.
public final class ServerState: Sendable {
    public let holder: PolicyHolder
    private let status: Mutex<Status>

    /// The status shown by the admin endpoint.
    public struct Status: Sendable, Hashable {
        /// Epoch seconds at which the policy in force was loaded.
        public var loadedAt: Int64
        /// The reason of the last failed reload, nil when the last reload succeeded (or none happened).
        public var lastReloadError: String?
        /// Whether the server is shutting down (`/readyz` answers 503).
        public var draining = false
        /// Reloads that put a new policy in force, and reloads refused.
        public var reloadsSucceeded = 0
        public var reloadsFailed = 0
    }

    public init(policy: ActivePolicy, loadedAt: Int64) {
        holder = PolicyHolder(policy)
        status = Mutex(Status(loadedAt: loadedAt))
    }

    public var current: Status { status.withLock { $0 } }

    public func update(_ change: (inout Status) -> Void) {
        status.withLock { change(&$0) }
    }
}
