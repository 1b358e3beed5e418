#!/usr/bin/env bash
# Installs what tierc's build and tests need on a fresh Debian machine that has the Swift toolchain:
#   - libyaml-dev and pkg-config (the CYAML system library), PostgreSQL (tests of the SQL output),
#     prometheus (its promtool checks `tierc serve`'s /metrics in tests), from Debian's packages;
#   - check-jsonschema (validates the published JSON Schema in tests), from PyPI.
# Idempotent: when everything is present it installs nothing and prints nothing.
set -euo pipefail

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

if ! have_libyaml || ! have_postgres; then
    say "installing libyaml-dev, postgresql and pkg-config (Debian packages)"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq >/dev/null
    as_root apt-get install -y -qq --no-install-recommends libyaml-dev postgresql pkg-config >/dev/null
fi

if ! command -v promtool >/dev/null 2>&1; then
    say "installing prometheus for promtool (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq >/dev/null
    as_root apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi

if ! command -v check-jsonschema >/dev/null 2>&1; then
    say "installing check-jsonschema (PyPI)"
    pip_install() {
        python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "$@" check-jsonschema
    }
    # Debian's own Python refuses system-wide installs (PEP 668); fall back to a user install there.
    pip_install 2>/dev/null || pip_install --user --break-system-packages
    if command -v pyenv >/dev/null 2>&1; then pyenv rehash || true; fi
    if ! command -v promtool >/dev/null 2>&1; then
    say "installing prometheus for promtool (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq >/dev/null
    as_root apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi

if ! command -v check-jsonschema >/dev/null 2>&1; then
        say "check-jsonschema installed but not on PATH; add $(python3 -m site --user-base)/bin to PATH"
    fi
fi
