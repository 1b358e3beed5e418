CREATE OR REPLACE FUNCTION tierc.begin_revision(p_name text, p_fingerprint text, p_revision numeric)
RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $tierc$
-- How policy.sql replaces the loaded policy (docs/postgres.md#revisions-applying-a-new-policy): inside the
-- script's one transaction, begin_revision checks the revision and empties the policy tables, then the script
-- inserts the new rows. Readers see the old policy or the new one, never a mixture (check_request reads its
-- policy rows in one statement). Usage tables are not touched. It refuses an older revision, and the same
-- revision with a different fingerprint (two different policies both called revision N); the same revision and
-- fingerprint again is a harmless reload. Returns what it does, which psql prints.
DECLARE
    v_loaded record;
    v_found boolean;
BEGIN
    SELECT pi.name, pi.fingerprint, pi.revision INTO v_loaded FROM tierc.policy_info pi;
    v_found := FOUND;
    IF v_found THEN
        IF v_loaded.revision OPERATOR(pg_catalog.>) p_revision THEN
            RAISE EXCEPTION 'tierc: revision % of policy % (%) is loaded; refusing to go back to revision %',
                v_loaded.revision, v_loaded.name, v_loaded.fingerprint, p_revision
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'compile the policy you want with a higher revision number';
        END IF;
        IF v_loaded.revision OPERATOR(pg_catalog.=) p_revision AND v_loaded.fingerprint OPERATOR(pg_catalog.<>) p_fingerprint THEN
            RAISE EXCEPTION 'tierc: revision % is loaded with policy % (%); this script has %',
                p_revision, v_loaded.name, v_loaded.fingerprint, p_fingerprint
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'give a changed policy a new, higher revision';
        END IF;
    END IF;
    DELETE FROM tierc.decision_rules;
    DELETE FROM tierc.price_bands;
    DELETE FROM tierc.usage_prices;
    DELETE FROM tierc.routes;
    DELETE FROM tierc.limits;
    DELETE FROM tierc.gauge_limits;
    DELETE FROM tierc.tier_features;
    DELETE FROM tierc.tiers;
    DELETE FROM tierc.features;
    DELETE FROM tierc.meters;
    DELETE FROM tierc.policy_info;
    RETURN CASE
        WHEN NOT v_found THEN pg_catalog.format('loading policy %s revision %s', p_name, p_revision)
        WHEN v_loaded.revision OPERATOR(pg_catalog.=) p_revision THEN pg_catalog.format('reloading policy %s revision %s', p_name, p_revision)
        ELSE pg_catalog.format('loading policy %s revision %s over revision %s', p_name, p_revision, v_loaded.revision)
    END;
END
$tierc$;
