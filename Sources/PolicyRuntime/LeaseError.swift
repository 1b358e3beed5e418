/// Why a broker or a ``LeaseQuotaStore`` refused to act (docs/serve.md#leases).
public enum LeaseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `--lease N` must be at least 1.
    case invalidLeaseSize(Int64)
    /// A request's minimum or maximum below 1.
    case invalidRequest(minimum: Int64, maximum: Int64)
    /// A tenant or meter index outside the broker's counters.
    case unknownCounter(tenant: Int, meter: Int)
    /// A return of more units than the lease has left, or of a negative number.
    case invalidReturn(LeaseID, unused: Int64, granted: Int64)
    /// A return naming another tenant or meter than the lease's.
    case leaseMismatch(LeaseID)
    /// A broker's grant outside the request's bounds, or a refusal that names no exhausted window.
    case inconsistentGrant(String)

    public var description: String {
        switch self {
        case .invalidLeaseSize(let size):
            "lease size \(size) is not allowed: reserve at least 1 unit per lease (e.g. --lease 100)"
        case .invalidRequest(let minimum, let maximum):
            "a lease request needs a minimum and a maximum of at least 1, not \(minimum) and \(maximum)"
        case .unknownCounter(let tenant, let meter):
            "no counter for tenant index \(tenant) and meter index \(meter): the broker was made for another policy or directory"
        case .invalidReturn(let lease, let unused, let granted):
            "\(lease) cannot return \(unused) units: between 0 and the \(granted) it holds"
        case .leaseMismatch(let lease):
            "\(lease) belongs to another tenant or meter than the return names"
        case .inconsistentGrant(let detail):
            "the lease broker answered inconsistently: \(detail)"
        }
    }
}
