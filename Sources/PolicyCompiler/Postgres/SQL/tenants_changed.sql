CREATE OR REPLACE FUNCTION tierc.renew_generation(p_tiers pg_catalog.text[])
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
-- A change of the tenant directory gives the rules of the tiers concerned (the old tier of a tenant whose
-- tier or id changed, or that was deleted) a new generation, in the same transaction, so that month rows
-- stamped with the old tier stop taking check_request's fast path
-- (docs/postgres.md#atomicity-how-concurrent-callers-stay-within-a-limit). A new tenant needs none (no row can
-- carry a stamp for it), nor does a change of subdomain. renew_generation locks the rules in key order.
-- The UPDATE and DELETE statement triggers serve ordinary sessions (one renewal per statement, whatever its
-- size). A logical replication subscriber's apply worker fires no UPDATE or DELETE statement triggers, only row
-- triggers enabled for replicas, so a row trigger ENABLE REPLICA serves it (and any session with
-- session_replication_role = replica), renewing each tier once per transaction (a transaction-local setting
-- remembers which). TRUNCATE has no row triggers; its statement trigger fires ALWAYS, which the apply worker
-- honours. SECURITY DEFINER: whoever may change tenants keeps the stamps honest.
BEGIN
    IF p_tiers IS NOT NULL AND pg_catalog.cardinality(p_tiers) OPERATOR(pg_catalog.>) 0 THEN
        PERFORM 1 FROM tierc.decision_rules r WHERE r.tier OPERATOR(pg_catalog.=) ANY (p_tiers)
         ORDER BY r.tier, r.route FOR UPDATE;
        UPDATE tierc.decision_rules r SET generation = (SELECT pg_catalog.nextval('tierc.rule_generation'))
         WHERE r.tier OPERATOR(pg_catalog.=) ANY (p_tiers);
    END IF;
END
$tierc$;
CREATE OR REPLACE FUNCTION tierc.tenants_changed()
RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
DECLARE
    v_tiers pg_catalog.text[];
BEGIN
    -- Only tierc's own statement triggers on tierc.tenants: attached to another table, the transition
    -- tables below would be that table's, with its owner's types and casts (docs/postgres.md, Security).
    IF TG_RELID OPERATOR(pg_catalog.<>) 'tierc.tenants'::pg_catalog.regclass::pg_catalog.oid
       OR TG_LEVEL OPERATOR(pg_catalog.<>) 'STATEMENT' OR TG_WHEN OPERATOR(pg_catalog.<>) 'AFTER' THEN
        RAISE EXCEPTION 'tierc.tenants_changed: only tierc''s statement triggers on tierc.tenants may run this function, not a trigger on %',
            TG_RELID::pg_catalog.regclass USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' THEN
        SELECT pg_catalog.array_agg(DISTINCT o.tier) INTO v_tiers FROM tierc_old_tenants o
         WHERE NOT EXISTS (SELECT 1 FROM tierc_new_tenants n
                            WHERE n.id OPERATOR(pg_catalog.=) o.id AND n.tier OPERATOR(pg_catalog.=) o.tier);
    ELSIF TG_OP OPERATOR(pg_catalog.=) 'DELETE' THEN
        SELECT pg_catalog.array_agg(DISTINCT o.tier) INTO v_tiers FROM tierc_old_tenants o;
    ELSE
        SELECT pg_catalog.array_agg(DISTINCT r.tier) INTO v_tiers FROM tierc.decision_rules r;
    END IF;
    PERFORM tierc.renew_generation(v_tiers);
    RETURN NULL;
END
$tierc$;
CREATE OR REPLACE FUNCTION tierc.tenant_row_changed()
RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
DECLARE
    v_renewed pg_catalog.text[];
BEGIN
    -- Only tierc's row trigger on tierc.tenants: OLD and NEW must be tierc.tenants rows (docs/postgres.md,
    -- Security).
    IF TG_RELID OPERATOR(pg_catalog.<>) 'tierc.tenants'::pg_catalog.regclass::pg_catalog.oid
       OR TG_LEVEL OPERATOR(pg_catalog.<>) 'ROW' OR TG_WHEN OPERATOR(pg_catalog.<>) 'AFTER' THEN
        RAISE EXCEPTION 'tierc.tenant_row_changed: only tierc''s row trigger on tierc.tenants may run this function, not a trigger on %',
            TG_RELID::pg_catalog.regclass USING ERRCODE = 'insufficient_privilege';
    END IF;
    v_renewed := COALESCE(NULLIF(pg_catalog.current_setting('tierc.renewed_tiers', true), ''),
                          '{}')::pg_catalog.text[];
    IF (TG_OP OPERATOR(pg_catalog.=) 'DELETE'
        OR NOT (OLD.id OPERATOR(pg_catalog.=) NEW.id AND OLD.tier OPERATOR(pg_catalog.=) NEW.tier))
       AND NOT OLD.tier OPERATOR(pg_catalog.=) ANY (v_renewed) THEN
        PERFORM tierc.renew_generation(ARRAY[OLD.tier]);
        PERFORM pg_catalog.set_config('tierc.renewed_tiers',
                                      (v_renewed OPERATOR(pg_catalog.||) OLD.tier)::pg_catalog.text, true);
    END IF;
    RETURN NULL;
END
$tierc$;
CREATE OR REPLACE TRIGGER tierc_tenants_updated AFTER UPDATE ON tierc.tenants
    REFERENCING OLD TABLE AS tierc_old_tenants NEW TABLE AS tierc_new_tenants
    FOR EACH STATEMENT EXECUTE FUNCTION tierc.tenants_changed();
CREATE OR REPLACE TRIGGER tierc_tenants_deleted AFTER DELETE ON tierc.tenants
    REFERENCING OLD TABLE AS tierc_old_tenants FOR EACH STATEMENT EXECUTE FUNCTION tierc.tenants_changed();
CREATE OR REPLACE TRIGGER tierc_tenants_truncated AFTER TRUNCATE ON tierc.tenants
    FOR EACH STATEMENT EXECUTE FUNCTION tierc.tenants_changed();
CREATE OR REPLACE TRIGGER tierc_tenant_rows_replicated AFTER UPDATE OR DELETE ON tierc.tenants
    FOR EACH ROW EXECUTE FUNCTION tierc.tenant_row_changed();
ALTER TABLE tierc.tenants ENABLE TRIGGER tierc_tenants_updated, ENABLE TRIGGER tierc_tenants_deleted,
    ENABLE ALWAYS TRIGGER tierc_tenants_truncated, ENABLE REPLICA TRIGGER tierc_tenant_rows_replicated;
