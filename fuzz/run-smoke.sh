#!/usr/bin/env bash
# Builds every fuzz target and runs each for a bounded time (a minute in all by default), starting
# from the committed seed corpus; exits non-zero on the first crash, leak or failed property (the
# input is left under fuzz/artifacts/<target>/).
#
# Needs: cargo-fuzz (`cargo install cargo-fuzz --locked`), a C++ compiler (libfuzzer-sys builds
# libFuzzer from source: g++ or clang++), and the AddressSanitizer runtime that rustup's rust-std
# ships for x86_64-unknown-linux-gnu. On a stable toolchain cargo fuzz's `-Z` flags need
# RUSTC_BOOTSTRAP=1, which this script sets for its own commands only.
#
# Usage: fuzz/run-smoke.sh [seconds per target, default 15]
set -euo pipefail

SECONDS_PER_TARGET="${1:-15}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE/.."

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is not installed: cargo install cargo-fuzz --locked" >&2
    exit 2
fi

export RUSTC_BOOTSTRAP=1
TARGETS=$(cargo fuzz list)
# One build for all targets (release, debug assertions on, AddressSanitizer).
cargo fuzz build --release --debug-assertions

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
status=0
for t in $TARGETS; do
    # New inputs go to a scratch copy: the committed corpus stays a small, reviewed seed set.
    mkdir -p "$WORK/$t"
    echo "== $t (${SECONDS_PER_TARGET}s)"
    if ! cargo fuzz run --release --debug-assertions "$t" "$WORK/$t" "fuzz/corpus/$t" -- \
        -max_total_time="$SECONDS_PER_TARGET" -max_len=16384 -rss_limit_mb=2048 \
        -timeout=10 -print_final_stats=1 2>"$WORK/$t.log"; then
        tail -n 40 "$WORK/$t.log" >&2
        echo "FAILED: $t (reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run $t fuzz/artifacts/$t/<file>)" >&2
        status=1
    else
        grep -E '^stat::(number_of_executed_units|new_units_added)' "$WORK/$t.log" || true
    fi
done
if [ "$status" -eq 0 ]; then
    echo "fuzz smoke: every target ran ${SECONDS_PER_TARGET}s without a failure"
fi
exit "$status"
