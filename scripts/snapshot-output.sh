#!/bin/bash
# The plugin's output over every lit, corpus (single-file and folder cases),
# pathological and mmu-ref input, in default and strict mode and both kernel
# configurations, one file per run in OUTDIR. Two snapshots diffed with
# `diff -r` tell whether a refactoring changed any finding or note, byte for
# byte (issue #13's "behaviour identical" check).
#   scripts/snapshot-output.sh PLUGIN OUTDIR
set -u
P=$(realpath "$1"); O=$2; mkdir -p "$O"; O=$(realpath "$O")
R=$(cd "$(dirname "$0")/.." && pwd)
export RCUCTX_RULES_DIR=${RCUCTX_RULES_DIR:-$R/rules}
run() {
  f=$1; n=$(echo "$f" | sed "s|$R/||; s|/|_|g")
  for mode in def strict; do
    extra=""; [ $mode = strict ] && extra="-Xclang -plugin-arg-rcuctx -Xclang strict"
    for cfg in prod dbg; do
      d=""; [ $cfg = dbg ] && d="-DCONFIG_PROVE_RCU -DCONFIG_LOCKDEP -DCONFIG_DEBUG_ATOMIC_SLEEP"
      clang-19 -fsyntax-only -Wno-unused-value -fplugin="$P" $extra $d -I"$R/corpus/include" \
        -I"$R/test/lit/Inputs" "$f" > "$O/$n.$mode.$cfg" 2>&1
    done
  done
}
export -f run; export P O R
ls "$R"/test/lit/*.c "$R"/test/lit/fuzz/*.c "$R"/corpus/*/buggy.c "$R"/corpus/*/fixed.c \
   "$R"/corpus/*/buggy/*.c "$R"/corpus/*/fixed/*.c "$R"/test/pathological/*.c 2>/dev/null |
  xargs -P"$(nproc)" -I{} bash -c 'run {}'
while read -r src; do
  [ -n "$src" ] || continue
  (cd "$R" && clang-19 -fsyntax-only -std=gnu11 -DMMUREF_DEBUG -Immu-ref/include -Immu-ref/src \
     -fplugin="$P" -Xclang -plugin-arg-rcuctx -Xclang strict "$src" > "$O/mmu.$(echo "$src" | sed 's|/|_|g')" 2>&1)
done < "$R/mmu-ref/SOURCES.txt"
echo "$(ls "$O" | wc -l) outputs in $O"
