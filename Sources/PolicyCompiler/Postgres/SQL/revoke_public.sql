-- Nothing in schema tierc may be called by PUBLIC (PostgreSQL grants EXECUTE to PUBLIC on every new
-- function; docs/postgres.md#privileges): the loading role owns and runs everything, and tierc.grant_runtime
-- grants the runtime's functions to an application role. This covers every function, also those an earlier
-- tierc left callable.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA tierc FROM PUBLIC;
