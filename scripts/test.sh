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
swift test "${scratch[@]}"

# ---- Extra validations -------------------------------------------------------------------------
# Each is a step; add new ones below. They run after the tests, and any failure fails the run.

# The committed JSON Schemas, against their metaschema and the valid and invalid fixtures (check-jsonschema).
step "scripts/validate-schema.sh"
bash scripts/validate-schema.sh

# The diagnostics catalogue quotes the golden outputs: it must be regenerated when they change.
step "docs/diagnostics.md is current"
python3 scripts/diagnostics-doc/gen.py --check
