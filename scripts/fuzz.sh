#!/usr/bin/env bash
# Coverage-guided fuzzing of tierc's parsers of untrusted bytes with libFuzzer (docs/fuzzing.md).
#
# usage: scripts/fuzz.sh [SECONDS] [HARNESS...]
#   SECONDS   how long each harness runs (default 60); 0 only replays the committed inputs
#   HARNESS   FuzzPolicy FuzzSnapshot FuzzLogLine FuzzSetArgument FuzzServeRequest FuzzRateLimitHeaders
#             FuzzRequestHead
#             (default: all)
#
# Builds the package in Fuzz/ (which depends on this one by path) with `-sanitize=fuzzer,address` in its own
# scratch path (.build-fuzz, or TIERC_FUZZ_SCRATCH_PATH), so the ordinary build is untouched. For each harness it
# first replays every committed crasher (Fuzz/Crashers/<harness>/: inputs that once failed, now regression
# tests), then fuzzes for SECONDS starting from the committed seeds (Fuzz/Corpus/<harness>/). New interesting
# inputs go to <scratch>/corpus/<harness>/ (kept between runs, not committed); a failing input is written to
# <scratch>/artifacts/<harness>/ and the script exits non-zero. The last line per harness gives executions per
# second and coverage (libFuzzer's `cov:` edges and `ft:` features).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
if [ "$#" -gt 0 ]; then shift; fi
harnesses=("$@")
if [ "${#harnesses[@]}" -eq 0 ]; then
    harnesses=(FuzzPolicy FuzzSnapshot FuzzLogLine FuzzSetArgument FuzzServeRequest FuzzRateLimitHeaders FuzzRequestHead)
fi
case "$seconds" in ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, not '$seconds'" >&2; exit 64 ;; esac

scratch="${TIERC_FUZZ_SCRATCH_PATH:-$PWD/.build-fuzz}"
build=(swift build --package-path Fuzz --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address)
"${build[@]}"
bin="$("${build[@]}" --show-bin-path)"

# LeakSanitizer at exit reports a one-time 40-byte allocation of the Swift runtime as a leak: not a finding.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
status=0
for harness in "${harnesses[@]}"; do
    exe="$bin/$harness"
    [ -x "$exe" ] || { echo "fuzz.sh: no harness named $harness" >&2; exit 64; }
    crashers=(Fuzz/Crashers/"$harness"/*)
    if [ -e "${crashers[0]}" ]; then
        echo "==> $harness: replaying ${#crashers[@]} committed crasher(s)"
        if ! "$exe" -runs=1 -detect_leaks=0 "${crashers[@]}" > "$scratch/replay-$harness.log" 2>&1; then
            cat "$scratch/replay-$harness.log"
            echo "fuzz.sh: $harness fails on a committed crasher again" >&2
            status=1
            continue
        fi
    fi
    [ "$seconds" -gt 0 ] || continue
    mkdir -p "$scratch/corpus/$harness" "$scratch/artifacts/$harness"
    echo "==> $harness: fuzzing for $seconds s"
    log="$scratch/fuzz-$harness.log"
    # -timeout: an input that takes over 10 s is a hang; -rss_limit_mb: one that needs over 2 GiB is a finding.
    # -detect_leaks=0: LeakSanitizer reports a one-time 40-byte allocation of the Swift runtime at exit, even for an
    # empty input, as a leak; memory errors (AddressSanitizer) are still findings.
    if "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -detect_leaks=0 \
        -artifact_prefix="$scratch/artifacts/$harness/" "$scratch/corpus/$harness" "Fuzz/Corpus/$harness" > "$log" 2>&1; then
        runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
        rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
        coverage="$(grep -E '^#[0-9]+' "$log" | tail -n 1 | grep -oE 'cov: [0-9]+ ft: [0-9]+' || true)"
        echo "$harness: $runs runs in $seconds s, $rate exec/s, $coverage"
    else
        tail -n 40 "$log"
        echo "fuzz.sh: $harness found a failing input: see $scratch/artifacts/$harness/ (add it to Fuzz/Crashers/$harness/ once fixed)" >&2
        status=1
    fi
done
exit "$status"
