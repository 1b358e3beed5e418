/// The request path of the runtime in SQL: `tierc.check_request` (simulation.md §2 steps 2–5 for an identified
/// tenant) and `tierc.tenant_for_api_key`. Both are SECURITY DEFINER with a pinned search_path, so that an
/// application role needs EXECUTE only, never write access to the counters.
enum PostgresDecisionFunctions {
    /// Decides one request and counts it when allowed.
    ///
    /// 1. One statement reads the tenant's tier, the first matching route, the feature grant and the meter's
    ///    window limits, so that a decision never mixes two policy revisions being swapped.
    /// 2. Unknown tenant or a tier the policy lacks: 401; route feature the tier lacks: 403; no meter or cost 0:
    ///    200 (unmetered).
    /// 3. A transaction-scoped advisory lock on (tenant, meter) (class 1953064307) serializes the deciders of that counter; the
    ///    counters are then read (a new snapshot in READ COMMITTED: every earlier holder has committed), the
    ///    windows checked month → day → hour → minute with `used > limit - cost` (no overflow), and an allowed
    ///    cost added to the month and every limited window in one upsert (saturating, like the runtime).
    static let checkRequest = #"""
        CREATE OR REPLACE FUNCTION tierc.check_request(p_tenant text, p_path text, p_at timestamptz)
        RETURNS TABLE (status integer, quota_window text, limit_value bigint, used bigint, reset_at timestamptz)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
        #variable_conflict use_column
        DECLARE
            d record;
            v_path text;
            v_utc timestamp;
            v_month timestamp;
            v_day timestamp;
            v_hour timestamp;
            v_minute timestamp;
            u_month bigint;
            u_day bigint;
            u_hour bigint;
            u_minute bigint;
        BEGIN
            IF p_tenant IS NULL OR p_path IS NULL OR p_at IS NULL THEN
                RAISE EXCEPTION 'tierc.check_request: p_tenant, p_path and p_at must not be NULL'
                    USING ERRCODE = 'null_value_not_allowed';
            END IF;
            IF NOT isfinite(p_at) THEN
                RAISE EXCEPTION 'tierc.check_request: p_at must be a finite time, not %', p_at
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            v_path := '/' || p_path;
            SELECT tr.id AS tier, m.meter, m.cost,
                   (rt.feature IS NULL OR EXISTS (
                       SELECT 1 FROM tierc.tier_features f WHERE f.tier = tr.id AND f.feature = rt.feature)) AS granted,
                   lim.month_limit, lim.day_limit, lim.hour_limit, lim.minute_limit
              INTO d
              FROM tierc.policy_info p
              LEFT JOIN tierc.tenants t ON t.id = p_tenant
              LEFT JOIN tierc.tiers tr ON tr.id = t.tier
              LEFT JOIN LATERAL (
                  SELECT r.ordinal, r.feature, r.meter, r.cost
                    FROM tierc.routes r
                   WHERE starts_with(p_path COLLATE "C", r.literal_prefix) AND v_path COLLATE "C" ~ r.match_regex
                   ORDER BY r.ordinal
                   LIMIT 1) rt ON true
              CROSS JOIN LATERAL (
                  SELECT CASE WHEN rt.ordinal IS NULL THEN p.default_meter ELSE rt.meter END AS meter,
                         CASE WHEN rt.ordinal IS NULL THEN 1 ELSE rt.cost END AS cost) m
              LEFT JOIN LATERAL (
                  SELECT max(l.limit_value) FILTER (WHERE l.window_kind = 'month') AS month_limit,
                         max(l.limit_value) FILTER (WHERE l.window_kind = 'day') AS day_limit,
                         max(l.limit_value) FILTER (WHERE l.window_kind = 'hour') AS hour_limit,
                         max(l.limit_value) FILTER (WHERE l.window_kind = 'minute') AS minute_limit
                    FROM tierc.limits l
                   WHERE l.tier = tr.id AND l.meter = m.meter) lim ON true;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'tierc.check_request: no policy is loaded (apply policy.sql first)'
                    USING ERRCODE = 'object_not_in_prerequisite_state';
            END IF;
            IF d.tier IS NULL THEN
                status := 401;
            ELSIF NOT d.granted THEN
                status := 403;
            ELSIF d.meter IS NULL OR d.cost = 0 THEN
                status := 200;
            END IF;
            IF status IS NOT NULL THEN
                RETURN NEXT;
                RETURN;
            END IF;

