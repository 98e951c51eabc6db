#!/usr/bin/env bash
# Compiles every mmu-ref C file with the rcuctx plugin, as the tests build
# them, and fails on any finding (the checker keeps mmu-ref clean).
# Usage: scripts/check-mmu-ref.sh [PLUGIN] [extra plugin args...]
set -uo pipefail
cd "$(dirname "$0")/.."
PLUGIN=${1:-$PWD/${RCUCTX_BUILD_DIR:-build}/checker/rcuctx.so}
shift || true
export RCUCTX_RULES_DIR=${RCUCTX_RULES_DIR:-$PWD/rules}
n=0; bad=0
while read -r src; do
  [[ -z "$src" ]] && continue
  out=$(clang-19 -fsyntax-only -std=gnu11 -DMMUREF_DEBUG -Immu-ref/include -Immu-ref/src \
        -fplugin="$PLUGIN" "$@" "$src" 2>&1)
  rc=$?
  n=$((n + 1))
  if [[ $rc -ne 0 ]] || grep -q '\[rcuctx-' <<<"$out"; then
    echo "$out"
    bad=$((bad + 1))
  fi
done < mmu-ref/SOURCES.txt
echo "mmu-ref: $n files checked, $bad with findings or errors"
[[ $bad -eq 0 ]]
