#!/usr/bin/env bash
# tierc's benchmarks, in release mode, each against a peer run in the same command (see BENCHMARKS.md):
#   1. tierc-bench check:    `tierc check` on a generated 1,000-tier policy vs PyYAML's C parser loading it
#                            (twice: rising chains, and overlapping chains, the ladder lints' worst case);
#   2. tierc-bench snapshot: Snapshot.load of tiers/tiers.yaml's and a 1,000-tier policy's snapshot vs JSONDecoder;
#   3. tierc-bench simulate: `tierc simulate` on a generated 5,000,000-line log vs `wc -l` (the I/O floor) and
#      DuckDB (2 threads) computing the same per-tenant report; lines/s with full identification; peak RSS
#      for 1/5, 1× and 2× the log length.
#
# usage: scripts/bench.sh [tierc-bench simulate options]
#   e.g. scripts/bench.sh --lines 1000000 --runs 1 --no-scaling
# Environment: TIERC_SCRATCH_PATH builds somewhere other than .build; TIERC_BENCH_WORK_DIR keeps the
# generated logs somewhere other than $TMPDIR/tierc-bench-logs (about 2.1 GB for the defaults; they are
# reused by later runs with the same parameters).
#
# Run it on a quiet machine: it prints the load average, and waits (up to 10 minutes) while the 1-minute
# load is above 1.5 (other builds or benchmarks would distort the figures).
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=()
if [ -n "${TIERC_SCRATCH_PATH:-}" ]; then scratch=(--scratch-path "$TIERC_SCRATCH_PATH"); fi
work=()
if [ -n "${TIERC_BENCH_WORK_DIR:-}" ]; then work=(--work-dir "$TIERC_BENCH_WORK_DIR"); fi

step() { printf '\n==> %s\n' "$*"; }

bash scripts/setup.sh build
# The peers' Python packages live in tierc's own virtual environment (scripts/python-tools.sh).
PATH="$(bash scripts/python-tools.sh pyyaml duckdb):$PATH"
export PATH

# One product at a time: the machine has 2 cores.
step "swift build -c release --product tierc"
swift build -c release --product tierc "${scratch[@]}"
step "swift build -c release --product tierc-bench"
swift build -c release --product tierc-bench "${scratch[@]}"
bin="$(swift build -c release "${scratch[@]}" --show-bin-path)"

step "machine"
echo "nproc: $(nproc)"
grep -m1 'model name' /proc/cpuinfo || true
waited=0
while awk '{ exit !($1 > 1.5) }' /proc/loadavg && [ "$waited" -lt 600 ]; do
    echo "load average $(cut -d' ' -f1-3 /proc/loadavg) is above 1.5: waiting ($waited s so far)"
    sleep 30
    waited=$((waited + 30))
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

step "tierc-bench check --tierc $bin/tierc"
"$bin/tierc-bench" check --tierc "$bin/tierc"
step "tierc-bench check --overlap --tierc $bin/tierc"
"$bin/tierc-bench" check --overlap --tierc "$bin/tierc"

step "tierc-bench snapshot"
"$bin/tierc-bench" snapshot

step "tierc-bench simulate --tierc $bin/tierc ${work[*]} $*"
"$bin/tierc-bench" simulate --tierc "$bin/tierc" "${work[@]}" "$@"
