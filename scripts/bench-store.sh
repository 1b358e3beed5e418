#!/usr/bin/env bash
# Aggregate decisions per second of four `tierc serve` instances sharing one PostgreSQL (issue 14 §6,
# BENCHMARKS.md "Four tierc serve instances on PostgreSQL with wrk"), in one run:
#   - store:  --store postgres://…           (one tierc.charge call per metered request)
#   - lease:  --store postgres://… --lease N  (reservations of up to N units, decided locally)
#   - memory: --store memory                  (each instance its own counters: the ceiling, no sharing)
# Targets: lease at least 10x store, and at least half of memory.
#
#   1. a throwaway PostgreSQL 14+ cluster (Debian's postgresql) in a temporary folder on 127.0.0.1, PostgreSQL's
#      default durability (fsync, synchronous_commit on), max_connections 200;
#   2. a policy whose limits a run cannot exhaust (every request is metered and admitted: the store's cost is
#      paid on every request), 1,000 tenants with Bearer keys, compiled by `tierc compile` and applied with psql;
#   3. four instances on 127.0.0.1 (release build, decision-only mode, --store-pool-size 8 each), loaded by four
#      wrk processes at once, one per instance (1 thread, 16 connections each: 64 in all), cycling through the
#      tenants; the sum of their requests/s is the aggregate. Configurations interleaved, each started fresh per
#      run; the medians of --runs runs are reported, with the ratios.
#
# usage: scripts/bench-store.sh [--seconds N] [--runs N] [--lease N] [--tenants N]
# Environment: TIERC_SCRATCH_PATH builds somewhere other than .build.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=10
runs=3
lease=100
tenants=1000
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --lease) lease="$2"; shift 2 ;;
        --tenants) tenants="$2"; shift 2 ;;
        *) echo "usage: $0 [--seconds N] [--runs N] [--lease N] [--tenants N]" >&2; exit 64 ;;
    esac
done

say() { printf '==> %s\n' "$*" >&2; }

bash scripts/setup.sh build
if ! command -v wrk >/dev/null 2>&1; then
    say "installing wrk (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
    say "installing postgresql (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi

scratch=()
if [ -n "${TIERC_SCRATCH_PATH:-}" ]; then scratch=(--scratch-path "$TIERC_SCRATCH_PATH"); fi
say "swift build -c release"
swift build -c release "${scratch[@]}" --product tierc >&2
swift build -c release "${scratch[@]}" --product tierc-bench >&2
bin="$(swift build -c release "${scratch[@]}" --show-bin-path)"

work="$(mktemp -d /tmp/tierc-bench-store-XXXXXX)"
chmod 755 "$work"
pids=()
as_server=()
if [ "$(id -u)" = 0 ]; then as_server=(runuser -u postgres --); fi
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ -f "$work/data/postmaster.pid" ]; then "${as_server[@]}" "$pgbin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# 1. The cluster.
pgport="$(free_port)"
mkdir -p "$work/data" "$work/socket"
if [ "$(id -u)" = 0 ]; then chown postgres "$work/data" "$work/socket"; fi
"${as_server[@]}" "$pgbin/initdb" -D "$work/data" -U tierc --auth=trust --no-sync >/dev/null
"${as_server[@]}" "$pgbin/pg_ctl" -D "$work/data" -l "$work/data/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$pgport -c unix_socket_directories=$work/socket -c max_connections=200" start >/dev/null
psql_run() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pgport" -U tierc -d postgres "$@"; }

# 2. The policy and tenants.
cat > "$work/tiers.yaml" <<YAML
format: 1
policy: bench-store
currency: USD
default_meter: api_calls
identification:
  order: [api_key]
  api_key: { scheme: Bearer }
  require_tenant: true
meters:
  api_calls: { kind: counter, unit: call }
usage_prices:
  api_calls: { per: 1000, price: 0.01 }
tiers:
  bench:
    price: 10
    limits:
      api_calls: { minute: 1000000, hour: 10000000, day: 100000000, month: 1000000000 }
YAML
{
    echo "tenants:"
    for i in $(seq 0 $((tenants - 1))); do printf '  t%04d: { tier: bench, api_keys: [key-t%04d] }\n' "$i" "$i"; done
} > "$work/tenants.yaml"
"$bin/tierc" compile "$work/tiers.yaml" --tenants "$work/tenants.yaml" --out "$work/compiled" >/dev/null 2>&1
psql_run -f "$work/compiled/policy.sql" -f "$work/compiled/tenants.sql" >/dev/null

