#!/usr/bin/env bash
# Decisions per second through tierc.check_request, measured with pgbench (BENCHMARKS.md, "PostgreSQL:
# tierc.check_request with pgbench"). Target: at least 5,000 decisions/s with 8 clients.
#
#   1. policy.sql and tenants.sql generated for tiers/tiers.yaml and 1,000 tenants (`tierc-bench emit-sql`,
#      the tenants of `tierc-bench generate-log`: 40 % free, 30 % starter, 20 % professional, 10 % enterprise);
#   2. a throwaway cluster: initdb into a temporary folder, a server on 127.0.0.1 at a free port with the
#      default settings (fsync and synchronous_commit on), stopped and removed on exit, also on failure;
#   3. pgbench, 8 clients, 2 threads, prepared statements, --runs runs of --seconds each: each transaction is
#      one decision for a random tenant at the current time, on the path mix of generate-log's logs (80 %
#      ungated `/api/v1/…`, 4 % the cost-0 usage endpoint, 7 % `/api/intelligence/…`, 6 % `/api/growth/…`, 3 %
#      `/api/support/priority/…`). Every run starts from empty usage tables and a checkpoint, so that runs are
#      alike (later runs would otherwise meet more exhausted free tiers, whose 429s write nothing);
#   4. the peer, interleaved with those runs (run 1 of each, then run 2 …) under the same conditions: the
#      same pgbench options and commit mode on a one-row UPDATE per transaction (`UPDATE … SET n = n + 1 WHERE id =
#      random`), the least a per-request counter costs on this machine and server.
#   The medians are reported, with check_request's rate as a share of the peer's.
#
# usage: scripts/bench-postgres.sh [--seconds N] [--runs N] [--clients N] [--tenants N] [--async-commit] [--no-wait]
#   --async-commit: the clients' sessions run with synchronous_commit=off, as docs/postgres.md suggests for the
#     quota connection pool (a crash may forget the last fraction of a second of counts; nothing is corrupted).
#   --no-wait: do not wait (up to 5 minutes) for the 1-minute load average to drop below 1.5 (smoke runs).
# Environment: TIERC_SCRATCH_PATH builds somewhere other than .build.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=20
runs=3
clients=8
tenants=1000
wait_for_quiet=1
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --clients) clients="$2"; shift 2 ;;
        --tenants) tenants="$2"; shift 2 ;;
        --no-wait) wait_for_quiet=0; shift ;;
        --async-commit) export PGOPTIONS="${PGOPTIONS:-} -c synchronous_commit=off"; shift ;;
        *) echo "usage: $0 [--seconds N] [--runs N] [--clients N] [--tenants N] [--async-commit] [--no-wait]" >&2; exit 64 ;;
    esac
done

step() { printf '\n==> %s\n' "$*"; }

bash scripts/setup.sh test

scratch=()
if [ -n "${TIERC_SCRATCH_PATH:-}" ]; then scratch=(--scratch-path "$TIERC_SCRATCH_PATH"); fi
# emit-sql only writes the SQL: a debug build is enough, and much quicker to build than a release one.
step "swift build --product tierc-bench"
swift build --product tierc-bench "${scratch[@]}"
bin="$(swift build "${scratch[@]}" --show-bin-path)"

# The newest PostgreSQL under Debian's /usr/lib/postgresql/<version>/bin.
pgbin=""
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/pgbench" ]; then pgbin="$dir"; fi
done
if [ -z "$pgbin" ]; then echo "bench-postgres: no PostgreSQL with pgbench under /usr/lib/postgresql" >&2; exit 1; fi

