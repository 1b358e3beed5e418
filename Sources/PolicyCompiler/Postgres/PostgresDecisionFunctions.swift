import PolicyModel

/// The functions whose SQL the emitter completes (docs/postgres.md#where-the-sql-lives): `check_request`, whose fast
/// path is specialised to the windows the policy limits, and those that share a fragment with it (`decide` the
/// route lookup, `charge_counter` the quota block). The SQL and its explanation are in `Postgres/SQL/`.
enum PostgresDecisionFunctions {
    /// The windows shorter than a month that some tier limits on some counter meter, longest first. The month row
    /// holds the latest window of each of these kinds, and the fast path checks them in place.
    static func trackedWindows(of policy: Policy) -> [Window] {
        Window.checkOrder.filter { window in
            window != .month && policy.tiers.contains { tier in
                tier.limits.values.contains { limit in
                    if case .counter(let windows) = limit, case .limited? = windows[window] { return true }
                    return false
                }
            }
        }
    }

    /// SQL/check_request.sql with its fragments, and its fast path's UPDATE specialised to `trackedWindows`: the
    /// count of each tracked window in `SET`, and for each shorter window either the in-place check of the month
    /// row's latest window (tracked) or the requirement that the rule leaves it unlimited (not tracked).
    static func checkRequest(trackedWindows: [Window]) -> String {
        let fastSet = trackedWindows.map { window in
            let w = window.rawValue
            return ",\n           \(w)_used = CASE WHEN dr.\(w)_cap IS NULL THEN q.\(w)_used ELSE q.\(w)_used OPERATOR(pg_catalog.+) dr.cost END"
        }.joined()
        let fastWhere = [Window.day, .hour, .minute].map { window in
            let w = window.rawValue
            return trackedWindows.contains(window)
                ? "AND (dr.\(w)_cap IS NULL OR (q.\(w)_start OPERATOR(pg_catalog.=) v_\(w) AND q.\(w)_used OPERATOR(pg_catalog.<=) dr.\(w)_cap))"
                : "AND dr.\(w)_cap IS NULL"
        }.joined(separator: "\n       ")
        return SQLPlaceholders.fill(PostgresSQLFiles.checkRequest, [
            "quota_variables": PostgresSQLFiles.quotaVariablesFragment,
            "window_starts": PostgresSQLFiles.windowStartsFragment,
            "fast_set": fastSet,
            "route_ordinal": PostgresSQLFiles.routeOrdinalFragment,
            "fast_where": fastWhere,
            "quota_block": PostgresSQLFiles.quotaBlockFragment,
        ])
    }

    /// SQL/decide.sql with the route lookup of `check_request`.
    static var decide: String {
        SQLPlaceholders.fill(PostgresSQLFiles.decide, ["route_ordinal": PostgresSQLFiles.routeOrdinalFragment])
    }

    /// SQL/charge_counter.sql with the quota block of `check_request`.
    static var chargeCounter: String {
        SQLPlaceholders.fill(PostgresSQLFiles.chargeCounter, [
            "quota_variables": PostgresSQLFiles.quotaVariablesFragment,
            "window_starts": PostgresSQLFiles.windowStartsFragment,
            "quota_block": PostgresSQLFiles.quotaBlockFragment,
        ])
    }
}
