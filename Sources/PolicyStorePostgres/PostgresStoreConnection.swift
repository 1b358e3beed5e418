internal import Logging
public import PolicyModel
internal import PolicyRuntime
internal import NIOSSL
internal import PostgresNIO
internal import Synchronization

/// The pool of `tierc serve --store postgres://…` (docs/postgres.md#serving-from-postgresql): a postgres-nio
/// `PostgresClient` of at most `poolSize` connections, shared by every ``PostgresQuotaStore`` of the process (a
/// reload makes a new store for the new policy on the same pool). ``run()`` must run for as long as the pool is
/// used. Every call is bounded by ``callTimeout``, so that a database that went away fails a decision in bounded
/// time instead of holding it.
public final class PostgresStoreConnection: Sendable {
    /// The database (its description has no password).
    public let url: PostgresStoreURL
    /// `--store-pool-size`: the most connections the pool opens.
    public let poolSize: Int
    /// The longest a store call waits for a connection and an answer.
    public let callTimeout: Duration
    let client: PostgresClient
    private let failures = Mutex(0)

    /// A pool for `url` of at most `poolSize` connections; nothing is connected before ``run()`` and the first call.
    public init(url: PostgresStoreURL, poolSize: Int, callTimeout: Duration = .seconds(5)) {
        self.url = url
        self.poolSize = poolSize
        self.callTimeout = callTimeout
        var configuration = PostgresClient.Configuration(host: url.host, port: url.port, username: url.user,
                                                         password: url.password, database: url.database,
                                                         tls: Self.clientTLS(url.tls))
        configuration.options.maximumConnections = poolSize
        configuration.options.minimumConnections = 0
        configuration.options.connectTimeout = .seconds(5)
        client = PostgresClient(configuration: configuration, backgroundLogger: Logger(label: "tierc.store", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Runs the pool until the task is cancelled.
    public func run() async {
        await client.run()
    }

    /// Calls that failed since the start (the database away, a timeout, a function's error).
    public var failedCalls: Int { failures.withLock { $0 } }

    /// Runs `body` on the pool within ``callTimeout``; every failure is a ``PostgresStoreError`` with a readable
    /// message (postgres-nio's own descriptions hide the server's). The caller is answered at the timeout even if
    /// the call itself does not end then (a query stuck on the server is cancelled, and ends on its own time).
    func run<Result: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> Result) async throws(PostgresStoreError) -> Result {
        let client = self.client
        let timeout = callTimeout
        let url = self.url
        let outcome: Swift.Result<Result, PostgresStoreError> = await withCheckedContinuation { continuation in
            let answered = Mutex(false)
            let answer: @Sendable (Swift.Result<Result, PostgresStoreError>) -> Bool = { result in
                let first = answered.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: result) }
                return first
            }
            let work = Mutex<Task<Void, Never>?>(nil)
            let timer = Task {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled, answer(.failure(.query("no answer from the database at \(url) within \(timeout)"))) {
                    work.withLock { $0?.cancel() }
                }
            }
            let task = Task {
                let result: Swift.Result<Result, PostgresStoreError>
                do {
                    result = .success(try await body(client))
                } catch let error as PostgresStoreError {
                    result = .failure(error)
                } catch {
                    result = .failure(.query("the database at \(url): \(Self.describe(error))"))
                }
                if answer(result) { timer.cancel() }
            }
            work.withLock { $0 = task }
        }
        switch outcome {
        case .success(let value):
            return value
        case .failure(let error):
            failures.withLock { $0 += 1 }
            throw error
        }
    }

    /// One round trip through the pool (`SELECT 1`): whether the database answers again after an outage.
    public func ping() async throws(PostgresStoreError) {
        _ = try await run { try await $0.query("SELECT 1").collect() }
    }

    /// Counts `cost` admitted without the database at `seconds` (epoch seconds): `tierc.record_usage`, which
    /// refuses nothing (docs/serve.md#when-the-database-is-away).
    public func recordUsage(tenant: String, meter: String, cost: Int64, at seconds: Int64) async throws(PostgresStoreError) {
        let at = "\(seconds) seconds"
        _ = try await run {
            try await $0.query("""
                SELECT tierc.record_usage(\(tenant), \(meter), \(cost),
                                          '1970-01-01 00:00:00+00'::pg_catalog.timestamptz OPERATOR(pg_catalog.+) \(at)::pg_catalog.interval)
                """).collect()
        }
    }

