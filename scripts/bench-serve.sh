#!/usr/bin/env bash
# Requests per second and latency of `tierc serve` in decision-only mode, measured with wrk against two peers in
# the same run (BENCHMARKS.md, "tierc serve with wrk"). Targets (issue 12): at least 10x the FastAPI peer's
# requests/s, at least half of nginx's, p99 under 5 ms, at 64 connections.
#
#   1. the pricing guide's policy with its four identification methods (examples/guide-four-methods.tiers.yaml
#      when present, else tiers/tiers.yaml; --policy FILE), and 1,000 tenants of `tierc-bench generate-log` (40 %
#      free, 30 % starter, 20 % professional, 10 % enterprise; keys `key-tNNNN`, subdomains `tNNNN-app`);
#   2. wrk on 127.0.0.1, 2 threads, 64 connections, a Lua script that cycles through the tenants and the four
#      identification methods (Bearer key, X-Tenant-ID, subdomain Host, ?tenant_id=) and a path mix with gated
#      routes (403s) and the cost-0 usage endpoint;
#   3. three servers, each started fresh for each run, interleaved (run 1 of each, then run 2 …):
#      - `tierc serve` (release build), decision-only mode, in-memory counters;
#      - the multi-tenancy guide's middleware as the guide describes it (scripts/peers/fastapi_guide.py: FastAPI
#        and uvicorn from PyPI, one worker, counters in process memory), deciding the same requests;
#      - nginx answering a static 200 (Debian's nginx-light): this machine's ceiling for an HTTP answer;
#      - Hummingbird answering a static 200 (`tierc-bench static-server`, the framework of `tierc serve`'s
#        forwarding and admin listeners; decision-only mode, measured here, is served straight on SwiftNIO): the
#        ceiling for any server on Hummingbird.
#      - with --baseline BIN, another `tierc` binary (an earlier commit's release build) in the same way as tierc,
#        so that a change is measured against what it changes in the same run.
#   The medians of --runs runs are reported, with tierc's ratios to each peer. Quotas run out during a run (most
#   free-tier answers become 429s after their first hundred calls an hour), alike for tierc and the FastAPI peer.
#
# usage: scripts/bench-serve.sh [--seconds N] [--runs N] [--connections N] [--tenants N] [--policy FILE] [--baseline BIN]
# Environment: TIERC_SCRATCH_PATH builds somewhere other than .build.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=10
runs=3
connections=64
tenants=1000
baseline=
policy=tiers/tiers.yaml
if [ -f examples/guide-four-methods.tiers.yaml ]; then policy=examples/guide-four-methods.tiers.yaml; fi
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --tenants) tenants="$2"; shift 2 ;;
        --policy) policy="$2"; shift 2 ;;
        --baseline) baseline="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
        *) echo "usage: $0 [--seconds N] [--runs N] [--connections N] [--tenants N] [--policy FILE] [--baseline BIN]" >&2; exit 64 ;;
    esac
done

say() { printf '==> %s\n' "$*" >&2; }

bash scripts/setup.sh build
if ! command -v wrk >/dev/null 2>&1 || ! command -v nginx >/dev/null 2>&1; then
    say "installing wrk and nginx-light (Debian packages)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk nginx-light >/dev/null
fi
# The FastAPI peer's packages live in tierc's own virtual environment (scripts/python-tools.sh).
PATH="$(bash scripts/python-tools.sh fastapi uvicorn pyyaml):$PATH"
export PATH

scratch=()
if [ -n "${TIERC_SCRATCH_PATH:-}" ]; then scratch=(--scratch-path "$TIERC_SCRATCH_PATH"); fi
say "swift build -c release"
swift build -c release "${scratch[@]}" --product tierc >&2
swift build -c release "${scratch[@]}" --product tierc-bench >&2
bin="$(swift build -c release "${scratch[@]}" --show-bin-path)"

work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$bin/tierc-bench" generate-log --lines 1 --tenants "$tenants" --seed 1 --out "$work/one.jsonl" \
    --tenants-out "$work/tenants.yaml" 2>/dev/null

# The request mix: tenant i by method i % 4, paths like generate-log's (gated routes and the usage endpoint).
cat > "$work/mixed.lua" <<LUA
local tenants = $tenants
local paths = {"/api/v1/things", "/api/v1/orders/42", "/api/v1/things", "/api/intelligence/predict",
               "/api/v1/things", "/api/growth/campaigns", "/api/v1/tenant/usage", "/api/v1/things"}
