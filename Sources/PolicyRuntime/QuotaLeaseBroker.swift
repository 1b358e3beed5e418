/// Where a ``LeaseQuotaStore`` reserves quota (docs/serve.md#leases): the generated PostgreSQL's
/// `tierc.reserve_quota` and `tierc.return_quota` (docs/postgres.md#leases), or ``InMemoryLeaseBroker`` over one
/// ``QuotaState``. A reservation counts as used for every other caller until its unused rest is returned, so
/// instances that decide locally from their reservations never admit more than a limit between them.
public protocol QuotaLeaseBroker: Sendable {
    /// Returns `request.returning` (when set), then reserves between `request.minimum` and `request.maximum`
    /// units of the tenant's meter in every window of the meter at once, all in one atomic step. Grants 0 when
    /// fewer than `minimum` units remain in some limited window; otherwise at most half of the smallest remaining
    /// (``LeaseSizing``). The grant names the windows it spans with their counts after it.
    func acquire(_ request: LeaseRequest) async throws -> LeaseGrant
    /// Returns the unused rest of a lease to every window it was counted in. A lease already returned (or never
    /// granted) returns nothing and is no error, so a retry after a lost answer is harmless.
    func release(_ lease: LeaseReturn) async throws
}
