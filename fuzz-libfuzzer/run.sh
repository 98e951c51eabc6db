#!/usr/bin/env bash
# Fuzzes the rules loader (or, with RCUCTX_FUZZ_TARGET=summary, the summary
# file reader) for SECONDS (default 300) with libFuzzer + ASan + UBSan
# (+ LeakSanitizer): see rules_loader_fuzzer.cpp / summary_reader_fuzzer.cpp
# for what each asserts.
#
#   fuzz-libfuzzer/run.sh [SECONDS] [extra libFuzzer flags...]
#
# Builds build-asan/fuzz-libfuzzer/rules-loader-fuzzer if needed
# (scripts/build-sanitized.sh). The working corpus lives in
# build-asan/fuzz-corpus/, seeded from fuzz-libfuzzer/seeds/, rules/*.yaml and
# test/lit/Inputs/*.yaml. Crashing inputs are saved as
# fuzz-libfuzzer/crashes/crash-<sha1> (and leak-, timeout-, oom-; the folder
# is $RCUCTX_FUZZ_CRASHES when set, e.g. under ctest), and the run
# fails; `rules-loader-fuzzer fuzz-libfuzzer/crashes/<file>` replays one.
set -uo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
SECS=${1:-300}
shift || true
BUILD=${RCUCTX_ASAN_BUILD_DIR:-$REPO/build-asan}
TARGET=${RCUCTX_FUZZ_TARGET:-rules}
case $TARGET in
  rules) NAME=rules-loader-fuzzer; DICT=(-dict=fuzz-libfuzzer/rules.dict) ;;
  summary) NAME=summary-reader-fuzzer; DICT=() ;;
  *) echo "RCUCTX_FUZZ_TARGET: rules or summary" >&2; exit 2 ;;
esac
FUZZER=$BUILD/fuzz-libfuzzer/$NAME
RCUCTX_ASAN_BUILD_DIR=$BUILD scripts/build-sanitized.sh $NAME >/dev/null || exit 3
CORPUS=$BUILD/fuzz-corpus-$TARGET
CRASHES=${RCUCTX_FUZZ_CRASHES:-$REPO/fuzz-libfuzzer/crashes}
mkdir -p "$CORPUS" "$CRASHES"
if [ "$TARGET" = rules ]; then
  cp -n fuzz-libfuzzer/seeds/*.yaml rules/*.yaml test/lit/Inputs/*.yaml "$CORPUS"/ 2>/dev/null
else
  cp -n fuzz-libfuzzer/summary-seeds/*.json "$CORPUS"/ 2>/dev/null
fi
before=$(ls "$CRASHES" | wc -l)
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
  "$FUZZER" "$CORPUS" "${DICT[@]}" -max_total_time="$SECS" \
    -timeout=10 -rss_limit_mb=2048 -use_value_profile=1 -print_final_stats=1 \
    -artifact_prefix="$CRASHES/" "$@"
rc=$?
after=$(ls "$CRASHES" | wc -l)
echo "$NAME: exit $rc, new crash files: $((after - before)) (in $CRASHES)"
[ "$rc" = 0 ] && [ "$after" = "$before" ]
