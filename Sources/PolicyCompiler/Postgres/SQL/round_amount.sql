CREATE OR REPLACE FUNCTION tierc.round_amount(p_value numeric, p_per bigint, p_minor integer, p_rounding text)
RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp
AS $tierc$
-- p_value / p_per rounded to p_minor decimals, ties by p_rounding: exact (docs/postgres.md#functions). div
-- truncates the scaled value towards zero without rounding, the remainder decides (like ExactDecimal.divide).
-- PostgreSQL's own round(numeric) is half away from zero only, so half_even needs this.
DECLARE
    v_scaled numeric := p_value OPERATOR(pg_catalog.*) (10::pg_catalog.numeric OPERATOR(pg_catalog.^) p_minor);
    v_quotient numeric;
    v_twice numeric;
BEGIN
    IF p_per OPERATOR(pg_catalog.<=) 0 THEN
        RAISE EXCEPTION 'tierc.round_amount: per must be positive, not %', p_per
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_quotient := pg_catalog.div(v_scaled, p_per);
    v_twice := 2 OPERATOR(pg_catalog.*) pg_catalog.abs(v_scaled OPERATOR(pg_catalog.-) (v_quotient OPERATOR(pg_catalog.*) p_per));
    IF v_twice OPERATOR(pg_catalog.>) p_per OR (v_twice OPERATOR(pg_catalog.=) p_per AND (p_rounding OPERATOR(pg_catalog.=) 'half_up' OR pg_catalog.mod(v_quotient, 2) OPERATOR(pg_catalog.<>) 0)) THEN
        v_quotient := v_quotient OPERATOR(pg_catalog.+) CASE WHEN v_scaled OPERATOR(pg_catalog.<) 0 THEN -1 ELSE 1 END;
    END IF;
    RETURN pg_catalog.round(v_quotient OPERATOR(pg_catalog.*) (10::pg_catalog.numeric OPERATOR(pg_catalog.^) (OPERATOR(pg_catalog.-) p_minor)), p_minor);
END
$tierc$;
