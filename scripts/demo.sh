#!/usr/bin/env bash
# The demo: set up the machine, build tierc in release mode, check the bundled policy and tenants, simulate the
# example log, and compile the policy into a snapshot that simulates to the very same report. What it compiles
# stays in build/demo/ (ignored by git): open build/demo/policy/Policy.swift and policy.sql to see the outputs,
# and build/demo/report.html (the HTML report) in a browser.
# Set TIERC_SCRATCH_PATH to build somewhere other than .build.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh build

scratch=()
if [ -n "${TIERC_SCRATCH_PATH:-}" ]; then scratch=(--scratch-path "$TIERC_SCRATCH_PATH"); fi

step() { printf '\n==> %s\n' "$*"; }

step "swift build -c release --product tierc (the first build takes a few minutes)"
swift build -c release --product tierc --quiet "${scratch[@]}"
tierc="$(swift build -c release "${scratch[@]}" --show-bin-path)/tierc"
echo "built $tierc (scripts/install.sh puts it on your PATH)"

step "tierc check tiers/tiers.yaml --tenants examples/tenants.yaml"
"$tierc" check tiers/tiers.yaml --tenants examples/tenants.yaml

step "the same policy with a misspelt key (tierc exits with status 1)"
workdir=build/demo
rm -rf "$workdir"
mkdir -p "$workdir"
sed '0,/^    limits:/s//    limts:/' tiers/tiers.yaml > "$workdir/tiers.yaml"
status=0
(cd "$workdir" && "$tierc" check tiers.yaml) || status=$?
echo "(exit status $status)"

# ---- Simulation ----------------------------------------------------------------------------------
step "tierc simulate tiers/tiers.yaml examples/requests.jsonl --tenants examples/tenants.yaml"
"$tierc" simulate tiers/tiers.yaml examples/requests.jsonl --tenants examples/tenants.yaml
step "the same replay as a self-contained HTML page for finance: $workdir/report.html"
"$tierc" simulate tiers/tiers.yaml examples/requests.jsonl --tenants examples/tenants.yaml --format html --output "$workdir/report.html" 2>/dev/null
step "tierc table tiers/tiers.yaml"
"$tierc" table tiers/tiers.yaml

# ---- Compilation ---------------------------------------------------------------------------------
step "tierc compile tiers/tiers.yaml --out $workdir/policy --tenants examples/tenants.yaml"
"$tierc" compile tiers/tiers.yaml --out "$workdir/policy" --tenants examples/tenants.yaml
step "tierc inspect $workdir/policy/policy.tierc"
"$tierc" inspect "$workdir/policy/policy.tierc"
step "tierc simulate on the snapshot: the same report as on the YAML (compared with cmp)"
"$tierc" simulate "$workdir/policy/policy.tierc" examples/requests.jsonl --format json --output "$workdir/snapshot.json" 2>/dev/null
"$tierc" simulate tiers/tiers.yaml examples/requests.jsonl --tenants examples/tenants.yaml --format json --output "$workdir/yaml.json" 2>/dev/null
cmp "$workdir/snapshot.json" "$workdir/yaml.json" && echo "identical reports"

echo
echo "The compiled outputs are in $workdir/policy: policy.tierc (the snapshot), Policy.swift, policy.sql, tenants.sql."
echo "Open $workdir/report.html in a browser for the simulation with charts."
