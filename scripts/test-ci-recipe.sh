#!/usr/bin/env bash
# Proves examples/ci/tierc.yml in a repository that holds nothing but a tiers.yaml, a tenants.yaml and a sample
# log: a scratch git repository with a `main` branch and pull-request branches is made, and the workflow's `run:`
# steps are run there (scripts/ci-recipe/run_steps.py) with the built tierc on PATH instead of the install step.
# Checked: the annotations, the job summary, the SARIF file, the CSV, and each step's exit status, for
#   1. a pull request that raises a price (breaking, no approval label): diff fails with an ::error annotation;
#   2. the same pull request with the approval label: everything passes and the invoices CSV is written;
#   3. a pull request with a misspelt key: check fails, and the SARIF file is still there for the upload;
#   4. a push to main: no diff.
# Prints one line per check and `ci-recipe: N passed, M failed`; exits 1 if anything failed.
#
# usage: scripts/test-ci-recipe.sh TIERC_BINARY
set -uo pipefail
cd "$(dirname "$0")/.."

tierc=${1:?usage: scripts/test-ci-recipe.sh TIERC_BINARY}
[ -x "$tierc" ] || { echo "ci-recipe: $tierc is not built" >&2; exit 2; }
PATH="$(bash scripts/python-tools.sh pyyaml):$PATH" || exit 2
root="$PWD"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/bin"
ln -s "$(cd "$(dirname "$tierc")" && pwd)/$(basename "$tierc")" "$scratch/bin/tierc"
export PATH="$scratch/bin:$PATH"
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.invalid GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.invalid

passed=0
failed=0
expect() {  # expect DESCRIPTION COMMAND...
    local description="$1"; shift
    if "$@" >/dev/null 2>&1; then
        passed=$((passed + 1)); echo "ok    $description"
    else
        failed=$((failed + 1)); echo "FAIL  $description"
    fi
}

# The policy repository: main holds the files, pushed to a bare "origin"; pull-request branches change them.
git init -q --bare "$scratch/origin.git"
git init -q -b main "$scratch/repo"
cp tiers/tiers.yaml "$scratch/repo/tiers.yaml"
cp examples/tenants.yaml "$scratch/repo/tenants.yaml"
cp examples/requests.jsonl "$scratch/repo/requests.jsonl"
(cd "$scratch/repo" && git add -A && git commit -qm "policy" && git remote add origin "$scratch/origin.git" \
    && git push -q origin main && git fetch -q origin)

branch() {  # branch NAME SED-EXPRESSION: a pull-request branch whose tiers.yaml is edited
    (cd "$scratch/repo" && git checkout -q -B "$1" main && sed -i "$2" tiers.yaml && git commit -qam "$1")
}

run() {  # run OUTPUT EVENT [run_steps.py options]
    local out="$1" event="$2"; shift 2
    (cd "$scratch/repo" && git clean -qfdx)
    python3 scripts/ci-recipe/run_steps.py examples/ci/tierc.yml --job policy --workspace "$scratch/repo" \
        --event "$event" --base-ref main --skip-id install "$@" > "$out"
}

step() {  # step OUTPUT NAME FIELD: a field of the named step's result
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(next(s for s in d["steps"] if s["name"]==sys.argv[2]).get(sys.argv[3], ""))' "$1" "$2" "$3"
}
summary() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"])' "$1"; }
has() { grep -qF -- "$2" <<<"$1"; }
lacks() { ! grep -qF -- "$2" <<<"$1"; }
starts_every_line() {  # every non-empty line of $1 starts with one of tierc's own command prefixes or its summary
    python3 -c 'import sys; print(all(l.startswith(("::error file=","::warning file=","::notice","base.tiers.yaml → ")) for l in sys.argv[1].splitlines() if l))' "$1" | grep -qx True
}
CHECK="tierc check (annotations and SARIF)"
DIFF="tierc diff against the base branch"
REPLAY="Replay the sample log"
UPLOAD="Upload SARIF"

