CREATE OR REPLACE FUNCTION tierc.charge_counter(p_tenant text, p_meter text, p_cost bigint, p_at timestamptz,
                                                p_force boolean)
RETURNS TABLE (status integer, quota_window text, limit_value bigint, used bigint, reset_at timestamptz)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $tierc$
#variable_conflict use_column
-- The quota part alone, for a tenant, meter and cost that the caller resolved (charge and record_usage,
-- docs/postgres.md#serving-from-postgresql): the limits are the tenant's tier's in tierc.limits, read in this
-- call, and the rule is check_request's quota block (quota_block.fragment.sql). p_force counts without refusing
-- (record_usage): every limited window gets the largest limit, so the shared block admits and counts in exactly
-- the windows it would have counted. Not granted to anyone: charge and record_usage run it as the owner.
DECLARE
    d record;
    q record;
    /*{{quota_variables}}*/
BEGIN
    /*{{window_starts}}*/
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

    /*{{quota_block}}*/
END
$tierc$;
