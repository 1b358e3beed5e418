internal import PolicyRuntime
internal import ServiceLifecycle
internal import TiercHummingbird

/// `--lease N`'s returns (docs/serve.md#leases): every second, the leases of the policy in force whose windows
/// ended, and those that admitted nothing in the last ten seconds, go back to the database; on shutdown, after
/// the main listener has drained, every lease does.
struct LeaseReturns: Service {
    let holder: PolicyHolder
    /// "Now": the system clock, or under `--trust-clock-header` the latest request time seen.
    let clock: MonthToDateClock
    static let period: Duration = .seconds(1)
    /// A lease that admitted nothing for this long goes back.
    static let idleSeconds: Int64 = 10

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: Self.period)
            guard let leases = (holder.current.store as? GuardedQuotaStore)?.leases else { continue }
            let now = clock.now
            // A failure is the database's: the next round tries again, and the guard answers requests meanwhile.
            _ = try? await leases.returnExpired(at: now)
            _ = try? await leases.returnIdle(since: now - Self.idleSeconds)
        }
        if let leases = (holder.current.store as? GuardedQuotaStore)?.leases {
            do {
                try await leases.close()
            } catch {
                ServerLog.line("could not give back every lease on shutdown: \(error)")
            }
        }
    }
}