local requests = {}
for i = 0, tenants * 4 - 1 do
    local id = string.format("t%04d", i % tenants)
    local path = paths[(i % #paths) + 1]
    local method = math.floor(i / tenants) % 4
    local headers = {Host = "localhost"}  -- wrk.format adds no Host while the script loads
    if method == 0 then
        headers["Authorization"] = "Bearer key-" .. id
    elseif method == 1 then
        headers["X-Tenant-ID"] = id
    elseif method == 2 then
        headers["Host"] = id .. "-app.yourdomain.com"
    else
        path = path .. "?tenant_id=" .. id
    end
    requests[#requests + 1] = wrk.format("GET", path, headers)
end
local counter = 0
request = function()
    counter = counter + 1
    return requests[(counter % #requests) + 1]
end
LUA

cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
error_log $work/nginx-error.log;
pid $work/nginx.pid;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/nginx-body;
    server {
        listen 127.0.0.1:PORT;
        location / { default_type application/json; return 200 '{"tenant_id":"t0000","tier":"free"}'; }
    }
}
NGINX

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_for() {  # wait_for PORT: until something answers on 127.0.0.1:PORT (30 s at most)
    for _ in $(seq 1 300); do
        if curl -s -o /dev/null "http://127.0.0.1:$1/"; then return 0; fi
        sleep 0.1
    done
    say "nothing answers on port $1"; return 1
}

start_server() {  # start_server NAME PORT; sets server_pid
    case "$1" in
        tierc|baseline)
            local binary="$bin/tierc"
            if [ "$1" = baseline ]; then binary="$baseline"; fi
            "$binary" serve "$policy" --tenants "$work/tenants.yaml" --listen "127.0.0.1:$2" \
                --admin-listen "127.0.0.1:$(free_port)" >"$work/$1.log" 2>&1 &
            ;;
        fastapi)
            python3 scripts/peers/fastapi_guide.py --policy "$policy" --tenants "$work/tenants.yaml" \
                --port "$2" >"$work/fastapi.log" 2>&1 &
            ;;
        hummingbird)
            "$bin/tierc-bench" static-server --port "$2" >"$work/hummingbird.log" 2>&1 &
            ;;
        nginx)
            sed "s/PORT/$2/" "$work/nginx.conf" > "$work/nginx-$2.conf"
            nginx -c "$work/nginx-$2.conf" -g 'daemon off;' >"$work/nginx.log" 2>&1 &
            ;;
    esac
    server_pid=$!
    pids+=("$server_pid")
    wait_for "$2"
}

# One wrk run: prints "requests/s p50_ms p99_ms".
measure() {
    local port="$1" out
    wrk -t2 -c"$connections" -d2s -s "$work/mixed.lua" "http://127.0.0.1:$port/" >/dev/null  # warm-up
    out="$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/mixed.lua" "http://127.0.0.1:$port/")"
    printf '%s\n' "$out" >> "$work/wrk.txt"
    python3 - "$out" <<'PY'
import re, sys
text = sys.argv[1]
def ms(label):
    m = re.search(r"^\s*%s\s+([\d.]+)(us|ms|s)\s*$" % label, text, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rps:.0f} {ms('50%'):.3f} {ms('99%'):.3f} {errors.group(1) if errors else 0}")
PY
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "policy: $policy"
echo "wrk: 2 threads, $connections connections, ${seconds} s per run, $runs runs, $tenants tenants, mixed identification"
servers="tierc fastapi hummingbird nginx"
if [ -n "$baseline" ]; then
    echo "baseline: $baseline"
    servers="tierc baseline fastapi hummingbird nginx"
fi
: > "$work/results.txt"
for run in $(seq 1 "$runs"); do
    for name in $servers; do
        port="$(free_port)"
        start_server "$name" "$port"
        result="$(measure "$port")"
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        echo "$name $result" >> "$work/results.txt"
        printf 'run %d %-11s %s req/s  p50 %s ms  p99 %s ms  non-2xx %s\n' "$run" "$name" $result
    done
done

python3 - "$work/results.txt" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, rps, p50, p99, non2xx = line.split()
    rows.setdefault(name, []).append((float(rps), float(p50), float(p99)))
med = {name: tuple(statistics.median(v[i] for v in values) for i in range(3)) for name, values in rows.items()}
print()
print("| server | requests/s (median) | p50 ms | p99 ms |")
print("| --- | ---: | ---: | ---: |")
for name in ("tierc", "baseline", "fastapi", "hummingbird", "nginx"):
    if name not in med:
        continue
    rps, p50, p99 = med[name]
    print(f"| {name} | {rps:,.0f} | {p50:.2f} | {p99:.2f} |")
t, f, n = med["tierc"][0], med["fastapi"][0], med["nginx"][0]
print()
print(f"tierc / FastAPI peer: {t / f:.1f}x (target >= 10x: {'met' if t >= 10 * f else 'NOT met'})")
print(f"tierc / nginx static: {t / n:.2f} (target >= 0.5: {'met' if t >= 0.5 * n else 'NOT met'})")
h = med["hummingbird"][0]
print(f"tierc / Hummingbird static: {t / h:.2f}; Hummingbird static / nginx static: {h / n:.2f}")
print(f"tierc p99: {med['tierc'][2]:.2f} ms (target < 5 ms: {'met' if med['tierc'][2] < 5 else 'NOT met'})")
if "baseline" in med:
    b = med["baseline"][0]
    print(f"tierc / baseline: {t / b:.2f}; baseline / nginx static: {b / n:.2f}")
PY
