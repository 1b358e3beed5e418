import ArgumentParser
import PolicyModel
import PolicyRuntime
import PolicySource
import PolicyStorePostgres
import TiercHummingbird
import TiercPipeline
import TiercServer

/// `tierc serve`: decide live HTTP traffic by a policy (docs/serve.md). Thin glue: loads and checks the inputs
/// as the other commands do, then hands them to `TiercServer`.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Decide live HTTP requests by a policy: answer 401/403/429, forward or answer the rest.",
        usage: """
        tierc serve <policy> [--tenants <file>] [--listen <host:port>]
                    [--admin-listen <host:port>] [--upstream <url>]
                    [--public-key <file> [--require-signature]] [--watch]
                    [--decision-log <file>] [--metrics-tenant-labels]
                    [--trust-clock-header] [--shadow <candidate>]
                    [--store memory|postgres://USER@HOST:PORT/DB]
                    [--store-pool-size <n>] [--on-store-error deny|allow]
                    [--lease <n>]
        """,
        discussion: """
        Loads the policy (a snapshot of `tierc compile`, or a tiers.yaml checked and compiled in memory) and its \
        tenants, then listens. Every request on the main listener, except tierc's own endpoints \
        (/api/v1/tenant/usage, /api/v1/billing/invoice), is decided as `tierc simulate` decides a log line, at \
        the current UTC time: refusals are answered 401, 403 or 429; an allowed request is forwarded to --upstream, \
        or without it answered 200 with its tenant and tier (decision-only mode). The admin listener serves /metrics, /healthz, /readyz, \
        /admin/v1/status and POST /admin/v1/gauges. SIGHUP (and with --watch a change of the files) reloads the policy: loaded and \
        verified again, then swapped in; a failing reload keeps the policy in force. --decision-log appends one request-log line per decision (SIGUSR1 reopens it). \
        --shadow decides every request again by a candidate policy with its own counters, without changing any answer: \
        disagreements are counted in /metrics, marked in the decision log and summed up at GET /admin/v1/shadow. \
        --store postgres://USER@HOST:PORT/DB keeps the counters, gauge readings and invoices in the database that \
        the policy's policy.sql and tenants.sql were applied to, so that every instance on it enforces one quota; \
        tierc serve refuses to start when the database has another policy, revision or tenants, and a reload \
        needs the new revision applied first (docs/serve.md#store). --on-store-error says what requests get while \
        the database is away: deny (503) or allow (this instance's own counts, written back when it returns). \
        --lease N reserves up to N units of a tenant's quota at a time and decides locally from them. \
        SIGTERM and SIGINT stop gracefully. docs/serve.md has every endpoint, body and \
        header.

        Examples:
          tierc serve build/policy/policy.tierc
          tierc serve tiers/tiers.yaml --tenants examples/tenants.yaml \\
              --listen 127.0.0.1:8080
          tierc serve build/policy/policy.tierc --upstream http://127.0.0.1:3000
          tierc serve build/policy/policy.tierc \\
              --public-key keys/signing.pub --require-signature
          tierc serve build/policy/policy.tierc --shadow candidate/tiers.yaml \\
              --tenants tenants.yaml
          tierc serve build/policy/policy.tierc \\
              --store postgres://tierc_app@127.0.0.1:5432/app --store-pool-size 8

        Exit status:
          0   stopped by SIGTERM or SIGINT
          1   the policy, the tenants or the signature has errors, a listener
              could not be opened (nothing listens then), or the --store
              database holds another policy, revision or tenants
          3   an input file could not be read
          5   the --store database could not be reached or read
          64  usage error
        """
    )

    @Argument(help: ArgumentHelp("The policy: a snapshot written by `tierc compile`, or a tiers.yaml.", valueName: "policy"))
    var policy: String

    @Option(help: ArgumentHelp("The tenants file (tenants.yaml); optional when the policy is a snapshot compiled with --tenants.",
                               valueName: "file"))
    var tenants: String?

    @Option(help: ArgumentHelp("The main listener.", valueName: "host:port"))
    var listen = "127.0.0.1:8080"

    @Option(name: .customLong("admin-listen"), help: ArgumentHelp("The admin listener (metrics, health, status, gauges).",
                                                                  valueName: "host:port"))
    var adminListen = "127.0.0.1:9090"

    @Option(help: ArgumentHelp("Forward allowed requests to this http:// URL (without it: decision-only mode).",
                               valueName: "url"))
    var upstream: String?

    @Option(name: .customLong("public-key"),
            help: ArgumentHelp("Verify the snapshot's signature with this public key file (<prefix>.pub of `tierc keygen`).",
                               valueName: "file"))
    var publicKey: String?

    @Flag(help: "Refuse an unsigned snapshot (needs --public-key).")
    var requireSignature = false

    @Option(name: .customLong("decision-log"),
            help: ArgumentHelp("Append one request-log line per decision to this file (replayable with `tierc simulate`).",
                               valueName: "file"))
    var decisionLog: String?

    @Flag(name: .customLong("metrics-tenant-labels"),
          help: "Add per-tenant series to /metrics (one series per tenant and status: mind the cardinality).")
    var metricsTenantLabels = false

    @Flag(help: "Reload when the policy or tenants file changes (SIGHUP always reloads).")
    var watch = false

    @Option(help: ArgumentHelp("Also decide every request by this candidate policy (a snapshot or a tiers.yaml), without changing any answer.",
                               valueName: "candidate"))
    var shadow: String?

    @Option(help: ArgumentHelp("Where the counters live: `memory` (this process) or postgres://USER@HOST:PORT/DB, shared by every instance on that database (also :PASSWORD, ?sslmode=disable|prefer|require, PGPASSWORD; docs/serve.md#store).",
                               valueName: "store"))
    var store = "memory"

    @Option(name: .customLong("store-pool-size"),
            help: ArgumentHelp("The most connections to the --store database (1–1000).", valueName: "n"))
    var storePoolSize = 8

    @Option(name: .customLong("on-store-error"),
            help: ArgumentHelp("While the --store database is away: deny (503 with Retry-After) or allow (decide by this instance's own counts, write them back when it returns).",
                               valueName: "deny|allow"))
    var onStoreError = "deny"

    @Option(help: ArgumentHelp("With --store postgres: reserve up to N units of a tenant's meter at a time and decide locally until they are spent (docs/serve.md#leases).",
                               valueName: "n"))
    var lease: Int64?

    @Flag(name: .customLong("trust-clock-header"),
          help: "Take each request's time from its X-Tierc-Time header (RFC 3339). For replay tests only.")
    var trustClockHeader = false

    func validate() throws {
        if requireSignature, publicKey == nil {
            throw ValidationError("--require-signature needs --public-key to verify the signature with")
        }
        if policy == InputFile.standardInputPath || tenants == InputFile.standardInputPath || publicKey == InputFile.standardInputPath
            || shadow == InputFile.standardInputPath {
            throw ValidationError("serve reads files, not standard input ('-')")
        }
        _ = try options()
        _ = try storeURL()
    }

    /// `--on-store-error`.
    func storeErrorAction() throws -> StoreErrorAction {
        guard let action = StoreErrorAction(rawValue: onStoreError) else {
            throw ValidationError("--on-store-error must be deny or allow, found '\(onStoreError)'")
        }
        return action
    }

    /// The `--store` database; nil for `memory`.
    func storeURL() throws -> PostgresStoreURL? {
        guard (1...1_000).contains(storePoolSize) else {
            throw ValidationError("--store-pool-size must be 1 to 1000, found \(storePoolSize)")
        }
        _ = try storeErrorAction()
        if let lease, lease < 1 {
            throw ValidationError("--lease must be at least 1 (units reserved at a time), found \(lease)")
        }
        if store == "memory" {
            if onStoreError != "deny" { throw ValidationError("--on-store-error needs --store postgres://…") }
            if lease != nil { throw ValidationError("--lease needs --store postgres://… (leases are reserved in the database)") }
            return nil
        }
        do {
            return try PostgresStoreURL(store, environmentPassword: Terminal.variable("PGPASSWORD"))
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The listeners and modes as the server takes them.
    func options() throws -> ServeOptions {
        var options = ServeOptions()
        guard let main = ListenAddress(listen) else { throw ValidationError("--listen needs HOST:PORT, found '\(listen)'") }
        guard let admin = ListenAddress(adminListen) else {
            throw ValidationError("--admin-listen needs HOST:PORT, found '\(adminListen)'")
        }
        options.listen = main
        options.adminListen = admin
        options.trustClockHeader = trustClockHeader
        options.decisionLog = decisionLog
        options.metricsTenantLabels = metricsTenantLabels
        if let upstream {
            guard let url = UpstreamURL(upstream) else {
                throw ValidationError("--upstream needs an http://host[:port][/path] URL, found '\(upstream)'")
            }
            options.upstream = url
        }
        return options
    }

    func run() async throws {
        let options = try options()
        let signature = try Inspect.signatureRequirement(publicKey: publicKey, requireSignature: requireSignature)
        let budget = YAMLBudget.default
        let frontEnd = ServeFrontEnd(budget: budget, signature: signature)
        let source = try PolicyInput.read(policy, budget: budget)
        try Self.admit(source, frontEnd)
        let tenantsSource = try tenants.map { try PolicyInput.readTenants($0, budget: budget) }
        let loaded = try Self.show { () throws(ServeLoadError) in try frontEnd.load(policy: source, tenants: tenantsSource) }
        let directory = loaded.tenants
        let shadowSetup = try shadow.map { path in
            try candidate(path, tenants: tenantsSource, live: directory, frontEnd: frontEnd)
        }
        if trustClockHeader {
            Terminal.writeStderr("tierc: warning: --trust-clock-header: each request's time is taken from X-Tierc-Time; for replay tests only, never in production\n")
        }
        var serveOptions = options
        let active = ActivePolicy(policy: loaded.policy, tenants: directory, revision: loaded.revision)
        if let url = try storeURL() {
            let connection = PostgresStoreConnection(url: url, poolSize: storePoolSize)
            do {
                try await connection.verify(policy: loaded.policy, revision: loaded.revision, tenants: directory)
            } catch {
                Terminal.reportError("serve: --store: \(error.description)")
                if case .unreachable = error { throw ExitStatus.storeUnreachable }
                throw ExitStatus.inputHasErrors
            }
            serveOptions.store = connection
            serveOptions.onStoreError = try storeErrorAction()
            serveOptions.lease = lease
        }
        let state = ServerState(policy: active, loadedAt: TiercClock.now())
        if watch { serveOptions.watched = [policy] + (tenants.map { [$0] } ?? []) + (shadow.map { [$0] } ?? []) }
        let loader = ServeLoader(policyPath: policy, tenantsPath: tenants, frontEnd: frontEnd)
        let server = TiercServe(state: state, options: serveOptions, loader: { loader.load() }, shadow: shadowSetup)
        let summary = "policy \(loaded.policy.name) (\(active.fingerprint)), revision \(loaded.revision)"
            + (serveOptions.store.map { ", store \($0.url) (pool \($0.poolSize))" } ?? "")
            + (lease.map { ", leases of \($0)" } ?? "")
            + (shadowSetup.map { ", shadow \($0.candidate.policy.name) (\($0.candidate.policy.fingerprint)), revision \($0.candidate.revision)" } ?? "")
        do {
            try await server.run { kind, address in
                Terminal.writeStdout(kind == "main" ? "tierc serve: listening on http://\(address), \(summary)\n"
                                                    : "tierc serve: admin on http://\(address)\n")
            }
        } catch {
            Terminal.reportError("serve: \(error)")
            throw ExitStatus.inputHasErrors
        }
    }
}
