internal import HummingbirdCore
internal import NIOCore
internal import NIOExtras
internal import NIOPosix
internal import ServiceLifecycle
internal import TiercHummingbird

/// The public listener in decision-only mode (docs/serve.md#performance), straight on SwiftNIO: a server channel
/// that accepts at most ``TiercServe/Limits/connections`` connections at a time (further ones wait in the backlog,
/// as Hummingbird's listener does), each answered by a ``PlainRequestHandler`` (plain request heads,
/// docs/serve.md#the-plain-request-scanner) and a ``PublicChannelHandler`` (every other request, through SwiftNIO's parser). On a graceful shutdown it stops
/// accepting, lets every connection finish the request in progress, and returns once all are closed.
struct PublicListener: Service {
    let address: ListenAddress
    let answerer: PublicAnswerer
    /// Whether ``PlainRequestHandler`` reads plain request heads (the in-memory store; docs/serve.md#the-plain-request-scanner).
    let plainRequests: Bool
    let onListening: @Sendable (ListenAddress) -> Void
    let group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton

    /// Hummingbird's default backlog of pending connections.
    static let backlog: Int32 = 256

    func run() async throws {
        let quiescing = ServerQuiescingHelper(group: group)
        let answerer = answerer
        let plainRequests = plainRequests
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: Self.backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                    try channel.pipeline.syncOperations.addHandler(
                        AvailableConnectionsChannelHandler(maxConnections: TiercServe.Limits.connections))
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try PublicChannelHandler.configure(channel, answerer: answerer, plainRequests: plainRequests) }
            }
            .bind(host: address.host, port: address.port).get()
        onListening(ListenAddress(host: address.host, port: channel.localAddress?.port ?? address.port))
        let drained = channel.eventLoop.makePromise(of: Void.self)
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await drained.futureResult.get()
        } onCancelOrGracefulShutdown: {
            quiescing.initiateShutdown(promise: drained)
        }
    }
}
