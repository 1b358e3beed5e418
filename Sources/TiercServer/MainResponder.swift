internal import Hummingbird
internal import PolicyRuntime
internal import TiercHummingbird

/// The public listener with `--upstream` (docs/serve.md, "Forwarding"), on Hummingbird for its streamed request and
/// response bodies: tierc's own tenant endpoints are answered here (``OwnEndpoint``); every other request, whatever
/// its method, goes through ``TiercMiddleware`` and, when admitted, to the ``UpstreamForwarder``. Decision-only
/// mode has its own listener on SwiftNIO (``PublicListener``), with the same decisions and answers.
struct MainResponder: HTTPResponder {
    typealias Context = BasicTiercRequestContext

    let state: ServerState
    let middleware: TiercMiddleware<BasicTiercRequestContext>
    let upstream: UpstreamForwarder

    func respond(to request: Request, context: Context) async throws -> Response {
        do {
            return try await decide(request, context: context)
        } catch let unavailable as StoreUnavailable {
            // docs/serve.md#when-the-database-is-away
            return unavailable.answer.response
        }
    }

    private func decide(_ request: Request, context: Context) async throws -> Response {
        if let endpoint = OwnEndpoint(path: QueryParameters.path(ofTarget: request.head.path ?? "/")) {
            return try await endpoint.answer(request.head, clock: middleware.clock, holder: state.holder).response
        }
        return try await middleware.handle(request, context: context) { request, context in
            try await upstream.respond(to: request, context: context)
        }
    }
}