    /// Checks, on one connection of its own, that the database can be reached and holds exactly the loaded
    /// policy (fingerprint and revision, `tierc.policy_info`) and the loaded tenants with their tiers
    /// (`tierc.tenants`). The error says what the database has and what to run.
    public func verify(policy: Policy, revision: UInt64, tenants: TenantDirectory) async throws(PostgresStoreError) {
        let configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user,
                                                             password: url.password, database: url.database,
                                                             tls: Self.connectionTLS(url.tls))
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0,
                                                              logger: Logger(label: "tierc.store", factory: { _ in SwiftLogNoOpLogHandler() }))
        } catch {
            throw .unreachable("cannot connect to the database at \(url): \(Self.describe(error)); start PostgreSQL or correct --store")
        }
        defer { Task { try? await connection.close() } }
        let info: (String, String, String)?
        var dbTenants: [String: String] = [:]
        do {
            let hasSchema = try await connection.query(
                "SELECT pg_catalog.to_regclass('tierc.policy_info') IS NOT NULL AND pg_catalog.to_regprocedure('tierc.charge(text, text, bigint, timestamptz)') IS NOT NULL",
                logger: connection.logger).collect().first?.decode(Bool.self) ?? false
            guard hasSchema else {
                throw PostgresStoreError.mismatch("""
                    the database at \(url) has no tierc schema of this version (tierc.policy_info and tierc.charge): \
                    apply the policy.sql and tenants.sql that `tierc compile POLICY --revision N --tenants FILE --out DIR` writes \
                    (psql -v ON_ERROR_STOP=1 -f DIR/policy.sql -f DIR/tenants.sql), then start tierc serve again
                    """)
            }
            info = try await connection.query(
                "SELECT p.name, p.fingerprint, p.revision::pg_catalog.text FROM tierc.policy_info p",
                logger: connection.logger).collect().first?.decode((String, String, String).self)
            for row in try await connection.query("SELECT t.id, t.tier FROM tierc.tenants t", logger: connection.logger).collect() {
                let (id, tier) = try row.decode((String, String).self)
                dbTenants[id] = tier
            }
        } catch let error as PostgresStoreError {
            throw error
        } catch {
            throw .unreachable("cannot read the tierc schema of the database at \(url): \(Self.describe(error))")
        }
        let expected = "policy \(policy.name) revision \(revision) (\(policy.fingerprint))"
        guard let (name, fingerprint, dbRevision) = info else {
            throw .mismatch("""
                the database at \(url) has no policy loaded; tierc serve loaded \(expected): apply its policy.sql \
                (`tierc compile POLICY --revision N --tenants FILE --out DIR`, then psql -v ON_ERROR_STOP=1 -f DIR/policy.sql -f DIR/tenants.sql)
                """)
        }
        guard fingerprint == policy.fingerprint, dbRevision == String(revision) else {
            throw .mismatch("""
                the database at \(url) has policy \(name) revision \(dbRevision) (\(fingerprint)); tierc serve loaded \
                \(expected): apply the policy.sql compiled from the same policy and revision (docs/serve.md#reload has \
                the order of operations), or serve the policy the database has
                """)
        }
        var missing: [String] = []
        var moved: [String] = []
        for tenant in tenants.tenants {
            guard let tier = dbTenants[tenant.id] else { missing.append(tenant.id); continue }
            if tier != tenant.tier { moved.append("\(tenant.id) is on \(tier) there, \(tenant.tier) here") }
        }
        if !missing.isEmpty || !moved.isEmpty {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("\(missing.count) tenant(s) missing (\(missing.prefix(3).joined(separator: ", "))\(missing.count > 3 ? ", …" : ""))") }
            if !moved.isEmpty { parts.append(moved.prefix(3).joined(separator: "; ") + (moved.count > 3 ? "; …" : "")) }
            throw .mismatch("""
                the database at \(url) has other tenants than tierc serve loaded: \(parts.joined(separator: "; ")); \
                apply the tenants.sql of the same tenants file (tierc compile POLICY --tenants FILE --out DIR)
                """)
        }
    }

    /// The server's message (and hint) for a server error, the underlying cause for a connection error.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                let hint = error.serverInfo?[.hint].map { "; hint: \($0)" } ?? ""
                return message + state + hint
            }
            if let underlying = error.underlying { return "\(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    static func clientTLS(_ mode: PostgresStoreURL.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    static func connectionTLS(_ mode: PostgresStoreURL.TLSMode) -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: (try? .prefer(.init(configuration: .makeClientConfiguration()))) ?? .disable
        case .require: (try? .require(.init(configuration: .makeClientConfiguration()))) ?? .disable
        }
    }
}
