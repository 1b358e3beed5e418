#!/usr/bin/env bash
# Renders tierc's HTML reports in a real browser (Debian's headless Chromium, installed by scripts/setup.sh test)
# and checks them (scripts/html-report/check_dom.py):
#   - `tierc simulate --format html` of the bundled example, and `tierc diff --format html --replay` of the
#     bundled policy against the same policy with the professional tier's hourly limit cut (--set);
#   - each is rendered to its DOM (--dump-dom, after its inline script ran) and to a PNG (--screenshot);
#   - every chart (an inline <svg> with its legend and axes) and its table of numbers is present, every section
#     in the documented order, and every number of the DOM equals the JSON report of the same run;
#   - nothing was fetched: the page carries a Content-Security-Policy that allows no request, its markup has no
#     http(s):// or protocol-relative reference and no src/href attribute, Chromium runs with every host name
#     unresolvable, and its network log (--log-net-log) shows no request started by the page (a control page
#     with an image from the network proves the log shows one).
# With --record, the two PNGs are copied to docs/images/ (the README shows them).
#
# Usage: scripts/test-html-report.sh [path/to/tierc] [--record]   (default: .build/debug/tierc)
# Prints one line per check group and `html: N passed, M failed`; exits 1 on a failure, 2 when Chromium or
# tierc is missing.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

tierc=.build/debug/tierc
record=0
for argument in "$@"; do
    case "$argument" in
        --record) record=1 ;;
        *) tierc=$argument ;;
    esac
done
[[ -x $tierc ]] || { echo "html: $tierc is not built (swift build)" >&2; exit 2; }
chromium=$(command -v chromium || command -v chromium-browser) || {
    echo "html: chromium is not installed (bash scripts/setup.sh test installs it)" >&2
    exit 2
}

scratch=$(mktemp -d) || exit 2
trap 'rm -rf "$scratch"' EXIT

policy=tiers/tiers.yaml
tenants=examples/tenants.yaml
log=examples/requests.jsonl
edit=tiers.professional.limits.api_calls.hour=20

"$tierc" simulate "$policy" "$log" --tenants "$tenants" --format html --output "$scratch/simulate.html" 2>/dev/null || exit 1
"$tierc" simulate "$policy" "$log" --tenants "$tenants" --format json --output "$scratch/simulate.json" 2>/dev/null || exit 1
"$tierc" diff "$policy" --set "$edit" --replay "$log" --tenants "$tenants" --format html --output "$scratch/diff.html" 2>/dev/null || exit 1
"$tierc" diff "$policy" --set "$edit" --replay "$log" --tenants "$tenants" --format json > "$scratch/diff.json" 2>/dev/null || exit 1

# One browser run per artefact, each with its own profile, no name resolution and a network log.
render() {
    local page=$1 what=$2
    shift 2
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
        --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$scratch/profile-$what" \
        --log-net-log="$scratch/$what.netlog.json" --net-log-capture-mode=Everything "$@" "file://$scratch/$page" 2>/dev/null
}

for report in simulate diff; do
    render "$report.html" "$report-dom" --dump-dom > "$scratch/$report.dom.html" || { echo "html: chromium --dump-dom failed for $report" >&2; exit 1; }
    render "$report.html" "$report-png" --window-size=1100,1500 --force-device-scale-factor=0.75 \
        --screenshot="$scratch/$report.png" > /dev/null || { echo "html: chromium --screenshot failed for $report" >&2; exit 1; }
done

# A control page that does fetch something, to prove the network-log check sees a page's requests.
printf '<!DOCTYPE html><html><body><img alt="" src="https://example.com/tierc-control.png"></body></html>\n' > "$scratch/control.html"
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --disable-extensions --host-resolver-rules="MAP * ~NOTFOUND" \
    --user-data-dir="$scratch/profile-control" --log-net-log="$scratch/control.netlog.json" --net-log-capture-mode=Everything \
    --dump-dom "file://$scratch/control.html" > /dev/null 2>&1

python3 scripts/html-report/check_dom.py "$scratch" || exit 1

if [ "$record" = 1 ]; then
    mkdir -p docs/images
    cp "$scratch/simulate.png" docs/images/simulate-report.png
    cp "$scratch/diff.png" docs/images/diff-report.png
    echo "html: recorded docs/images/simulate-report.png and docs/images/diff-report.png"
fi