# initdb refuses to run as root: as root the server runs as the postgres user (created by Debian's package).
as_server=()
if [ "$(id -u)" -eq 0 ]; then as_server=(runuser -u postgres --); fi
work="$(mktemp -d /tmp/tierc-bench-pg-XXXXXX)"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$work"; fi
cleanup() {
    if [ -f "$work/data/postmaster.pid" ]; then
        "${as_server[@]}" "$pgbin/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

step "tierc-bench emit-sql --policy tiers/tiers.yaml --tenant-count $tenants"
mkdir -p "$work/sql"
"$bin/tierc-bench" emit-sql --policy tiers/tiers.yaml --tenant-count "$tenants" --out "$work/sql"

step "machine"
echo "nproc: $(nproc)"
grep -m1 'model name' /proc/cpuinfo || true
"$pgbin/postgres" --version
waited=0
while [ "$wait_for_quiet" -eq 1 ] && awk '{ exit !($1 > 1.5) }' /proc/loadavg && [ "$waited" -lt 300 ]; do
    echo "load average $(cut -d' ' -f1-3 /proc/loadavg) is above 1.5: waiting ($waited s so far)"
    sleep 30
    waited=$((waited + 30))
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

step "throwaway cluster"
"${as_server[@]}" "$pgbin/initdb" -D "$work/data" -U tierc --auth=trust --encoding=UTF8 --locale=C >/dev/null
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"${as_server[@]}" "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$work" start >/dev/null
echo "PostgreSQL on 127.0.0.1:$port, data in $work/data (default durability settings)"
psql=("$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U tierc)
"${psql[@]}" -d postgres -c "CREATE DATABASE bench;"
"${psql[@]}" -d bench -f "$work/sql/policy.sql"
"${psql[@]}" -d bench -f "$work/sql/tenants.sql"

# Tenant ids are t0000… (the digits of the highest index, at least 4, as generate-log writes them).
last=$((tenants - 1))
width=$(( ${#last} > 4 ? ${#last} : 4 ))
cat > "$work/check_request.sql" <<EOF
\\set t random(0, $((tenants - 1)))
\\set p random(0, 99)
SELECT status FROM tierc.check_request('t' || lpad(:t::text, $width, '0'),
    CASE WHEN :p < 80 THEN '/api/v1/items/' || :t WHEN :p < 84 THEN '/api/v1/tenant/usage'
         WHEN :p < 91 THEN '/api/intelligence/predictions/revenue' WHEN :p < 97 THEN '/api/growth/campaigns'
         ELSE '/api/support/priority/tickets' END,
    now());
EOF

# The peer: one durable one-row UPDATE per transaction, on a table of its own with a row per tenant.
"${psql[@]}" -d bench -c "CREATE TABLE bench_peer (id integer PRIMARY KEY, n bigint NOT NULL) WITH (fillfactor = 70);
    INSERT INTO bench_peer SELECT g, 0 FROM generate_series(0, $((tenants - 1))) g; ANALYZE bench_peer;"
cat > "$work/peer.sql" <<EOF
\\set t random(0, $((tenants - 1)))
UPDATE bench_peer SET n = n + 1 WHERE id = :t;
EOF

commit_mode="$( [[ "${PGOPTIONS:-}" == *synchronous_commit=off* ]] && echo off || echo on)"
# Runs pgbench once on a script, after emptying the usage tables and a checkpoint, and prints its output.
run_pgbench() {
    "${psql[@]}" -d bench -c "TRUNCATE tierc.usage_months, tierc.usage_windows;" -c "CHECKPOINT;"
    "$pgbin/pgbench" -n -h 127.0.0.1 -p "$port" -U tierc -c "$clients" -j 2 -M prepared -T "$seconds" -f "$1" bench
}
rates=()
peer_rates=()
for run in $(seq 1 "$runs"); do
    step "run $run of $runs: pgbench, $clients clients, $seconds s, tierc.check_request, synchronous_commit $commit_mode"
    run_pgbench "$work/check_request.sql" | tee "$work/pgbench.out"
    decisions="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/pgbench.out")"
    admitted="$("${psql[@]}" -d bench -A -t -c "SELECT coalesce(sum(used), 0) FROM tierc.usage_months;")"
    echo "decisions: $decisions, of which $admitted metered and admitted (the rest: cost 0, 403 or 429)"
    rates+=("$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/pgbench.out" | tail -n 1)")
    step "run $run of $runs: the peer, a one-row UPDATE per transaction, same options and commit mode"
    run_pgbench "$work/peer.sql" | tee "$work/peer.out"
    peer_rates+=("$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/peer.out" | tail -n 1)")
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
rate="$(median "${rates[@]}")"
peer="$(median "${peer_rates[@]}")"
step "summary: synchronous_commit $commit_mode, $runs runs of $seconds s"
printf 'tierc.check_request, decisions/s in each run: %s\n' "$(printf '%.0f ' "${rates[@]}")"
printf 'peer (one-row UPDATE), transactions/s in each run: %s\n' "$(printf '%.0f ' "${peer_rates[@]}")"
printf 'median: %.0f decisions/s, against %.0f/s for the peer (%.0f %% of it)\n' "$rate" "$peer" \
    "$(awk -v r="$rate" -v p="$peer" 'BEGIN { print 100 * r / p }')"
printf 'decisions/s: %.0f (target: at least 5,000) → %s\n' "$rate" \
    "$(awk -v r="$rate" 'BEGIN { print (r >= 5000 ? "met" : "NOT met") }')"
