/// The peer of `tierc simulate`: DuckDB (Python package) computing, with window functions, the per-tenant
/// report that a SQL engine can compute for a log written by `LogGenerator` in its default mode.
///
/// What the query computes, per tenant (the tiers of tiers/tiers.yaml are written into the query as a VALUES
/// table; the tenants' tiers are read from the generated tenants.yaml):
/// - reads every line with `read_json(format = 'newline_delimited', ignore_errors = true)` and the five keys the
///   decision needs (`ts`, `tenant`, `path`, `meter`, `value`); lines whose `ts` is missing or not a timestamp
///   are dropped, as tierc drops them;
/// - a request (no `meter`+`value`) is 403 when its path falls under a route whose feature the tier lacks
///   (features are the union along `extends`), 200 at cost 0 on `/api/v1/tenant/usage`, otherwise metered at
///   cost 1;
/// - the hour limit: `row_number()` over (tenant, UTC hour) in time order; the month limit: `row_number()` over
///   (tenant, UTC month) among the requests that passed the hour limit; a metered request is 200 when both
///   ranks are within the limits, else 429; the 429's window is `month` when the month was already exhausted
///   (a running count with a RANGE frame) and `hour` otherwise;
/// - per tenant: counts of 200/403/429, 429s by window, the first 429, gauge readings over the storage limit,
///   and the November invoice (base price, api_calls quantity × $0.01/1,000, the month's highest storage
///   reading × $0.10, each rounded half-up to cents).
///
/// Why this equals the sequential quota logic of docs/log-format.md#decisions for these logs: every metered request
/// costs 1, only hour and month windows are limited, and timestamps never go back (the generator's guarantee). Before a
/// tenant's month is exhausted no request is refused for the month, so the requests allowed are exactly those whose
/// rank in their hour is within the hour limit; once the month is exhausted every later request of that month is
/// refused. Requests of one tenant in the same (floored) second are interchangeable (same cost, same windows), so
/// ordering by the floored second is enough. The benchmark checks the claim: it compares the DuckDB result with tierc's
/// report, tenant by tenant.
enum DuckDBPeer {
    static let script = #"""
    # The DuckDB peer of `tierc simulate` (written by tierc-bench; see Sources/TiercBench/DuckDBPeer.swift).
    # usage: python3 duckdb_peer.py LOG TENANTS_YAML OUT_CSV [THREADS]
    import sys, time
    log, tenants_path, out = sys.argv[1:4]
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    import duckdb

    # tenants.yaml as generate-log writes it: "  <id>:" then "    tier: <tier>".
    tenants = []
    current = None
    with open(tenants_path) as f:
        for line in f:
            if line.startswith("  ") and not line.startswith("   ") and line.rstrip().endswith(":"):
                current = line.strip()[:-1]
            elif line.startswith("    tier:") and current is not None:
                tenants.append((current, line.split(":", 1)[1].strip()))

    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.execute("SET preserve_insertion_order = false")
    con.execute("CREATE TABLE tenants (tenant VARCHAR, tier VARCHAR)")
    con.execute("INSERT INTO tenants VALUES " + ",".join(f"('{t}', '{tier}')" for t, tier in tenants))
    # The tiers of tiers/tiers.yaml, resolved (limits merged and features united along `extends`).
    con.execute("""
    CREATE TABLE tiers AS SELECT * FROM (VALUES
      ('free',           0.00::DECIMAL(18,2),   100,   1000,   1::DECIMAL(18,3), false, false, false),
      ('starter',       29.00::DECIMAL(18,2),   500,  10000,   5::DECIMAL(18,3), false, false, false),
      ('professional',  99.00::DECIMAL(18,2),  2000,  50000,  20::DECIMAL(18,3), true,  true,  false),
      ('enterprise',   499.00::DECIMAL(18,2), 10000, 500000, 100::DECIMAL(18,3), true,  true,  true)
    ) AS t(tier, price, hour_limit, month_limit, storage_limit, ai_intelligence, growth_engine, priority_support)
    """)