cat > "$work/keys.lua" <<LUA
local tenants = $tenants
local requests = {}
for i = 0, tenants - 1 do
    requests[#requests + 1] = wrk.format("GET", "/api/v1/things", {Host = "localhost", Authorization = string.format("Bearer key-t%04d", i)})
end
local counter = math.random(0, tenants - 1)
request = function()
    counter = counter + 1
    return requests[(counter % #requests) + 1]
end
LUA

wait_for() {  # until something answers on 127.0.0.1:PORT (60 s at most)
    for _ in $(seq 1 600); do
        if curl -s -o /dev/null "http://127.0.0.1:$1/"; then return 0; fi
        sleep 0.1
    done
    say "nothing answers on port $1"; return 1
}

store_url="postgres://tierc@127.0.0.1:$pgport/postgres?sslmode=disable"
start_instances() {  # start_instances CONFIG; sets ports and instance_pids
    ports=(); instance_pids=()
    for i in 1 2 3 4; do
        local port; port="$(free_port)"
        local extra=()
        case "$1" in
            store) extra=(--store "$store_url") ;;
            lease) extra=(--store "$store_url" --lease "$lease") ;;
            memory) extra=() ;;
        esac
        "$bin/tierc" serve "$work/tiers.yaml" --tenants "$work/tenants.yaml" --listen "127.0.0.1:$port" \
            --admin-listen "127.0.0.1:$(free_port)" "${extra[@]}" >"$work/serve-$1-$i.log" 2>&1 &
        instance_pids+=($!); pids+=($!); ports+=("$port")
    done
    for port in "${ports[@]}"; do wait_for "$port"; done
}

stop_instances() {
    for pid in "${instance_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${instance_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}

# One measurement: four wrk at once, one per instance, after a 2 s warm-up; prints "requests/s non2xx".
measure() {
    local wrk_pids=()
    for port in "${ports[@]}"; do wrk -t1 -c16 -d2s -s "$work/keys.lua" "http://127.0.0.1:$port/" >/dev/null & wrk_pids+=($!); done
    wait "${wrk_pids[@]}"
    wrk_pids=()
    for port in "${ports[@]}"; do
        wrk -t1 -c16 -d"${seconds}s" -s "$work/keys.lua" "http://127.0.0.1:$port/" > "$work/wrk-$port.txt" &
        wrk_pids+=($!)
    done
    wait "${wrk_pids[@]}"
    python3 - "$work" "${ports[@]}" <<'PY'
import re, sys
work, ports = sys.argv[1], sys.argv[2:]
rps = errors = 0
for port in ports:
    text = open(f"{work}/wrk-{port}.txt").read()
    rps += float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors += int(m.group(1)) if m else 0
print(f"{rps:.0f} {errors}")
PY
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}')"
echo "four instances, four wrk (1 thread, 16 connections each), ${seconds} s per run, $runs runs, $tenants tenants, --lease $lease"
: > "$work/results.txt"
for run in $(seq 1 "$runs"); do
    for config in store lease memory; do
        start_instances "$config"
        result="$(measure)"
        stop_instances
        echo "$config $result" >> "$work/results.txt"
        printf 'run %d %-7s %s decisions/s  non-2xx %s\n' "$run" "$config" $result
    done
done
echo "decisions counted in PostgreSQL: $(psql_run -A -t -c 'SELECT coalesce(sum(used), 0) FROM tierc.usage_months') (store and lease runs), leases left: $(psql_run -A -t -c 'SELECT count(*) FROM tierc.leases')"

python3 - "$work/results.txt" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, rps, non2xx = line.split()
    rows.setdefault(name, []).append(float(rps))
med = {name: statistics.median(values) for name, values in rows.items()}
print()
print("| configuration | decisions/s, four instances (median) |")
print("| --- | ---: |")
for name in ("store", "lease", "memory"):
    print(f"| {name} | {med[name]:,.0f} |")
print()
print(f"lease / store: {med['lease'] / med['store']:.1f}x (target >= 10x: {'met' if med['lease'] >= 10 * med['store'] else 'NOT met'})")
print(f"lease / memory: {med['lease'] / med['memory']:.2f} (target >= 0.5: {'met' if med['lease'] >= 0.5 * med['memory'] else 'NOT met'})")
PY
