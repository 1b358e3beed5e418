public import PolicyStorePostgres

/// What `tierc serve` is asked to do (docs/serve.md, "Command line"), parsed and checked by the command.
public struct ServeOptions: Sendable {
    /// The public listener: decisions, the usage and invoice endpoints.
    public var listen = ListenAddress(host: "127.0.0.1", port: 8080)
    /// The admin listener: health, status, gauges (never on the public one).
    public var adminListen = ListenAddress(host: "127.0.0.1", port: 9090)
    /// Where allowed requests are forwarded; nil: decision-only mode.
    public var upstream: UpstreamURL?
    /// Take each request's time from `X-Tierc-Time` (replay tests only).
    public var trustClockHeader = false
    /// Append one request-log line per decision to this file.
    public var decisionLog: String?
    /// Per-tenant series in `/metrics`.
    public var metricsTenantLabels = false
    /// Files whose changes trigger a reload (`--watch`: the policy and the tenants file).
    public var watched: [String] = []
    /// `--store postgres://…`: the counters in PostgreSQL, shared by every instance on the same database
    /// (docs/serve.md#store); nil: `--store memory`, this process's own counters.
    public var store: PostgresStoreConnection?
    /// `--on-store-error`: what a request gets while the `--store` database is away.
    public var onStoreError = StoreErrorAction.deny
    /// `--lease N`: reserve up to N units of a tenant's meter at a time and decide locally (docs/serve.md#leases);
    /// nil: one `tierc.charge` call per metered request.
    public var lease: Int64?

    public init() {}
}

/// `HOST:PORT` of a listener; port 0 lets the system choose (tests).
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `127.0.0.1:8080`, `[::1]:8080`, `localhost:0`; nil when it is not a host and a port 0–65535.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else { return nil }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// An `http://host[:port][/base]` URL to forward to (docs/serve.md, "Forwarding"); only plain HTTP.
public struct UpstreamURL: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// The path prefix without a trailing `/` (empty for none).
    public var basePath: String

    public init?(_ text: String) {
        guard text.hasPrefix("http://") else { return nil }
        let rest = text.dropFirst("http://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        var base = String(rest[slash...])
        while base.hasSuffix("/") { base.removeLast() }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        if let address = ListenAddress(String(authority)), !authority.hasSuffix("]") {
            host = address.host
            port = address.port
        } else {
            var name = String(authority)
            if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
            host = name
            port = 80
        }
        guard !host.isEmpty, port > 0, !base.contains("?"), !base.contains("#") else { return nil }
        basePath = base
    }

    /// `host[:port]` for the upstream's Host field.
    public var authority: String {
        (host.contains(":") ? "[\(host)]" : host) + (port == 80 ? "" : ":\(port)")
    }

    public var description: String { "http://" + authority + basePath }
}
