#!/usr/bin/env bash
# Fuzz smoke test: builds every target, replays the committed corpus (each input once), then
# fuzzes each target for its share of the time (a minute in all by default). Exits non-zero on the
# first crash, timeout, leak or failed property; the input is left under fuzz/artifacts/<target>/.
#
# How the targets are built depends on what the machine has:
# * with cargo-fuzz (`cargo install cargo-fuzz --locked`): `cargo fuzz build` (AddressSanitizer,
#   debug assertions); the binaries are then run as below. On a stable toolchain its `-Z` flags need
#   RUSTC_BOOTSTRAP=1, which this script sets for its own commands only.
# * without it: the same libFuzzer binaries, built by cargo directly with the coverage
#   instrumentation cargo fuzz adds (SanitizerCoverage passes, `--cfg fuzzing`, debug assertions,
#   overflow checks), on whatever toolchain is active, but without AddressSanitizer (that needs
#   `-Z`). The targets are safe Rust; ASan would watch libFuzzer's own C++ and `unsafe` in
#   dependencies. The script says which mode it ran.
# Both need a C++ compiler (libfuzzer-sys builds libFuzzer from source).
#
# Usage: fuzz/run-smoke.sh [total seconds, default 60]
#        fuzz/run-smoke.sh --replay     (the committed corpus only, no fuzzing: a regression run)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE/.."

REPLAY_ONLY=0
TOTAL=60
case "${1:-}" in
    --replay) REPLAY_ONLY=1 ;;
    "") ;;
    *[!0-9]*) echo "usage: $0 [total seconds] | --replay" >&2; exit 2 ;;
    *) TOTAL="$1" ;;
esac

TARGETS=$(sed -n '/^\[\[bin\]\]/,/^path/ s/^name = "\(.*\)"/\1/p' fuzz/Cargo.toml)
COUNT=$(echo "$TARGETS" | wc -w)
PER_TARGET=$(( TOTAL / COUNT ))
[ "$PER_TARGET" -ge 1 ] || PER_TARGET=1
LIBFUZZER_ARGS=(-max_len=16384 -rss_limit_mb=2048 -timeout=10)

if cargo fuzz --version >/dev/null 2>&1; then
    MODE="cargo-fuzz (AddressSanitizer)"
    export RUSTC_BOOTSTRAP=1
    cargo fuzz build --release --debug-assertions
    TRIPLE=$(rustc -vV | sed -n 's/^host: //p')
    BIN_DIR="fuzz/target/$TRIPLE/release"
else
    MODE="libFuzzer with coverage instrumentation, no AddressSanitizer (cargo-fuzz is not installed)"
    TRIPLE=$(rustc -vV | sed -n 's/^host: //p')
    # What cargo fuzz passes, minus -Zsanitizer. `--target` keeps the flags off build scripts.
    RUSTFLAGS="-Cpasses=sancov-module \
        -Cllvm-args=-sanitizer-coverage-level=4 \
        -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
        -Cllvm-args=-sanitizer-coverage-pc-table \
        -Cllvm-args=-sanitizer-coverage-trace-compares \
        --cfg fuzzing -Cdebug-assertions -Coverflow-checks -Cforce-frame-pointers" \
        cargo build --manifest-path fuzz/Cargo.toml --release --bins --target "$TRIPLE"
    BIN_DIR="fuzz/target/$TRIPLE/release"
fi
echo "fuzz smoke: $MODE"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
status=0
for t in $TARGETS; do
    bin="$BIN_DIR/$t"
    mkdir -p "fuzz/artifacts/$t" "$WORK/$t"
    # Every committed input once (file arguments: libFuzzer runs each and stops).
    echo "== $t: replaying $(find "fuzz/corpus/$t" -type f | wc -l) corpus inputs"
    if ! "$bin" "${LIBFUZZER_ARGS[@]}" -artifact_prefix="fuzz/artifacts/$t/" \
        fuzz/corpus/"$t"/* >"$WORK/$t.replay.log" 2>&1; then
        tail -n 40 "$WORK/$t.replay.log" >&2
        echo "FAILED: $t on its committed corpus" >&2
        status=1
        continue
    fi
    [ "$REPLAY_ONLY" -eq 1 ] && continue
    # New inputs go to a scratch copy: the committed corpus stays a small, reviewed seed set.
    echo "== $t: fuzzing ${PER_TARGET}s"
    if ! "$bin" "${LIBFUZZER_ARGS[@]}" -max_total_time="$PER_TARGET" -print_final_stats=1 \
        -artifact_prefix="fuzz/artifacts/$t/" "$WORK/$t" "fuzz/corpus/$t" >"$WORK/$t.log" 2>&1; then
        tail -n 40 "$WORK/$t.log" >&2
        echo "FAILED: $t (reproduce: $bin fuzz/artifacts/$t/<file>)" >&2
        status=1
    else
        grep -E '^stat::(number_of_executed_units|new_units_added)' "$WORK/$t.log" || true
    fi
done
if [ "$status" -eq 0 ]; then
    if [ "$REPLAY_ONLY" -eq 1 ]; then
        echo "fuzz smoke: every committed corpus input passes ($MODE)"
    else
        echo "fuzz smoke: every target replayed its corpus and ran ${PER_TARGET}s without a failure ($MODE)"
    fi
fi
exit "$status"
