/// What keeps the generated SQL safe from the roles around it (docs/postgres.md, Security): the scripts' own
/// search_path, the refusal of a `tierc` schema that another role prepared, and the privileges of the functions.
enum PostgresSecurity {
    /// The scripts' search_path from their first statement after `BEGIN`, for the rest of their transaction only
    /// (`SET LOCAL`: the psql session gets its own back at `COMMIT`, or at `ROLLBACK` after an error). With
    /// `pg_catalog` first and `pg_temp` last, no name the scripts write unqualified can reach a function, an
    /// operator or a type that another role created in `public` or elsewhere (operators and functions are never
    /// looked up in `pg_temp`). The scripts qualify their own names besides (docs/postgres.md, Security).
    static let searchPath = "SET LOCAL search_path = pg_catalog, pg_temp;"

    /// The catalogs of the other kinds of object a schema holds besides relations, each with its alias and the
    /// prefix of its `…owner` and `…namespace` columns: one `UNION ALL` branch each in ``ownershipGuard``.
    private static let ownedObjectCatalogs: [(catalog: String, alias: String, prefix: String)] = [
        ("pg_proc", "p", "pro"), ("pg_type", "t", "typ"), ("pg_operator", "o", "opr"), ("pg_collation", "l", "coll"),
        ("pg_conversion", "v", "con"), ("pg_opfamily", "f", "opf"), ("pg_opclass", "k", "opc"),
        ("pg_statistic_ext", "s", "stx"), ("pg_ts_dict", "d", "dict"), ("pg_ts_config", "g", "cfg"),
    ]

    private static let ownedObjects = ownedObjectCatalogs.map { entry in
        """
                    UNION ALL
                    SELECT pg_catalog.pg_describe_object('pg_catalog.\(entry.catalog)'::pg_catalog.regclass, \
        \(entry.alias).oid, 0), \(entry.alias).\(entry.prefix)owner
                      FROM pg_catalog.\(entry.catalog) \(entry.alias) WHERE \(entry.alias).\(entry.prefix)namespace \
        OPERATOR(pg_catalog.=) v_schema
        """
    }.joined(separator: "\n")

    /// Refuses, before anything is created or written, a database where schema `tierc` or anything in it belongs
    /// to another role than the one applying the script (`current_user`), where a tierc table has a trigger that
    /// tierc did not create, or where a constraint, default or index of a tierc table uses an operator, function
    /// or type outside `pg_catalog` and `tierc` (one that an earlier load, without a pinned search_path, bound to
    /// a better match in `public`, such as `public.>=(numeric, integer)` for `price >= 0`). Such an
    /// object would run its owner's code, or the other role's, as the role applying the script.
    static let ownershipGuard = #"""
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
        \#(ownedObjects)) AS o
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
        """#

    /// Nothing in schema `tierc` may be called by PUBLIC (PostgreSQL grants EXECUTE to PUBLIC on every new
    /// function): the loading role owns and runs everything, and `tierc.grant_runtime` grants the runtime's
    /// functions to an application role. This covers every function, also those an earlier tierc left callable.
    static let revokePublic = "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA tierc FROM PUBLIC;"
}
