public import Hummingbird
public import PolicyRuntime
internal import NIOCore

/// The tenant a request was identified as (docs/serve.md): what an application's handler reads from its
/// request context after ``TiercMiddleware`` admitted the request.
public struct IdentifiedTenant: Sendable, Hashable {
    /// The tenant's index in the policy's tenant directory.
    public var index: Int
    /// The tenant id of tenants.yaml.
    public var id: String
    /// The tier id of the tenant.
    public var tier: String

    public init(index: Int, id: String, tier: String) {
        self.index = index
        self.id = id
        self.tier = tier
    }
}

/// What ``TiercMiddleware`` leaves in the request context of an admitted request.
public struct TiercRequestState: Sendable {
    /// The identified tenant; nil for an anonymous request (the policy's `require_tenant: false`).
    public var tenant: IdentifiedTenant?
    /// The decision (200), with the rate-limit state of a metered request.
    public var decision: Decision?

    public init(tenant: IdentifiedTenant? = nil, decision: Decision? = nil) {
        self.tenant = tenant
        self.decision = decision
    }
}

/// A request context that can carry what ``TiercMiddleware`` decided. An application adds one stored property
/// to its own context, or uses ``BasicTiercRequestContext``.
public protocol TiercRequestContext: RequestContext {
    var tierc: TiercRequestState { get set }
}

/// The smallest context for ``TiercMiddleware``: Hummingbird's core storage, the tierc state, and the client's
/// IP address (for `X-Forwarded-For`).
public struct BasicTiercRequestContext: TiercRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var tierc = TiercRequestState()
    /// The peer's IP address as text, nil when unknown (a Unix socket, a test client).
    public let clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }
}
