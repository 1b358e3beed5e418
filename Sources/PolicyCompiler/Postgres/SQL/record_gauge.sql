CREATE OR REPLACE FUNCTION tierc.record_gauge(p_tenant text, p_meter text, p_value numeric, p_at timestamptz)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
-- Records a gauge level; true when it is above the tier's gauge limit (it refuses nothing). Unknown
-- tenants, unknown meters, counter meters, NULLs, negative or non-finite values are errors
-- (docs/postgres.md#statuses-and-errors).
DECLARE
    v_checked boolean;
    d record;
BEGIN
    IF p_tenant IS NULL OR p_meter IS NULL OR p_value IS NULL OR p_at IS NULL THEN
        RAISE EXCEPTION 'tierc.record_gauge: p_tenant, p_meter, p_value and p_at must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF p_value OPERATOR(pg_catalog.=) 'NaN'::pg_catalog.numeric OR p_value OPERATOR(pg_catalog.<) 0::pg_catalog.numeric
       OR p_value OPERATOR(pg_catalog.=) 'Infinity'::pg_catalog.numeric THEN
        RAISE EXCEPTION 'tierc.record_gauge: a gauge reading must be a finite number >= 0, not %', p_value
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- What the simulator reads as a gauge value (docs/postgres.md, Statuses and errors): below 10^37, at
    -- most 30 significant digits and 38 decimals.
    IF p_value OPERATOR(pg_catalog.>=) 1e37::pg_catalog.numeric
       OR pg_catalog.scale(pg_catalog.trim_scale(p_value)) OPERATOR(pg_catalog.>) 38
       OR pg_catalog.length(pg_catalog.rtrim(pg_catalog.ltrim(pg_catalog.replace(
              pg_catalog.trim_scale(p_value)::pg_catalog.text, '.', ''), '0'), '0')) OPERATOR(pg_catalog.>) 30 THEN
        RAISE EXCEPTION 'tierc.record_gauge: a gauge reading must be below 10^37, with at most 30 significant digits and 38 decimals, not %',
            CASE WHEN pg_catalog.length(p_value::pg_catalog.text) OPERATOR(pg_catalog.>) 60
                 THEN pg_catalog.left(p_value::pg_catalog.text, 40) OPERATOR(pg_catalog.||) '…'
                 ELSE p_value::pg_catalog.text END
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_checked := tierc.check_time('tierc.record_gauge', p_at);
    SELECT t.id AS tenant, m.id AS meter, m.kind, gl.level
      INTO d
      FROM (SELECT 1) AS one
      LEFT JOIN tierc.tenants t ON t.id OPERATOR(pg_catalog.=) p_tenant
      LEFT JOIN tierc.meters m ON m.id OPERATOR(pg_catalog.=) p_meter
      LEFT JOIN tierc.gauge_limits gl ON gl.tier OPERATOR(pg_catalog.=) t.tier AND gl.meter OPERATOR(pg_catalog.=) m.id;
    IF d.tenant IS NULL THEN
        RAISE EXCEPTION 'tierc.record_gauge: unknown tenant %', pg_catalog.quote_literal(p_tenant)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF d.meter IS NULL THEN
        RAISE EXCEPTION 'tierc.record_gauge: unknown meter %', pg_catalog.quote_literal(p_meter)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF d.kind OPERATOR(pg_catalog.<>) 'gauge' THEN
        RAISE EXCEPTION 'tierc.record_gauge: meter % is a %, not a gauge', pg_catalog.quote_literal(p_meter), d.kind
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO tierc.gauge_readings (tenant, meter, read_at, value) VALUES (p_tenant, p_meter, p_at, p_value);
    RETURN d.level IS NOT NULL AND p_value OPERATOR(pg_catalog.>) d.level;
END
$tierc$;
