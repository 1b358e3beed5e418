import Hummingbird
import NIOCore

/// `tierc-bench static-server --port N`: Hummingbird answering every request on 127.0.0.1 with a fixed 200 and a
/// small JSON body, with Hummingbird's defaults as `tierc serve` uses them. A peer of scripts/bench-serve.sh: the
/// framework's own ceiling on this machine, between nginx and `tierc serve`.
struct StaticResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    static let body = #"{"tenant_id":"t0000","tier":"free"}"#

    func respond(to request: Request, context: Context) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: Self.body)))
    }
}

/// Serves ``StaticResponder`` until SIGTERM or SIGINT.
func runStaticServer(port: Int) async throws {
    let application = Application(responder: StaticResponder(),
                                  configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port),
                                                                          serverName: nil))
    try await application.runService()
}