# 1. A breaking price rise without the approval label.
branch raise-price 's/^    price: 29$/    price: 39/'
run "$scratch/1.json" pull_request
expect "1: check passes on the clean policy" test "$(step "$scratch/1.json" "$CHECK" status)" = ok
expect "1: SARIF written for the upload" test -s "$scratch/repo/tierc.sarif"
expect "1: SARIF upload would run" test "$(step "$scratch/1.json" "$UPLOAD" status)" = would-run
expect "1: diff fails on the breaking change" test "$(step "$scratch/1.json" "$DIFF" exit)" = 1
diff_out="$(step "$scratch/1.json" "$DIFF" stdout)"
price_line="$(grep -n '^    price: 39$' "$scratch/repo/tiers.yaml" | cut -d: -f1)"
expect "1: diff annotates the price on tiers.yaml's line" has "$diff_out" "::error file=tiers.yaml,line=$price_line,col=12"
expect "1: the annotation names the change" has "$diff_out" "title=tierc diff%3A price-increased (breaking)"
expect "1: only tierc's own workflow commands" starts_every_line "$diff_out"
sum="$(summary "$scratch/1.json")"
expect "1: the job summary has the change table" has "$sum" '| **breaking** | `price-increased` | `tiers.starter.price`'
expect "1: the job summary has the replay's invoice impact" has "$sum" "tenant-c"
expect "1: later steps are skipped after the failure" test "$(step "$scratch/1.json" "$REPLAY" status)" = skipped

# 2. The same change, approved by label.
run "$scratch/2.json" pull_request --label pricing-change-approved
expect "2: diff passes with the approval label" test "$(step "$scratch/2.json" "$DIFF" status)" = ok
expect "2: the breaking change is still annotated" has "$(step "$scratch/2.json" "$DIFF" stdout)" "price-increased"
expect "2: the sample log is replayed" test "$(step "$scratch/2.json" "$REPLAY" status)" = ok
expect "2: the invoices CSV has its header" has "$(head -n 1 "$scratch/repo/invoices.csv")" "tenant,tier,month"
expect "2: the invoices CSV prices starter at 39" grep -q "tenant-c,starter,2025-11,base,,,39.00,USD" "$scratch/repo/invoices.csv"
expect "2: the artifact upload would run" test "$(step "$scratch/2.json" "Keep the invoices" status)" = would-run

# 3. A misspelt key: check fails, and its SARIF is still written and uploaded.
branch typo '0,/^    limits:/s//    limts:/'
run "$scratch/3.json" pull_request
expect "3: check fails" test "$(step "$scratch/3.json" "$CHECK" exit)" = 1
expect "3: the error is annotated on its line" has "$(step "$scratch/3.json" "$CHECK" stdout)" "title=tierc unknown-key::unknown key \`limts\`"
expect "3: the SARIF file holds the error" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["runs"][0]["results"][0]["ruleId"]=="unknown-key"' "$scratch/repo/tierc.sarif"
expect "3: SARIF upload still runs after the failure" test "$(step "$scratch/3.json" "$UPLOAD" status)" = would-run
expect "3: diff is skipped after the failure" test "$(step "$scratch/3.json" "$DIFF" status)" = skipped

# 4. A push to main: checked and replayed, nothing to compare.
(cd "$scratch/repo" && git checkout -q main)
run "$scratch/4.json" push
expect "4: check passes" test "$(step "$scratch/4.json" "$CHECK" status)" = ok
expect "4: no diff on a push" test "$(step "$scratch/4.json" "$DIFF" status)" = skipped
expect "4: the sample log is replayed" test "$(step "$scratch/4.json" "$REPLAY" status)" = ok
lacks_table() { lacks "$(summary "$scratch/4.json")" "| Impact |"; }
expect "4: no diff table in the summary" lacks_table

echo "ci-recipe: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
