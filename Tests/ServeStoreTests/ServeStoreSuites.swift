import Testing

/// Every suite of this target that starts PostgreSQL clusters and `tierc serve` processes, one test at a time:
/// each test starts its own throwaway cluster, and several starting at once on a shared two-core machine (beside
/// PostgresTests' own cluster) made `pg_ctl start` fail under load.
@Suite(.serialized)
struct ServeStoreSuites {}
