#!/usr/bin/env bash
# Builds tierc in release mode and installs the binary, so that `tierc` runs from any folder.
#
# usage: scripts/install.sh [PREFIX]
#   PREFIX defaults to $HOME/.local; the binary goes to PREFIX/bin/tierc (/usr/local needs root).
# Set TIERC_SCRATCH_PATH to build somewhere other than .build.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="${1:-$HOME/.local}"
bash scripts/setup.sh build

scratch=()
if [ -n "${TIERC_SCRATCH_PATH:-}" ]; then scratch=(--scratch-path "$TIERC_SCRATCH_PATH"); fi
echo "==> swift build -c release --product tierc (the first build takes a few minutes)" >&2
swift build -c release --product tierc --quiet "${scratch[@]}"
built="$(swift build -c release "${scratch[@]}" --show-bin-path)/tierc"

mkdir -p "$prefix/bin"
# Copied to a temporary name, then renamed: a running tierc is never overwritten in place.
cp "$built" "$prefix/bin/.tierc.new"
mv -f "$prefix/bin/.tierc.new" "$prefix/bin/tierc"
echo "installed $prefix/bin/tierc"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "add it to your PATH, e.g. in ~/.profile: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
