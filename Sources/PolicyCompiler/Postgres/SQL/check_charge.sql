CREATE OR REPLACE FUNCTION tierc.check_charge(p_function text, p_tenant text, p_meter text, p_cost bigint,
                                              p_at timestamptz)
RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $tierc$
-- The argument checks of charge and record_usage, in this order (docs/postgres.md#functions): no NULL, a cost
-- of at least 1, a time in 0001-9999 (tierc.check_time), a counter meter of the loaded policy. p_function, the
-- caller's name, starts each message. The tenant is checked by charge_counter, with the tier it reads. Not
-- granted to anyone. Returns true, assigned by its callers as tierc.check_time's.
DECLARE
    v_checked boolean;
BEGIN
    IF p_tenant IS NULL OR p_meter IS NULL OR p_cost IS NULL OR p_at IS NULL THEN
        RAISE EXCEPTION '%: p_tenant, p_meter, p_cost and p_at must not be NULL', p_function
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF p_cost OPERATOR(pg_catalog.<) 1 THEN
        RAISE EXCEPTION '%: p_cost must be at least 1, not % (a request of cost 0 is not charged)', p_function, p_cost
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_checked := tierc.check_time(p_function, p_at);
    IF NOT EXISTS (SELECT 1 FROM tierc.meters m
                    WHERE m.id OPERATOR(pg_catalog.=) p_meter AND m.kind OPERATOR(pg_catalog.=) 'counter') THEN
        RAISE EXCEPTION '%: % is not a counter meter of the loaded policy', p_function, pg_catalog.quote_literal(p_meter)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN true;
END
$tierc$;
