internal import PolicyRuntime
internal import PolicyStorePostgres
internal import ServiceLifecycle
internal import Synchronization
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// What the server knows of its `--store postgres` database (docs/serve.md#when-the-database-is-away): whether it
/// answers, since when not, what to do meanwhile (`--on-store-error`), the cost admitted locally that is still to
/// be written back, and the counts that `/metrics` and `/admin/v1/status` show. One per process, shared by the
/// stores of every policy a reload puts in force. The first failed call marks the database away; ``StoreProbe``
/// then tries it again with backoff, writes the local counts back, and marks it available.
final class StoreGuard: Sendable {
    let connection: PostgresStoreConnection
    let action: StoreErrorAction
    /// `--lease N` (docs/serve.md#leases); nil: one database call per decision.
    let leaseSize: Int64?
    /// This instance's name in `tierc.leases.holder`: `tierc-serve@HOST:PID`.
    let holder: String
    private let state = Mutex(State())
    let metrics: ServerMetrics?

    /// The first wait before trying the database again, and the longest.
    static let firstBackoff: Duration = .milliseconds(250)
    static let longestBackoff: Duration = .seconds(8)

    struct State {
        var available = true
        /// Bumped when an outage begins: a store's local counters belong to one outage.
        var outage = 0
        var backoff = StoreGuard.firstBackoff
        var nextAttempt: ContinuousClock.Instant?
        var lastError: String?
        var denied = 0
        /// Requests decided locally under `allow` (admitted or refused by this instance's own counts).
        var allowed = 0
        var errors = 0
        /// Admitted cost not yet in the database, by tenant id, meter id and minute (epoch seconds): one
        /// `tierc.record_usage` call each counts it in exactly the windows the requests would have been counted in.
        var pending: [PendingKey: Int64] = [:]
        var writtenBack: Int64 = 0
    }

    struct PendingKey: Hashable, Sendable {
        var tenant: String
        var meter: String
        var minute: Int64
    }

    /// What `/admin/v1/status` shows.
    struct Snapshot: Sendable {
        var available: Bool
        var lastError: String?
        var denied: Int
        var allowed: Int
        var errors: Int
        var pendingCost: Int64
        var writtenBack: Int64
        var retryAfterSeconds: Int64?
    }

    init(connection: PostgresStoreConnection, action: StoreErrorAction, leaseSize: Int64? = nil, metrics: ServerMetrics?) {
        self.connection = connection
        self.action = action
        self.leaseSize = leaseSize
        holder = "tierc-serve@\(Self.hostName()):\(getpid())"
        self.metrics = metrics
        metrics?.storeAvailable(true)
    }

    var snapshot: Snapshot {
        state.withLock { state in
            Snapshot(available: state.available, lastError: state.lastError, denied: state.denied, allowed: state.allowed,
                     errors: state.errors, pendingCost: state.pending.values.reduce(0, &+), writtenBack: state.writtenBack,
                     retryAfterSeconds: state.available ? nil : Self.seconds(until: state.nextAttempt))
        }
    }

    /// The current outage's number, nil while the database is available.
    var outage: Int? { state.withLock { $0.available ? nil : $0.outage } }

    /// A call failed: counts it and, if the database was available, starts an outage.
    func failed(_ error: any Error) {
        let started = state.withLock { state -> Bool in
            state.errors += 1
            state.lastError = "\(error)"
            guard state.available else { return false }
            state.available = false
            state.outage += 1
            state.backoff = Self.firstBackoff
            state.nextAttempt = .now + Self.firstBackoff
            return true
        }
        metrics?.storeFailed()
        if started {
            metrics?.storeAvailable(false)
            ServerLog.line("the quota database is unavailable (\(error)); --on-store-error \(action.rawValue) until it returns")
        }
    }

    /// A request answered 503 under `deny` (or a usage, invoice or gauge call while away).
    func unavailable() -> StoreUnavailable {
        let (retry, reason) = state.withLock { state in
            (Self.seconds(until: state.nextAttempt), state.lastError ?? "unavailable")
        }
        return StoreUnavailable(retryAfter: retry, reason: reason)
    }

    func denied() {
        state.withLock { $0.denied += 1 }
        metrics?.storeDecided(action: "denied")
    }

    /// A request decided locally under `allow`; an admitted one's cost is to be written back.
    func decidedLocally(tenant: String, meter: String, cost: Int64, at seconds: Int64, admitted: Bool) {
        state.withLock { state in
            state.allowed += 1
            guard admitted else { return }
            state.pending[PendingKey(tenant: tenant, meter: meter, minute: seconds - ((seconds % 60) + 60) % 60), default: 0] += cost
        }
        metrics?.storeDecided(action: "allowed")
    }

    /// Tries the database again whenever it is away, with backoff (250 ms doubling to 8 s); once it answers,
    /// writes the pending counts back (each entry removed once the database has it) and marks it available.
    func probe() async {
        while !Task.isCancelled {
            let wait: Duration? = state.withLock { state in
                guard !state.available, let next = state.nextAttempt else { return nil }
                return max(.zero, ContinuousClock.now.duration(to: next))
            }
            guard let wait else {
                try? await Task.sleep(for: .milliseconds(100))
                continue
            }
            try? await Task.sleep(for: wait)
            if Task.isCancelled { return }
            do {
                try await connection.ping()
                try await writeBack()
                let restored = state.withLock { state -> Bool in
                    // Requests admitted locally while the last batch was written go in the next round.
                    guard state.pending.isEmpty else { return false }
                    state.available = true
                    state.nextAttempt = nil
                    return true
                }
                if restored {
                    metrics?.storeAvailable(true)
                    ServerLog.line("the quota database is available again")
                }
            } catch {
                state.withLock { state in
                    state.errors += 1
                    state.lastError = "\(error)"
                    state.backoff = min(state.backoff * 2, Self.longestBackoff)
                    state.nextAttempt = .now + state.backoff
                }
                metrics?.storeFailed()
            }
        }
    }

    /// Writes every pending count back, one `tierc.record_usage` call per tenant, meter and minute.
    private func writeBack() async throws {
        let batch = state.withLock { $0.pending }
        for (key, cost) in batch.sorted(by: { ($0.key.minute, $0.key.tenant, $0.key.meter) < ($1.key.minute, $1.key.tenant, $1.key.meter) }) {
            try await connection.recordUsage(tenant: key.tenant, meter: key.meter, cost: cost, at: key.minute)
            state.withLock { state in
                let left = (state.pending[key] ?? 0) - cost
                state.pending[key] = left > 0 ? left : nil
                state.writtenBack += cost
            }
            metrics?.storeWroteBack(cost)
        }
    }

    /// Whole seconds until `instant`, at least 1 (`Retry-After`).
    static func seconds(until instant: ContinuousClock.Instant?) -> Int64 {
        guard let instant else { return 1 }
        let left = ContinuousClock.now.duration(to: instant).components
        return max(1, left.seconds + (left.attoseconds > 0 ? 1 : 0))
    }
}

extension StoreGuard {
    /// The machine's name, for the lease holder's name.
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Runs ``StoreGuard/probe()`` for the server's lifetime.
struct StoreProbe: Service {
    let guarded: StoreGuard

    func run() async throws {
        await cancelWhenGracefulShutdown { await guarded.probe() }
    }
}
