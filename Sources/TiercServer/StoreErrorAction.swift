/// `--on-store-error deny|allow` (docs/serve.md#when-the-database-is-away): what a request gets while the
/// `--store postgres` database cannot be reached.
public enum StoreErrorAction: String, Sendable, CaseIterable {
    /// 503 with `Retry-After`: nothing is admitted that the database did not count.
    case deny
    /// Admitted unless this instance's own counts since the outage began already exhaust a window; the admitted
    /// cost is written back when the database returns.
    case allow
}
