-- The keys by tenant, without any secret (no hash; docs/postgres.md#api-keys): where each comes from, its
-- label, prefix, dates, the last use that tenant_for_api_key recorded, and whether it identifies its tenant
-- today (UTC).
CREATE OR REPLACE VIEW tierc.api_key_list AS
SELECT k.tenant, k.name, k.prefix, k.origin, k.created_at, k.revoked_on, k.last_used_at,
       CASE WHEN k.revoked_on IS NOT NULL
             AND k.revoked_on OPERATOR(pg_catalog.<=) pg_catalog.date(pg_catalog.timezone('UTC', pg_catalog.now()))
            THEN 'revoked' ELSE 'active' END AS state
  FROM tierc.api_keys k;
