import PolicyModel

/// The decision of a runtime that routes and gates requests itself and keeps only the counters in PostgreSQL
/// (`tierc serve --store postgres://…`, docs/postgres.md#serving-from-postgresql): `tierc.charge` decides one quota charge
/// (tenant, counter meter, cost) with the quota rule of `check_request` (the same generated block,
/// ``PostgresDecisionFunctions/quotaBlock(readWindows:countWindows:)``) and returns the `X-RateLimit-*` values as
/// `tierc.decide` does. One call, atomic in every window of the meter.
enum PostgresChargeFunctions {
    /// The quota part alone, for a tenant, meter and cost that the caller resolved: the limits are the tenant's
    /// tier's in `tierc.limits`, read in this call. `p_force` counts without refusing (`record_usage`): every
    /// limited window gets the largest limit, so the shared block admits and counts in exactly the windows it
    /// would have counted. Not granted to anyone: `charge` and `record_usage` run it as the owner.
    static var chargeCounter: String {
        let shorter: [Window] = [.day, .hour, .minute]
        let readWindows = shorter.map(PostgresDecisionFunctions.readWindow).joined(separator: "\n")
        let countWindows = shorter.map(PostgresDecisionFunctions.countWindow).joined(separator: "\n")
        return #"""
            CREATE OR REPLACE FUNCTION tierc.charge_counter(p_tenant text, p_meter text, p_cost bigint, p_at timestamptz,
                                                            p_force boolean)
            RETURNS TABLE (status integer, quota_window text, limit_value bigint, used bigint, reset_at timestamptz)
            LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
            AS $tierc$
            #variable_conflict use_column
            DECLARE
                d record;
                q record;
                \#(PostgresDecisionFunctions.quotaVariables)
            BEGIN
                \#(PostgresDecisionFunctions.windowStarts)
                -- The tier's limits of the meter; generation NULL: the row's stamp never matches check_request's
                -- fast path, which then takes its general path once and stamps the row again.
                SELECT tr.id AS tier, NULL::pg_catalog.int8 AS generation, p_meter AS meter, p_cost AS cost,
                       pg_catalog.max(l.limit_value) FILTER (WHERE l.window_kind OPERATOR(pg_catalog.=) 'month') AS month_limit,
                       pg_catalog.max(l.limit_value) FILTER (WHERE l.window_kind OPERATOR(pg_catalog.=) 'day') AS day_limit,
                       pg_catalog.max(l.limit_value) FILTER (WHERE l.window_kind OPERATOR(pg_catalog.=) 'hour') AS hour_limit,
                       pg_catalog.max(l.limit_value) FILTER (WHERE l.window_kind OPERATOR(pg_catalog.=) 'minute') AS minute_limit
                  INTO d
                  FROM tierc.tenants t
                  JOIN tierc.tiers tr ON tr.id OPERATOR(pg_catalog.=) t.tier
                  LEFT JOIN tierc.limits l ON l.tier OPERATOR(pg_catalog.=) tr.id AND l.meter OPERATOR(pg_catalog.=) p_meter
                 WHERE t.id OPERATOR(pg_catalog.=) p_tenant
                 GROUP BY tr.id;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'tierc.charge: tenant % is unknown or on a tier the loaded policy does not define',
                        pg_catalog.quote_literal(p_tenant)
                        USING ERRCODE = 'invalid_parameter_value',
                              HINT = 'apply the tenants.sql of the tenants file the runtime loaded';
                END IF;
                IF p_force THEN
                    d.month_limit := CASE WHEN d.month_limit IS NULL THEN NULL ELSE 9223372036854775807 END;
                    d.day_limit := CASE WHEN d.day_limit IS NULL THEN NULL ELSE 9223372036854775807 END;
                    d.hour_limit := CASE WHEN d.hour_limit IS NULL THEN NULL ELSE 9223372036854775807 END;
                    d.minute_limit := CASE WHEN d.minute_limit IS NULL THEN NULL ELSE 9223372036854775807 END;
                END IF;

            \#(PostgresDecisionFunctions.quotaBlock(readWindows: readWindows, countWindows: countWindows))
            END
            $tierc$;
            """#
    }

    /// Decides one charge and returns `decide`'s nine columns: the quota answer (200 or 429 with the refusing
    /// window) and the binding window's limit, remaining and reset after the decision. Refuses NULLs, a cost
    /// below 1, a meter that is not a counter and a time outside 0001–9999 before anything is counted.
    static let charge = #"""
        CREATE OR REPLACE FUNCTION tierc.charge(p_tenant text, p_meter text, p_cost bigint, p_at timestamptz)
        RETURNS TABLE (status integer, quota_window text, limit_value bigint, used bigint, reset_at timestamptz,
                       rate_window text, rate_limit bigint, rate_remaining bigint, rate_reset timestamptz)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
        #variable_conflict use_column
        DECLARE
            c record;
            r record;
        BEGIN
            IF p_tenant IS NULL OR p_meter IS NULL OR p_cost IS NULL OR p_at IS NULL THEN
                RAISE EXCEPTION 'tierc.charge: p_tenant, p_meter, p_cost and p_at must not be NULL'
                    USING ERRCODE = 'null_value_not_allowed';
            END IF;
            IF p_cost OPERATOR(pg_catalog.<) 1 THEN
                RAISE EXCEPTION 'tierc.charge: p_cost must be at least 1, not % (a request of cost 0 is not charged)', p_cost
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF NOT (p_at OPERATOR(pg_catalog.>=) '0001-01-01 00:00:00+00'::pg_catalog.timestamptz
                    AND p_at OPERATOR(pg_catalog.<) '10000-01-01 00:00:00+00'::pg_catalog.timestamptz) THEN
                RAISE EXCEPTION 'tierc.charge: p_at must be a finite time in the years 0001 to 9999 (UTC), not %', p_at
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF NOT EXISTS (SELECT 1 FROM tierc.meters m
                            WHERE m.id OPERATOR(pg_catalog.=) p_meter AND m.kind OPERATOR(pg_catalog.=) 'counter') THEN
                RAISE EXCEPTION 'tierc.charge: % is not a counter meter of the loaded policy', pg_catalog.quote_literal(p_meter)
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            SELECT x.status, x.quota_window, x.limit_value, x.used, x.reset_at INTO c
              FROM tierc.charge_counter(p_tenant, p_meter, p_cost, p_at, false) AS x;
            status := c.status;
            quota_window := c.quota_window;
            limit_value := c.limit_value;
            used := c.used;
            reset_at := c.reset_at;
            -- As tierc.decide: an allowed charge holds its month row's lock until the transaction ends.
            SELECT w.quota_window, w.limit_value, w.remaining, w.reset_at INTO r
              FROM tierc.tenants t
             CROSS JOIN LATERAL tierc.meter_usage(p_tenant, t.tier, p_meter, p_at) AS w
             WHERE t.id OPERATOR(pg_catalog.=) p_tenant AND w.limit_value IS NOT NULL
             ORDER BY w.remaining, w.n
             LIMIT 1;
            IF FOUND THEN
                rate_window := r.quota_window;
                rate_limit := r.limit_value;
                rate_remaining := r.remaining;
                rate_reset := r.reset_at;
            END IF;
            RETURN NEXT;
        END
        $tierc$;
        """#

    /// Counts an admitted cost without refusing anything: what `tierc serve --on-store-error allow` admitted
    /// while the database was away, written back when it returns (docs/serve.md#when-the-database-is-away). The
    /// same checks of its arguments as `charge`, the same windows counted; returns nothing.
    static let recordUsage = #"""
        CREATE OR REPLACE FUNCTION tierc.record_usage(p_tenant text, p_meter text, p_cost bigint, p_at timestamptz)
        RETURNS void
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
        BEGIN
            IF p_tenant IS NULL OR p_meter IS NULL OR p_cost IS NULL OR p_at IS NULL THEN
                RAISE EXCEPTION 'tierc.record_usage: p_tenant, p_meter, p_cost and p_at must not be NULL'
                    USING ERRCODE = 'null_value_not_allowed';
            END IF;
            IF p_cost OPERATOR(pg_catalog.<) 1 THEN
                RAISE EXCEPTION 'tierc.record_usage: p_cost must be at least 1, not % (a request of cost 0 is not charged)', p_cost
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF NOT (p_at OPERATOR(pg_catalog.>=) '0001-01-01 00:00:00+00'::pg_catalog.timestamptz
                    AND p_at OPERATOR(pg_catalog.<) '10000-01-01 00:00:00+00'::pg_catalog.timestamptz) THEN
                RAISE EXCEPTION 'tierc.record_usage: p_at must be a finite time in the years 0001 to 9999 (UTC), not %', p_at
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF NOT EXISTS (SELECT 1 FROM tierc.meters m
                            WHERE m.id OPERATOR(pg_catalog.=) p_meter AND m.kind OPERATOR(pg_catalog.=) 'counter') THEN
                RAISE EXCEPTION 'tierc.record_usage: % is not a counter meter of the loaded policy', pg_catalog.quote_literal(p_meter)
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            PERFORM tierc.charge_counter(p_tenant, p_meter, p_cost, p_at, true);
        END
        $tierc$;
        """#

    /// In creation order (after `PostgresRateLimitFunctions`, whose `meter_usage` `charge` reads).
    static var all: [String] { [chargeCounter, charge, recordUsage] }
}
