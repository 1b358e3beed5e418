-- The start of policy.sql and tenants.sql (docs/postgres.md#security): one transaction with its own
-- search_path for the rest of the transaction only (SET LOCAL: the psql session gets its own back at COMMIT,
-- or at ROLLBACK after an error). With pg_catalog first and pg_temp last, no name the scripts write unqualified
-- can reach a function, an operator or a type that another role created in public or elsewhere (operators and
-- functions are never looked up in pg_temp); the scripts qualify their own names besides. Then UTF-8 text, quiet
-- IF NOT EXISTS notices, the version check and the load lock, the refusal of a schema that another role
-- prepared, and the schema.
-- The version check stops the script on a server older than PostgreSQL 14, then takes the load lock: concurrent
-- loads of policy.sql and tenants.sql run one after the other (the two-key advisory form, apart from
-- applications' single-key locks).
-- The ownership guard refuses, before anything is created or written, a database where schema tierc or anything
-- in it belongs to another role than the one applying the script (current_user), where a tierc table has a
-- trigger that tierc did not create, or where a constraint, default or index of a tierc table uses an operator,
-- function or type outside pg_catalog and tierc (one that an earlier load, without a pinned search_path, bound
-- to a better match in public, such as public.>=(numeric, integer) for price >= 0). Such an object would run
-- its owner's code, or the other role's, as the role applying the script. One UNION ALL branch per catalog of
-- the other kinds of object a schema holds besides relations.
BEGIN;
SET LOCAL search_path = pg_catalog, pg_temp;
SET LOCAL client_encoding = 'UTF8';
SET LOCAL client_min_messages = warning;
DO $tierc$
BEGIN
    IF pg_catalog.current_setting('server_version_num')::pg_catalog.int4 OPERATOR(pg_catalog.<) 140000 THEN
        RAISE EXCEPTION 'tierc: PostgreSQL 14 or later is required; this server is %', pg_catalog.version();
    END IF;
    PERFORM pg_catalog.pg_advisory_xact_lock(1953064306, 0);
END
$tierc$;
DO $tierc$
DECLARE
    v_schema oid;
    v_owner oid;
    v_found record;
BEGIN
    SELECT n.oid, n.nspowner INTO v_schema, v_owner FROM pg_catalog.pg_namespace n
     WHERE n.nspname OPERATOR(pg_catalog.=) 'tierc';
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF v_owner OPERATOR(pg_catalog.<>) (SELECT r.oid FROM pg_catalog.pg_roles r
                                         WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER) THEN
        RAISE EXCEPTION 'tierc: schema tierc is owned by role %, not by %, the role applying this script; refusing to use it',
            pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(v_owner)), pg_catalog.quote_ident(CURRENT_USER)
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'tierc did not create this schema: drop or rename it, or apply the script as its owner';
    END IF;
    SELECT o.description, o.owner INTO v_found
      FROM (SELECT pg_catalog.pg_describe_object('pg_catalog.pg_class'::pg_catalog.regclass, c.oid, 0) AS description,
                   c.relowner AS owner
              FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) v_schema
            UNION ALL
            SELECT pg_catalog.pg_describe_object('pg_catalog.pg_proc'::pg_catalog.regclass, p.oid, 0), p.proowner
              FROM pg_catalog.pg_proc p WHERE p.pronamespace OPERATOR(pg_catalog.=) v_schema
            UNION ALL
            SELECT pg_catalog.pg_describe_object('pg_catalog.pg_type'::pg_catalog.regclass, t.oid, 0), t.typowner
              FROM pg_catalog.pg_type t WHERE t.typnamespace OPERATOR(pg_catalog.=) v_schema
            UNION ALL
            SELECT pg_catalog.pg_describe_object('pg_catalog.pg_operator'::pg_catalog.regclass, o.oid, 0), o.oprowner
              FROM pg_catalog.pg_operator o WHERE o.oprnamespace OPERATOR(pg_catalog.=) v_schema
            UNION ALL
            SELECT pg_catalog.pg_describe_object('pg_catalog.pg_collation'::pg_catalog.regclass, l.oid, 0), l.collowner
              FROM pg_catalog.pg_collation l WHERE l.collnamespace OPERATOR(pg_catalog.=) v_schema
            UNION ALL
            SELECT pg_catalog.pg_describe_object('pg_catalog.pg_conversion'::pg_catalog.regclass, v.oid, 0), v.conowner
              FROM pg_catalog.pg_conversion v WHERE v.connamespace OPERATOR(pg_catalog.=) v_schema
            UNION ALL
            SELECT pg_catalog.pg_describe_object('pg_catalog.pg_opfamily'::pg_catalog.regclass, f.oid, 0), f.opfowner
              FROM pg_catalog.pg_opfamily f WHERE f.opfnamespace OPERATOR(pg_catalog.=) v_schema
            UNION ALL
            SELECT pg_catalog.pg_describe_object('pg_catalog.pg_opclass'::pg_catalog.regclass, k.oid, 0), k.opcowner
              FROM pg_catalog.pg_opclass k WHERE k.opcnamespace OPERATOR(pg_catalog.=) v_schema
            UNION ALL
            SELECT pg_catalog.pg_describe_object('pg_catalog.pg_statistic_ext'::pg_catalog.regclass, s.oid, 0), s.stxowner
              FROM pg_catalog.pg_statistic_ext s WHERE s.stxnamespace OPERATOR(pg_catalog.=) v_schema
            UNION ALL
            SELECT pg_catalog.pg_describe_object('pg_catalog.pg_ts_dict'::pg_catalog.regclass, d.oid, 0), d.dictowner
              FROM pg_catalog.pg_ts_dict d WHERE d.dictnamespace OPERATOR(pg_catalog.=) v_schema
            UNION ALL
            SELECT pg_catalog.pg_describe_object('pg_catalog.pg_ts_config'::pg_catalog.regclass, g.oid, 0), g.cfgowner
              FROM pg_catalog.pg_ts_config g WHERE g.cfgnamespace OPERATOR(pg_catalog.=) v_schema) AS o
     WHERE o.owner OPERATOR(pg_catalog.<>) v_owner
     ORDER BY o.description LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'tierc: % is owned by role %, not by %, the role applying this script; refusing to use it',
            v_found.description, pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(v_found.owner)),
            pg_catalog.quote_ident(CURRENT_USER)
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'tierc did not create this object: drop it, or apply the script as its owner';
    END IF;
    SELECT pg_catalog.pg_describe_object('pg_catalog.pg_trigger'::pg_catalog.regclass, tg.oid, 0) AS description,
           pg_catalog.pg_get_triggerdef(tg.oid) AS definition
      INTO v_found
      FROM pg_catalog.pg_trigger tg
      JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) tg.tgrelid
     WHERE c.relnamespace OPERATOR(pg_catalog.=) v_schema AND NOT tg.tgisinternal
       AND NOT COALESCE(c.relname OPERATOR(pg_catalog.=) 'tenants' AND tg.tgnargs OPERATOR(pg_catalog.=) 0
                        AND tg.tgqual IS NULL
                        AND CASE WHEN tg.tgname OPERATOR(pg_catalog.=) 'tierc_tenant_rows_replicated'
                                 THEN pg_catalog.to_regprocedure('tierc.tenant_row_changed()')
                                 WHEN tg.tgname OPERATOR(pg_catalog.=) 'tierc_tenants_updated'
                                   OR tg.tgname OPERATOR(pg_catalog.=) 'tierc_tenants_deleted'
                                   OR tg.tgname OPERATOR(pg_catalog.=) 'tierc_tenants_truncated'
                                 THEN pg_catalog.to_regprocedure('tierc.tenants_changed()')
                            END::pg_catalog.oid OPERATOR(pg_catalog.=) tg.tgfoid, false)
     ORDER BY 1 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'tierc: % was not created by tierc; refusing to run it (%)',
            v_found.description, v_found.definition
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'drop the trigger (a trigger on a tierc table runs as whoever writes the table, this script''s role included), then apply the script again';
    END IF;
    SELECT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid) AS description,
           pg_catalog.pg_describe_object(d.refclassid, d.refobjid, 0) AS used
      INTO v_found
      FROM pg_catalog.pg_depend d
     WHERE d.deptype OPERATOR(pg_catalog.=) 'n'
       AND COALESCE(
               (SELECT o.oprnamespace FROM pg_catalog.pg_operator o
                 WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_operator'::pg_catalog.regclass
                   AND o.oid OPERATOR(pg_catalog.=) d.refobjid),
               (SELECT p.pronamespace FROM pg_catalog.pg_proc p
                 WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                   AND p.oid OPERATOR(pg_catalog.=) d.refobjid),
               (SELECT t.typnamespace FROM pg_catalog.pg_type t
                 WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_type'::pg_catalog.regclass
                   AND t.oid OPERATOR(pg_catalog.=) d.refobjid))
           OPERATOR(pg_catalog.<>) ALL (ARRAY[v_schema, 'pg_catalog'::pg_catalog.regnamespace::pg_catalog.oid])
       AND COALESCE(
               (SELECT r.relnamespace FROM pg_catalog.pg_constraint x
                  JOIN pg_catalog.pg_class r ON r.oid OPERATOR(pg_catalog.=) x.conrelid
                 WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_constraint'::pg_catalog.regclass
                   AND x.oid OPERATOR(pg_catalog.=) d.objid),
               (SELECT r.relnamespace FROM pg_catalog.pg_attrdef x
                  JOIN pg_catalog.pg_class r ON r.oid OPERATOR(pg_catalog.=) x.adrelid
                 WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_attrdef'::pg_catalog.regclass
                   AND x.oid OPERATOR(pg_catalog.=) d.objid),
               (SELECT r.relnamespace FROM pg_catalog.pg_class r
                 WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
                   AND r.oid OPERATOR(pg_catalog.=) d.objid)) OPERATOR(pg_catalog.=) v_schema
     ORDER BY 1, 2 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'tierc: % uses %, which is neither in pg_catalog nor in tierc; refusing to run it',
            v_found.description, v_found.used
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'an earlier load, whose search_path was not pinned, bound it to another schema''s object: drop the constraint, default or index (a reload creates tierc''s again only for a missing table), then apply the script again';
    END IF;
END
$tierc$;
CREATE SCHEMA IF NOT EXISTS tierc;
