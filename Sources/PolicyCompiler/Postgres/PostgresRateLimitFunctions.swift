/// What a runtime built on the generated SQL needs besides the decision itself (docs/postgres.md, Functions):
/// `tierc.usage`, every window's used, limit, remaining and reset for one tenant at one time, and `tierc.decide`,
/// `check_request`'s answer with the `X-RateLimit-*` values of the binding window (docs/log-format.md, What a
/// runtime sends), for a 200 as for a 429. Both read the counters exactly as `check_request` does; neither counts
/// anything but the decision it makes.
enum PostgresRateLimitFunctions {
    /// The count of one window of one tenant's counter meter: the window of kind `p_kind` (`month`, `day`, `hour`,
    /// `minute`) that contains `p_at`. The month's count is the month row's; a shorter window is the month row's
    /// latest of its kind, an earlier one in `usage_windows`, and a later one has nothing counted yet (as
    /// `check_request`'s general path reads them). Not granted to anyone: `usage` and `decide` run it as the owner.
    static let windowUsed = #"""
        CREATE OR REPLACE FUNCTION tierc.window_used(p_tenant text, p_meter text, p_kind text, p_at timestamptz)
        RETURNS bigint
        LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, pg_temp
        AS $tierc$
        DECLARE
            q record;
            v_start timestamptz := pg_catalog.date_trunc(p_kind, p_at, 'UTC');
            v_latest timestamptz;
            v_latest_used bigint;
            v_used bigint;
        BEGIN
            -- No row: every field of q is NULL (nothing counted this month).
            SELECT m.used, m.day_start, m.day_used, m.hour_start, m.hour_used, m.minute_start, m.minute_used INTO q
              FROM tierc.usage_months m
             WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) p_meter
               AND m.month_start OPERATOR(pg_catalog.=) pg_catalog.date_trunc('month', p_at, 'UTC');
            IF p_kind OPERATOR(pg_catalog.=) 'month' THEN
                RETURN coalesce(q.used, 0);
            ELSIF p_kind OPERATOR(pg_catalog.=) 'day' THEN
                v_latest := q.day_start;
                v_latest_used := q.day_used;
            ELSIF p_kind OPERATOR(pg_catalog.=) 'hour' THEN
                v_latest := q.hour_start;
                v_latest_used := q.hour_used;
            ELSIF p_kind OPERATOR(pg_catalog.=) 'minute' THEN
                v_latest := q.minute_start;
                v_latest_used := q.minute_used;
            ELSE
                RAISE EXCEPTION 'tierc.window_used: unknown window kind %', pg_catalog.quote_literal(p_kind)
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF v_latest OPERATOR(pg_catalog.=) v_start THEN
                RETURN v_latest_used;
            ELSIF v_latest OPERATOR(pg_catalog.>) v_start THEN
                SELECT w.used INTO v_used FROM tierc.usage_windows w
                 WHERE w.tenant OPERATOR(pg_catalog.=) p_tenant AND w.meter OPERATOR(pg_catalog.=) p_meter
                   AND w.window_kind OPERATOR(pg_catalog.=) p_kind AND w.window_start OPERATOR(pg_catalog.=) v_start;
            END IF;
            RETURN coalesce(v_used, 0);
        END
        $tierc$;
        """#

    /// The windows of one counter meter for a tier at `p_at`: the month always (its count is the invoice quantity),
    /// and each shorter window that the tier limits on that meter, month → day → hour → minute (`n` 1 to 4, the
    /// order in which `check_request` checks them). `limit_value` and `remaining` are NULL for an unlimited month;
    /// `remaining` is `max(0, limit - used)`, as the runtime's `X-RateLimit-Remaining`. Not granted to anyone.
    static let meterUsage = #"""
        CREATE OR REPLACE FUNCTION tierc.meter_usage(p_tenant text, p_tier text, p_meter text, p_at timestamptz)
        RETURNS TABLE (n integer, quota_window text, window_start timestamptz, used bigint, limit_value bigint,
                       remaining bigint, reset_at timestamptz)
        LANGUAGE sql STABLE STRICT SET search_path = pg_catalog, pg_temp
        AS $tierc$
            SELECT k.n, k.kind, s.start, u.used, l.limit_value,
                   pg_catalog.int8larger(0, l.limit_value OPERATOR(pg_catalog.-) u.used),
                   ((s.start AT TIME ZONE 'UTC') OPERATOR(pg_catalog.+) k.span) AT TIME ZONE 'UTC'
              FROM (VALUES (1, 'month', '1 month'::pg_catalog.interval), (2, 'day', '1 day'::pg_catalog.interval),
                           (3, 'hour', '1 hour'::pg_catalog.interval), (4, 'minute', '1 minute'::pg_catalog.interval))
                   AS k (n, kind, span)
              LEFT JOIN tierc.limits l
                ON l.tier OPERATOR(pg_catalog.=) p_tier AND l.meter OPERATOR(pg_catalog.=) p_meter
               AND l.window_kind OPERATOR(pg_catalog.=) k.kind
             CROSS JOIN LATERAL (SELECT pg_catalog.date_trunc(k.kind, p_at, 'UTC') AS start) AS s
             CROSS JOIN LATERAL (SELECT tierc.window_used(p_tenant, p_meter, k.kind, p_at) AS used) AS u
             WHERE k.kind OPERATOR(pg_catalog.=) 'month' OR l.limit_value IS NOT NULL
             ORDER BY k.n
        $tierc$;
        """#

    /// Every window of a tenant's counter meters at `p_at`, meters in declaration order, each meter's windows
    /// month → day → hour → minute: the month (the invoice quantity so far) and each window that the tenant's
    /// tier limits, with its start, used, limit, remaining and reset (its end). Reads only; counts nothing.
    static let usage = #"""
        CREATE OR REPLACE FUNCTION tierc.usage(p_tenant text, p_at timestamptz)
        RETURNS TABLE (meter text, quota_window text, window_start timestamptz, used bigint, limit_value bigint,
                       remaining bigint, reset_at timestamptz)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
        #variable_conflict use_column
        DECLARE
            d record;
        BEGIN
            IF p_tenant IS NULL OR p_at IS NULL THEN
                RAISE EXCEPTION 'tierc.usage: p_tenant and p_at must not be NULL'
                    USING ERRCODE = 'null_value_not_allowed';
            END IF;
            -- The simulator's range (docs/postgres.md, Statuses and errors), as check_request.
            IF NOT (p_at OPERATOR(pg_catalog.>=) '0001-01-01 00:00:00+00'::pg_catalog.timestamptz
                    AND p_at OPERATOR(pg_catalog.<) '10000-01-01 00:00:00+00'::pg_catalog.timestamptz) THEN
                RAISE EXCEPTION 'tierc.usage: p_at must be a finite time in the years 0001 to 9999 (UTC), not %', p_at
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            SELECT t.id AS tenant, t.tier AS tier_id, tr.id AS tier INTO d
              FROM tierc.policy_info p
              LEFT JOIN tierc.tenants t ON t.id OPERATOR(pg_catalog.=) p_tenant
              LEFT JOIN tierc.tiers tr ON tr.id OPERATOR(pg_catalog.=) t.tier;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'tierc.usage: no policy is loaded (apply policy.sql first)'
                    USING ERRCODE = 'object_not_in_prerequisite_state';
            END IF;
            IF d.tenant IS NULL THEN
                RAISE EXCEPTION 'tierc.usage: unknown tenant %', pg_catalog.quote_literal(p_tenant)
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF d.tier IS NULL THEN
                RAISE EXCEPTION 'tierc.usage: tenant % is on tier %, which the policy does not define',
                    pg_catalog.quote_literal(p_tenant), pg_catalog.quote_literal(d.tier_id) USING ERRCODE = 'invalid_parameter_value';
            END IF;
            RETURN QUERY
                SELECT m.id::pg_catalog.text, w.quota_window, w.window_start, w.used, w.limit_value, w.remaining, w.reset_at
                  FROM tierc.meters m
                 CROSS JOIN LATERAL tierc.meter_usage(p_tenant, d.tier, m.id, p_at) AS w
                 WHERE m.kind OPERATOR(pg_catalog.=) 'counter'
                 ORDER BY m.ordinal, w.n;
        END
        $tierc$;
        """#

    /// `check_request`'s answer (the same five columns, from the same call) and the `X-RateLimit-*` values:
    /// for a metered 200 or 429 whose meter the tenant's tier limits in at least one window, the limited window
    /// with the least remaining after the decision, the longer one on a tie (docs/log-format.md, What a runtime
    /// sends); NULL otherwise (401, 403, no meter, cost 0, no limited window). An allowed decision holds its month
    /// row's lock until the transaction ends, so the counts read here are those this decision left.
    static var decide: String {
        #"""
        CREATE OR REPLACE FUNCTION tierc.decide(p_tenant text, p_path text, p_at timestamptz)
        RETURNS TABLE (status integer, quota_window text, limit_value bigint, used bigint, reset_at timestamptz,
                       rate_window text, rate_limit bigint, rate_remaining bigint, rate_reset timestamptz)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
        #variable_conflict use_column
        DECLARE
            c record;
            d record;
            r record;
            v_path text;
        BEGIN
            -- check_request refuses bad arguments (NULL, a time outside 0001–9999) before anything is counted.
            SELECT x.status, x.quota_window, x.limit_value, x.used, x.reset_at INTO c
              FROM tierc.check_request(p_tenant, p_path, p_at) AS x;
            status := c.status;
            quota_window := c.quota_window;
            limit_value := c.limit_value;
            used := c.used;
            reset_at := c.reset_at;
            IF c.status OPERATOR(pg_catalog.=) 200 OR c.status OPERATOR(pg_catalog.=) 429 THEN
                v_path := '/' OPERATOR(pg_catalog.||) p_path;
                SELECT dr.tier, dr.meter, dr.metered INTO d
                  FROM tierc.tenants t
                  JOIN tierc.decision_rules dr
                    ON dr.tier OPERATOR(pg_catalog.=) t.tier
                   AND dr.route OPERATOR(pg_catalog.=) \#(PostgresDecisionFunctions.routeOrdinal)
                 WHERE t.id OPERATOR(pg_catalog.=) p_tenant;
                IF FOUND AND d.metered THEN
                    SELECT w.quota_window, w.limit_value, w.remaining, w.reset_at INTO r
                      FROM tierc.meter_usage(p_tenant, d.tier, d.meter, p_at) AS w
                     WHERE w.limit_value IS NOT NULL
                     ORDER BY w.remaining, w.n
                     LIMIT 1;
                    IF FOUND THEN
                        rate_window := r.quota_window;
                        rate_limit := r.limit_value;
                        rate_remaining := r.remaining;
                        rate_reset := r.reset_at;
                    END IF;
                END IF;
            END IF;
            RETURN NEXT;
        END
        $tierc$;
        """#
    }

    /// In creation order: each after the functions it calls.
    static var all: [String] { [windowUsed, meterUsage, usage, decide] }
}
