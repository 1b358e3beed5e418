public import Logging
public import TiercHummingbird
internal import Hummingbird
internal import HummingbirdCore
internal import NIOCore
internal import PolicyRuntime
internal import PolicyStorePostgres
internal import ServiceLifecycle
internal import UnixSignals

/// `tierc serve` (docs/serve.md): the public listener and the admin listener, run as one service group that
/// stops gracefully on SIGTERM and SIGINT (stop accepting, finish what is in flight).
public struct TiercServe: Sendable {
    public let state: ServerState
    public let options: ServeOptions
    public let logger: Logger

    /// Limits on what a client may send before a request is decided (docs/serve.md, "Bad input").
    public enum Limits {
        /// One header field; the whole header section; the number of fields.
        public static let headerFieldBytes = 8 * 1_024
        public static let headerListBytes = 32 * 1_024
        public static let headerFieldCount = 100
        /// Seconds after which a connection with no request in progress is closed.
        public static let idleSeconds: Int64 = 30
        /// Open connections per listener; more wait in the backlog.
        public static let connections = 4_096
    }

    /// `logger` defaults to warnings and errors on standard error (the command prints its own lines).
    /// Loads the policy files again on SIGHUP and `--watch`; nil: no reloads (SIGHUP keeps its default action).
    public let loader: PolicyLoader?

    /// `--shadow CANDIDATE` (docs/serve.md, "Shadow policy"); nil: no shadow policy.
    public let shadow: ShadowSetup?

    public init(state: ServerState, options: ServeOptions, loader: PolicyLoader? = nil, shadow: ShadowSetup? = nil,
                logger: Logger? = nil) {
        self.state = state
        self.options = options
        self.loader = loader
        self.shadow = shadow
        self.logger = logger ?? {
            var logger = Logger(label: "tierc.serve", factory: { StreamLogHandler.standardError(label: $0) })
            logger.logLevel = .warning
            return logger
        }()
    }

    /// The clock decisions use: the system's, or `X-Tierc-Time` under `--trust-clock-header`.
    public var clock: TiercClock { options.trustClockHeader ? .header : .system }

    /// Runs both listeners until SIGTERM or SIGINT. `onListening` is called with `main` or `admin` and the bound
    /// address once each listener accepts connections (port 0 is resolved to the chosen port).
    public func run(onListening: @escaping @Sendable (String, ListenAddress) -> Void) async throws {
        var observers = ServerObservers(metrics: ServerMetrics(tenantLabels: options.metricsTenantLabels, policy: state.holder.current))
        if let path = options.decisionLog { observers.decisionLog = try DecisionLog(path: path) }
        observers.clock = MonthToDateClock(trustsHeader: options.trustClockHeader)
        if let connection = options.store {
            // docs/serve.md#store: the policy in force decides with the database's counters from here on.
            let guarded = StoreGuard(connection: connection, action: options.onStoreError, leaseSize: options.lease,
                                     metrics: observers.metrics)
            observers.metrics.storeSeries()
            observers.store = guarded
            let current = state.holder.current
            state.holder.replace(with: ActivePolicy(
                rules: current.rules, store: try GuardedQuotaStore(guarded: guarded, policy: current.policy, tenants: current.rules.tenants.tenants),
                revision: current.revision))
        }
        observers.shadow = shadow.map { ShadowPolicy($0.candidate, liveFingerprint: state.holder.current.fingerprint, at: TiercClock.now()) }
        let candidateReload = observers.shadow.flatMap { policy in shadow?.reload.map { CandidateReload(shadow: policy, load: $0) } }
        let decided: @Sendable (DecidedRequest) -> Void = { [observers] in observers.decided($0) }
        // docs/serve.md#performance: decision-only mode is served straight on SwiftNIO; forwarding, with its streamed
        // bodies, on Hummingbird. Both decide through DecisionStep and answer with the same builders.
        let main: any Service
        if let upstream = options.upstream {
            let middleware = TiercMiddleware<BasicTiercRequestContext>(policy: state.holder, clock: clock, observer: decided)
            main = Application(
                responder: MainResponder(state: state, middleware: middleware, upstream: UpstreamForwarder(upstream: upstream)),
                server: .http1(configuration: Self.channelConfiguration),
                configuration: configuration(options.listen),
                onServerRunning: { channel in onListening("main", Self.bound(channel, options.listen)) },
                logger: logger)
        } else {
            // docs/serve.md#the-plain-request-scanner: not with --store postgres, whose answers all wait for the store.
            main = PublicListener(address: options.listen,
                                  answerer: PublicAnswerer(holder: state.holder, clock: clock, observer: decided),
                                  plainRequests: options.store == nil,
                                  onListening: { onListening("main", $0) })
        }
        let admin = Application(
            router: AdminRouter.build(state: state, clock: clock, observers: observers),
            server: .http1(configuration: Self.channelConfiguration),
            configuration: configuration(options.adminListen),
            onServerRunning: { channel in onListening("admin", Self.bound(channel, options.adminListen)) },
            logger: logger)
        // Graceful shutdown runs in reverse order: readiness turns 503 first, then the public listener drains, the
        // decision log writes what it holds, and the admin listener stops last.
        // The store's pool comes first, so that it stops after everything that uses it.
        var services: [any Service] = []
        if let store = observers.store { services += [StorePool(connection: store.connection), StoreProbe(guarded: store)] }
        if options.lease != nil { services.append(LeaseReturns(holder: state.holder, clock: observers.clock)) }
        services.append(admin)
        if let decisionLog = observers.decisionLog { services.append(decisionLog) }
        services += [main, DrainingFlag(state: state)]
        if let loader {
            services.append(PolicyReloader(state: state, load: loader, watched: options.watched, metrics: observers.metrics,
                                           candidate: candidateReload, store: observers.store))
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    private func configuration(_ address: ListenAddress) -> ApplicationConfiguration {
        ApplicationConfiguration(address: .hostname(address.host, port: address.port), serverName: nil,
                                 availableConnectionsDelegate: MaximumAvailableConnections(Limits.connections))
    }

    static var channelConfiguration: HTTP1Channel.Configuration {
        HTTP1Channel.Configuration(
            idleTimeout: .seconds(Limits.idleSeconds),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: Limits.headerFieldBytes,
                                            maxHeaderListSize: Limits.headerListBytes,
                                            maxHeaderFieldCount: Limits.headerFieldCount))
    }

    static func bound(_ channel: any Channel, _ requested: ListenAddress) -> ListenAddress {
        ListenAddress(host: requested.host, port: channel.localAddress?.port ?? requested.port)
    }
}

/// The PostgreSQL store's connection pool (`--store postgres://…`), first in the group so that it stops last,
/// after the listeners have drained.
struct StorePool: Service {
    let connection: PostgresStoreConnection

    func run() async throws {
        await connection.run()
    }
}

/// Marks the server as draining (`/readyz` 503) as soon as a graceful shutdown starts.
struct DrainingFlag: Service {
    let state: ServerState

    func run() async throws {
        try? await gracefulShutdown()
        state.update { $0.draining = true }
    }
}
