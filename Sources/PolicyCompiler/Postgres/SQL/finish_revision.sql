CREATE OR REPLACE FUNCTION tierc.finish_revision()
RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $tierc$
-- Ends a load: derives the decision rules from the new policy rows and says what was loaded.
DECLARE
    v_rules bigint := tierc.derive_decision_rules();
BEGIN
    RETURN (SELECT pg_catalog.format('policy %s revision %s: %s tiers, %s routes, %s decision rules',
                          pi.name, pi.revision, (SELECT pg_catalog.count(*) FROM tierc.tiers),
                          (SELECT pg_catalog.count(*) FROM tierc.routes), v_rules)
              FROM tierc.policy_info pi);
END
$tierc$;
