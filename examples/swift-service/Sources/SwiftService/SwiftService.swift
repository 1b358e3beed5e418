import Foundation
import Hummingbird
import PolicyRuntime
import TiercHummingbird

/// The application's request context: Hummingbird's storage plus what tierc's middleware decided.
struct ServiceContext: TiercRequestContext {
    var coreContext: CoreRequestContextStorage
    var tierc = TiercRequestState()

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

/// `swift run SwiftService POLICY.tierc [PORT]`: serves a few routes, each decided by the compiled policy (and its
/// tenants) before the handler runs. Refusals (401, 403, 429) never reach a handler; an admitted request's
/// handler reads the tenant from its context, and its answer carries the rate-limit headers.
@main
struct SwiftService {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: SwiftService POLICY.tierc [PORT]\n".utf8))
            exit(64)
        }
        let snapshot = try Snapshot.load([UInt8](try Data(contentsOf: URL(fileURLWithPath: arguments[1]))))
        guard let tenants = snapshot.tenants else {
            FileHandle.standardError.write(Data("the snapshot has no tenants: compile it with --tenants\n".utf8))
            exit(1)
        }
        let policy = PolicyHolder(ActivePolicy(policy: snapshot.policy, tenants: tenants, revision: snapshot.header.revision))

        let router = Router(context: ServiceContext.self)
        router.add(middleware: TiercMiddleware(policy: policy))
        router.get("/api/v1/orders") { _, context -> String in
            guard let tenant = context.tierc.tenant else { return "[]  (anonymous: no tenant's orders)\n" }
            return "orders of \(tenant.id) on the \(tenant.tier) tier\n"
        }
        router.get("/api/intelligence/predictions/revenue") { _, context -> String in
            "revenue prediction for \(context.tierc.tenant?.id ?? "nobody")\n"
        }
        let port = arguments.count >= 3 ? Int(arguments[2]) ?? 8081 : 8081
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }
}
