CREATE OR REPLACE FUNCTION tierc.derive_decision_rules()
RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $tierc$
-- Rebuilds tierc.decision_rules from the policy tables: one row per tier and route, plus route -1 for
-- requests that match no route (the default meter, cost 1), with the feature grant and the meter's limits
-- resolved, so that check_request reads one row. A window without a limit row stays NULL (unlimited). metered
-- (granted, a meter, a cost) and the caps (limit - cost, the most a window may hold before the request; the
-- month's is never NULL, so that its count cannot overflow) serve the fast path, and a new generation voids
-- every month row's stamp. It holds tierc.tenants in SHARE mode until the load commits.
DECLARE
    v_rules bigint;
BEGIN
    -- Tenant changes wait until this load commits (and a load waits for tenant changes in progress): a
    -- change's trigger must give the rules it finds a new generation, never the rules being replaced.
    -- (policy.sql already holds a stronger lock from its trigger DDL; this keeps it true on its own.)
    LOCK TABLE tierc.tenants IN SHARE MODE;
    DELETE FROM tierc.decision_rules;
    INSERT INTO tierc.decision_rules
           (tier, route, granted, meter, cost, month_limit, day_limit, hour_limit, minute_limit,
            metered, month_cap, day_cap, hour_cap, minute_cap, generation)
    SELECT x.*,
           x.granted AND x.meter IS NOT NULL AND x.cost OPERATOR(pg_catalog.>) 0,
           coalesce(x.month_limit, 9223372036854775807) OPERATOR(pg_catalog.-) x.cost,
           x.day_limit OPERATOR(pg_catalog.-) x.cost, x.hour_limit OPERATOR(pg_catalog.-) x.cost, x.minute_limit OPERATOR(pg_catalog.-) x.cost,
           (SELECT pg_catalog.nextval('tierc.rule_generation'))
      FROM (SELECT tr.id, r.ordinal,
                   r.feature IS NULL OR EXISTS (
                       SELECT 1 FROM tierc.tier_features f WHERE f.tier OPERATOR(pg_catalog.=) tr.id AND f.feature OPERATOR(pg_catalog.=) r.feature),
                   r.meter, r.cost, lim.month_limit, lim.day_limit, lim.hour_limit, lim.minute_limit
              FROM tierc.tiers tr
             CROSS JOIN (SELECT ro.ordinal, ro.feature, ro.meter, ro.cost FROM tierc.routes ro
                         UNION ALL
                         SELECT -1, NULL, pi.default_meter, 1 FROM tierc.policy_info pi) AS r
             CROSS JOIN LATERAL (
                   SELECT pg_catalog.max(l.limit_value) FILTER (WHERE l.window_kind OPERATOR(pg_catalog.=) 'month') AS month_limit,
                          pg_catalog.max(l.limit_value) FILTER (WHERE l.window_kind OPERATOR(pg_catalog.=) 'day') AS day_limit,
                          pg_catalog.max(l.limit_value) FILTER (WHERE l.window_kind OPERATOR(pg_catalog.=) 'hour') AS hour_limit,
                          pg_catalog.max(l.limit_value) FILTER (WHERE l.window_kind OPERATOR(pg_catalog.=) 'minute') AS minute_limit
                     FROM tierc.limits l
                    WHERE l.tier OPERATOR(pg_catalog.=) tr.id AND l.meter OPERATOR(pg_catalog.=) r.meter) AS lim
           ) AS x (tier, route, granted, meter, cost, month_limit, day_limit, hour_limit, minute_limit);
    GET DIAGNOSTICS v_rules = ROW_COUNT;
    RETURN v_rules;
END
$tierc$;
