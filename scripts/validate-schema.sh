#!/usr/bin/env bash
# Validates the committed JSON Schemas with an independent validator (check-jsonschema, PyPI):
#   1. each schema against its metaschema (JSON Schema draft-07);
#   2. every file that must be valid passes: Tests/PolicyCheckTests/Fixtures/schema/valid/*.yaml,
#      tiers/tiers.yaml and the tenants files in examples/;
#   3. every file in Tests/PolicyCheckTests/Fixtures/schema/invalid/*.yaml fails with a validation error
#      (a file that fails to parse does not count as failing validation).
# Files named *.tenants.yaml, and tenants*.yaml in examples/, are checked against tiers/tenants.schema.json;
# all others against tiers/tiers.schema.json.
#
# Prints one line per check and a final `schema: N passed, M failed`; exits 1 if anything failed, 2 if
# check-jsonschema is missing and cannot be installed.
# Set CHECK_JSONSCHEMA to use a specific check-jsonschema executable.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2

TIERS_SCHEMA=tiers/tiers.schema.json
TENANTS_SCHEMA=tiers/tenants.schema.json
FIXTURES=Tests/PolicyCheckTests/Fixtures/schema

checker=${CHECK_JSONSCHEMA:-check-jsonschema}
if [[ -n ${CHECK_JSONSCHEMA:-} ]] && ! command -v "$checker" >/dev/null 2>&1; then
    echo "schema: CHECK_JSONSCHEMA=$checker is not an executable" >&2
    exit 2
fi
if [[ -z ${CHECK_JSONSCHEMA:-} ]]; then
    # check-jsonschema comes from tierc's own virtual environment (scripts/python-tools.sh).
    bin=$(bash scripts/python-tools.sh 'check-jsonschema>=0.33,<1') || {
        echo "schema: cannot install check-jsonschema (scripts/python-tools.sh)" >&2
        exit 2
    }
    checker="$bin/check-jsonschema"
fi

# The schema a file is checked against.
schema_for() {
    case "$1" in
        *.tenants.yaml | examples/tenants*.yaml) echo "$TENANTS_SCHEMA" ;;
        *) echo "$TIERS_SCHEMA" ;;
    esac
}

stderr_file=$(mktemp) || exit 2
trap 'rm -f "$stderr_file"' EXIT

passed=0
failed=0

report() {
    printf '%s\n' "$1"
    case "$1" in
        ok*) passed=$((passed + 1)) ;;
        *) failed=$((failed + 1)) ;;
    esac
}

for schema in "$TIERS_SCHEMA" "$TENANTS_SCHEMA"; do
    if output=$("$checker" --color never --check-metaschema "$schema" 2>&1); then
        report "ok    metaschema  $schema"
    else
        report "FAIL  metaschema  $schema"
        printf '%s\n' "$output" | sed 's/^/      /'
    fi
done

# Judges FILES against SCHEMA with one check-jsonschema run, one line per file: `valid` files must pass;
# `invalid` files must fail with a validation error (a file that does not parse is a failure either way).
judge() {
    local expectation=$1 schema=$2
    shift 2
    (($# > 0)) || return 0
    local json lines line
    json=$("$checker" --color never --output-format json --schemafile "$schema" "$@" 2>"$stderr_file")
    lines=$(python3 - "$expectation" "$json" "$(cat "$stderr_file")" "$@" <<'PY'
import json, sys

expectation, raw, stderr, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
try:
    result = json.loads(raw)
except ValueError:
    said = (stderr.strip() or raw.strip() or "no output").splitlines()[0]
    for name in files:
        print(f"FAIL  {expectation:<11} {name} (check-jsonschema: {said})")
    sys.exit(0)
errors, unparsable = {}, {}
for error in result.get("errors", []):
    errors.setdefault(error["filename"], []).append(f'{error["path"]}: {error["message"]}')
for error in result.get("parse_errors", []):
    unparsable[error["filename"]] = error["message"]

def short(text, limit=110):
    return text if len(text) <= limit else text[: limit - 1] + "…"

for name in files:
    if name in unparsable:
        print(f"FAIL  {expectation:<11} {name} ({short(unparsable[name])})")
    elif expectation == "valid" and name in errors:
        print(f"FAIL  {expectation:<11} {name}")
        for message in errors[name]:
            print(f"      {message}")
    elif expectation == "valid":
        print(f"ok    {expectation:<11} {name}")
    elif name in errors:
        print(f"ok    {expectation:<11} {name}  ({short(errors[name][0])})")
    else:
        print(f"FAIL  {expectation:<11} {name} (the schema accepts it)")
PY
    )
    while IFS= read -r line; do
        case "$line" in
            "      "*) printf '%s\n' "$line" ;;
            *) report "$line" ;;
        esac
    done <<<"$lines"
}

shopt -s nullglob
tiers_valid=() tenants_valid=() tiers_invalid=() tenants_invalid=()
for file in "$FIXTURES"/valid/*.yaml tiers/tiers.yaml examples/tenants*.yaml; do
    if [[ $(schema_for "$file") == "$TENANTS_SCHEMA" ]]; then tenants_valid+=("$file"); else tiers_valid+=("$file"); fi
done
for file in "$FIXTURES"/invalid/*.yaml; do
    if [[ $(schema_for "$file") == "$TENANTS_SCHEMA" ]]; then tenants_invalid+=("$file"); else tiers_invalid+=("$file"); fi
done
if ((${#tiers_invalid[@]} + ${#tenants_invalid[@]} == 0)); then
    report "FAIL  invalid     $FIXTURES/invalid/*.yaml: no fixtures found"
fi

judge valid "$TIERS_SCHEMA" "${tiers_valid[@]}"
judge valid "$TENANTS_SCHEMA" "${tenants_valid[@]}"
judge invalid "$TIERS_SCHEMA" "${tiers_invalid[@]}"
judge invalid "$TENANTS_SCHEMA" "${tenants_invalid[@]}"

echo "schema: $passed passed, $failed failed"
((failed == 0))