    query = """
    COPY (
    WITH raw AS (
      SELECT date_trunc('second', TRY_CAST(ts AS TIMESTAMP)) AS t, tenant, path, meter, value
      FROM read_json('__LOG__', format = 'newline_delimited', ignore_errors = true,
                     columns = {ts: 'VARCHAR', tenant: 'VARCHAR', path: 'VARCHAR', meter: 'VARCHAR',
                                value: 'DECIMAL(18,3)'})
    ),
    known AS (
      SELECT r.t, r.tenant, r.path, r.meter, r.value, s.hour_limit, s.month_limit, s.storage_limit,
             s.ai_intelligence, s.growth_engine, s.priority_support
      FROM raw r JOIN tenants n ON n.tenant = r.tenant JOIN tiers s ON s.tier = n.tier
      WHERE r.t IS NOT NULL
    ),
    requests AS (
      SELECT tenant, t, hour_limit, month_limit,
        CASE
          WHEN (path = '/api/intelligence' OR path LIKE '/api/intelligence/%') AND NOT ai_intelligence THEN 403
          WHEN (path = '/api/growth' OR path LIKE '/api/growth/%') AND NOT growth_engine THEN 403
          WHEN (path = '/api/support/priority' OR path LIKE '/api/support/priority/%') AND NOT priority_support THEN 403
          WHEN path = '/api/v1/tenant/usage' THEN 0
          ELSE 1
        END AS kind
      FROM known WHERE meter IS NULL OR value IS NULL
    ),
    hour_ranked AS (
      SELECT *, row_number() OVER (PARTITION BY tenant, date_trunc('hour', t), kind = 1 ORDER BY t) AS hour_rank
      FROM requests
    ),
    month_ranked AS (
      SELECT *,
        row_number() OVER (PARTITION BY tenant, date_trunc('month', t), hour_ok ORDER BY t) AS month_rank,
        count(*) FILTER (WHERE hour_ok) OVER (PARTITION BY tenant, date_trunc('month', t) ORDER BY t
                                              RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS hour_ok_through
      FROM (SELECT *, kind = 1 AND hour_rank <= hour_limit AS hour_ok FROM hour_ranked)
    ),
    decided AS (
      SELECT tenant, t,
        CASE WHEN kind = 403 THEN 403 WHEN kind = 0 THEN 200
             WHEN hour_ok AND month_rank <= month_limit THEN 200 ELSE 429 END AS status,
        CASE WHEN kind = 1 AND NOT (hour_ok AND month_rank <= month_limit) THEN
               CASE WHEN hour_ok OR hour_ok_through >= month_limit THEN 'month' ELSE 'hour' END
        END AS reason,
        kind = 1 AND hour_ok AND month_rank <= month_limit AS billed
      FROM month_ranked
    ),
    per_tenant AS (
      SELECT tenant,
        count(*) FILTER (WHERE status = 200) AS s200,
        count(*) FILTER (WHERE status = 403) AS s403,
        count(*) FILTER (WHERE status = 429) AS s429,
        count(*) FILTER (WHERE reason = 'hour') AS rejected_hour,
        count(*) FILTER (WHERE reason = 'month') AS rejected_month,
        min(t) FILTER (WHERE status = 429) AS first_429,
        count(*) FILTER (WHERE billed) AS api_calls
      FROM decided GROUP BY tenant
    ),
    gauges AS (
      SELECT tenant, max(value) AS storage_gb, count(*) FILTER (WHERE value > storage_limit) AS over_limit
      FROM known WHERE meter = 'storage_gb' AND value IS NOT NULL GROUP BY tenant
    )
    SELECT n.tenant, n.tier,
      coalesce(s200, 0) AS s200, coalesce(s403, 0) AS s403, coalesce(s429, 0) AS s429,
      coalesce(rejected_hour, 0) AS rejected_hour, coalesce(rejected_month, 0) AS rejected_month,
      strftime(first_429, '%Y-%m-%dT%H:%M:%SZ') AS first_429,
      coalesce(over_limit, 0) AS gauge_over_limit,
      coalesce(api_calls, 0) AS api_calls, coalesce(storage_gb, 0) AS storage_gb,
      s.price + round(coalesce(api_calls, 0) * 0.00001, 2) + round(coalesce(storage_gb, 0) * 0.10, 2) AS total
    FROM tenants n JOIN tiers s ON s.tier = n.tier
      LEFT JOIN per_tenant p ON p.tenant = n.tenant LEFT JOIN gauges g ON g.tenant = n.tenant
    ORDER BY n.tenant
    ) TO '__OUT__' (HEADER, DELIMITER ',')
    """
    started = time.perf_counter()
    con.execute(query.replace("__OUT__", out.replace("'", "''")).replace("__LOG__", log.replace("'", "''")))
    print(f"query_seconds {time.perf_counter() - started:.3f}")
    print(f"duckdb_version {duckdb.__version__}")
    """#
}