            v_utc := p_at AT TIME ZONE 'UTC';
            v_month := date_trunc('month', v_utc);
            v_day := date_trunc('day', v_utc);
            v_hour := date_trunc('hour', v_utc);
            v_minute := date_trunc('minute', v_utc);
            PERFORM pg_advisory_xact_lock(1953064307, hashtext(p_tenant || '/' || d.meter));
            SELECT (SELECT c.used FROM tierc.usage_counters c
                     WHERE c.tenant = p_tenant AND c.meter = d.meter AND c.window_kind = 'month'
                       AND c.window_start = v_month AT TIME ZONE 'UTC'),
                   CASE WHEN d.day_limit IS NOT NULL THEN (SELECT c.used FROM tierc.usage_counters c
                     WHERE c.tenant = p_tenant AND c.meter = d.meter AND c.window_kind = 'day'
                       AND c.window_start = v_day AT TIME ZONE 'UTC') END,
                   CASE WHEN d.hour_limit IS NOT NULL THEN (SELECT c.used FROM tierc.usage_counters c
                     WHERE c.tenant = p_tenant AND c.meter = d.meter AND c.window_kind = 'hour'
                       AND c.window_start = v_hour AT TIME ZONE 'UTC') END,
                   CASE WHEN d.minute_limit IS NOT NULL THEN (SELECT c.used FROM tierc.usage_counters c
                     WHERE c.tenant = p_tenant AND c.meter = d.meter AND c.window_kind = 'minute'
                       AND c.window_start = v_minute AT TIME ZONE 'UTC') END
              INTO u_month, u_day, u_hour, u_minute;
            u_month := coalesce(u_month, 0);
            u_day := coalesce(u_day, 0);
            u_hour := coalesce(u_hour, 0);
            u_minute := coalesce(u_minute, 0);

            IF d.month_limit IS NOT NULL AND u_month > d.month_limit - d.cost THEN
                quota_window := 'month';
                limit_value := d.month_limit;
                used := u_month;
                reset_at := (v_month + interval '1 month') AT TIME ZONE 'UTC';
            ELSIF d.day_limit IS NOT NULL AND u_day > d.day_limit - d.cost THEN
                quota_window := 'day';
                limit_value := d.day_limit;
                used := u_day;
                reset_at := (v_day + interval '1 day') AT TIME ZONE 'UTC';
            ELSIF d.hour_limit IS NOT NULL AND u_hour > d.hour_limit - d.cost THEN
                quota_window := 'hour';
                limit_value := d.hour_limit;
                used := u_hour;
                reset_at := (v_hour + interval '1 hour') AT TIME ZONE 'UTC';
            ELSIF d.minute_limit IS NOT NULL AND u_minute > d.minute_limit - d.cost THEN
                quota_window := 'minute';
                limit_value := d.minute_limit;
                used := u_minute;
                reset_at := (v_minute + interval '1 minute') AT TIME ZONE 'UTC';
            END IF;
            IF quota_window IS NOT NULL THEN
                status := 429;
                RETURN NEXT;
                RETURN;
            END IF;

            INSERT INTO tierc.usage_counters AS c (tenant, meter, window_kind, window_start, used)
            SELECT p_tenant, d.meter, w.kind, w.start AT TIME ZONE 'UTC', d.cost
              FROM (VALUES ('month', v_month, true),
                           ('day', v_day, d.day_limit IS NOT NULL),
                           ('hour', v_hour, d.hour_limit IS NOT NULL),
                           ('minute', v_minute, d.minute_limit IS NOT NULL)) AS w (kind, start, kept)
             WHERE w.kept
            ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
               SET used = CASE WHEN c.used > 9223372036854775807 - excluded.used THEN 9223372036854775807
                               ELSE c.used + excluded.used END;
            status := 200;
            RETURN NEXT;
        END
        $tierc$;
        """#

    /// The tenant owning an API key, by the key's SHA-256 (the raw key is never stored); NULL when none.
    static let tenantForAPIKey = #"""
        CREATE OR REPLACE FUNCTION tierc.tenant_for_api_key(p_key text)
        RETURNS text
        LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
            SELECT k.tenant
              FROM tierc.api_keys k
             WHERE k.key_hash = encode(sha256(convert_to(p_key, 'UTF8')), 'hex')
        $tierc$;
        """#

    static let all = [checkRequest, tenantForAPIKey]
}
