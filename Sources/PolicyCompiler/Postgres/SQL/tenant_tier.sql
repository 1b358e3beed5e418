CREATE OR REPLACE FUNCTION tierc.tenant_tier(p_function text, p_tenant text)
RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $tierc$
-- The tier of a tenant, for the functions that refuse a tenant the runtime would answer 401 (usage, invoice,
-- reserve_quota; docs/postgres.md#statuses-and-errors): an error when no policy is loaded (55000), when the
-- tenant is unknown, or when its tier is not one the loaded policy defines (22023). p_function, the caller's
-- name, starts each message. Not granted to anyone.
DECLARE
    d record;
BEGIN
    SELECT t.id AS tenant, t.tier AS tier_id, tr.id AS tier INTO d
      FROM tierc.policy_info p
      LEFT JOIN tierc.tenants t ON t.id OPERATOR(pg_catalog.=) p_tenant
      LEFT JOIN tierc.tiers tr ON tr.id OPERATOR(pg_catalog.=) t.tier;
    IF NOT FOUND THEN
        RAISE EXCEPTION '%: no policy is loaded (apply policy.sql first)', p_function
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF d.tenant IS NULL THEN
        RAISE EXCEPTION '%: unknown tenant %', p_function, pg_catalog.quote_literal(p_tenant)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF d.tier IS NULL THEN
        RAISE EXCEPTION '%: tenant % is on tier %, which the policy does not define', p_function,
            pg_catalog.quote_literal(p_tenant), pg_catalog.quote_literal(d.tier_id) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN d.tier;
END
$tierc$;
