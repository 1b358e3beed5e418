public import PolicyModel

/// A request reduced to what the quota decision needs: who sent it and which route it took. Plain values, no
/// text: cheap to pass between threads.
public struct ResolvedRequest: Sendable, Hashable {
    /// The outcome of identification (docs/log-format.md#identification).
    public var identity: Identity
    /// The index of the first matching route in the policy, or -1 when none matches (step 2).
    public var route: Int32

    public init(identity: Identity, route: Int32) {
        self.identity = identity
        self.route = route
    }
}

/// The stateless half of the decision procedure: identification and routing (docs/log-format.md#identification and
/// #decisions). Immutable and `Sendable`, so several threads can resolve requests while one ``PolicyEngine`` keeps the
/// counters; `PolicyEngine.decide(_:at:)` is `resolve` followed by `decide(resolved:at:)`. A class, so that handing
/// it to a parsing thread or a closure per line costs one reference count, not a copy of its tables (BENCHMARKS.md,
/// "Latest results: tierc simulate").
public final class RequestResolver: Sendable {
    public let tenants: TenantIndex
    let identification: IdentificationPlan
    /// The policy's identification settings that ``identification`` was prepared from.
    let settings: Identification
    let globs: [RouteGlob]
    /// The routes' `match` globs, in the policy's order, that ``globs`` were prepared from.
    let matches: [String]

    public init(policy: Policy, tenants: TenantIndex) {
        self.tenants = tenants
        settings = policy.identification
        identification = IdentificationPlan(policy.identification)
        globs = policy.routes.map { RouteGlob($0.match) }
        matches = policy.routes.map(\.match)
    }

    /// Whether `other` identifies every request as this resolver does (the same tenant index, or none): the same
    /// identification settings, and the same tenants in the same order with the same ids, key digests, revocations
    /// and subdomains. Routes, tiers and billing data may differ. `diff --replay` splits its replay by tenant only
    /// then (docs/simulation.md, "Replaying on several threads").
    public func identifiesAlike(_ other: RequestResolver) -> Bool {
        guard settings == other.settings, tenants.tenants.count == other.tenants.tenants.count else { return false }
        return zip(tenants.tenants, other.tenants.tenants).allSatisfy { a, b in
            a.id == b.id && a.apiKeyHashes == b.apiKeyHashes && a.keyRevocations == b.keyRevocations && a.subdomain == b.subdomain
        }
    }

    /// Whether `other` resolves every request as this resolver does: it identifies alike
    /// (``identifiesAlike(_:)``) and has the same route globs in the same order, so a route index means the same
    /// glob under both (the routes' costs and features may differ). `diff --replay` then resolves each line once
    /// for both policies (docs/simulation.md, "Replaying on several threads").
    public func resolvesAlike(_ other: RequestResolver) -> Bool {
        routesAlike(other) && identifiesAlike(other)
    }

    /// Whether `other` has the same route globs in the same order (half of ``resolvesAlike(_:)``, for a caller that
    /// already knows whether the two identify alike).
    public func routesAlike(_ other: RequestResolver) -> Bool { matches == other.matches }

    /// Identifies the tenant and finds the route of `request`, sent at `seconds` (epoch seconds: a revoked API
    /// key identifies nobody from 00:00 UTC of its revocation day).
    public func resolve(_ request: Request, at seconds: Int64) -> ResolvedRequest {
        let identity = identification.identify(request, in: tenants, at: seconds)
        guard case .tenant = identity else { return ResolvedRequest(identity: identity, route: -1) }
        return ResolvedRequest(identity: identity, route: routeIndex(for: request.path).map(Int32.init) ?? -1)
    }

    /// The index of the first route whose glob matches `path`; simple globs are matched on the bytes, the path
    /// is split only for the others. Globs are visited in place, never copied.
    public func routeIndex(for path: String) -> Int? {
        guard !globs.isEmpty else { return nil }
        var contiguous = path
        return contiguous.withUTF8 { bytes in
            globs.withUnsafeBufferPointer { globs in
                var parts: [Substring.UTF8View.SubSequence]?
                for index in globs.indices {
                    if let quick = globs[index].quickMatch(bytes) {
                        if quick { return index }
                        continue
                    }
                    if parts == nil { parts = RouteGlob.parts(of: path) }
                    if globs[index].matches(parts: parts!) { return index }
                }
                return nil
            }
        }
    }
}

extension RequestResolver {
    /// Identifies and routes a request read from the bytes of its line, exactly as ``resolve(_:at:)`` does the
    /// same request as a ``Request``, without building its text; `keys` remembers the digests of API keys.
    /// Nil when the bytes alone cannot decide (a query with a percent escape): resolve a ``Request`` then.
    /// `seconds` is the request's time, for keys revoked by then (``resolve(_:at:)``).
    public func resolve(bytes request: RequestBytes, keys: inout APIKeyDigests, at seconds: Int64) -> ResolvedRequest? {
        guard let identity = identification.identify(bytes: request, in: tenants, keys: &keys, at: seconds) else { return nil }
        guard case .tenant = identity else { return ResolvedRequest(identity: identity, route: -1) }
        if let path = request.path { return ResolvedRequest(identity: identity, route: routeIndex(bytes: path)) }
        let slash: StaticString = "/"
        return slash.withUTF8Buffer { ResolvedRequest(identity: identity, route: routeIndex(bytes: $0)) }
    }

    /// ``routeIndex(for:)`` of the UTF-8 bytes of a path, -1 when no route matches; the path is made a String
    /// only when a glob needs it split.
    func routeIndex(bytes path: UnsafeBufferPointer<UInt8>) -> Int32 {
        globs.withUnsafeBufferPointer { globs in
            for index in globs.indices {
                guard let quick = globs[index].quickMatch(path) else {
                    // From here on the String path decides (the globs before this one did not match).
                    let text = String(decoding: path, as: UTF8.self)
                    let parts = RouteGlob.parts(of: text)
                    for later in index..<globs.count {
                        if let quick = globs[later].quickMatch(path) {
                            if quick { return Int32(later) }
                        } else if globs[later].matches(parts: parts) {
                            return Int32(later)
                        }
                    }
                    return -1
                }
                if quick { return Int32(index) }
            }
            return -1
        }
    }
}
