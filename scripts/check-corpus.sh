#!/usr/bin/env bash
# The main job: runs the checker over the corpus (every buggy/fixed pair)
# and over mmu-ref, shows the seed bug's diagnostic in full, and prints a
# table. Exit status 1 if a buggy case is missed, a fixed case or mmu-ref
# is flagged.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${RCUCTX_BUILD_DIR:-build}
PLUGIN=$PWD/$BUILD/checker/rcuctx.so
CHECK=(clang-19 -fsyntax-only -Wno-unused-value -fplugin="$PLUGIN" -Icorpus/include)

echo "== the seed: corpus/01 (buggy), as a developer sees it"
"${CHECK[@]}" corpus/01-*/buggy.c
echo

bad=0
printf '%-58s %-7s %-7s\n' "corpus case" "buggy" "fixed"
for dir in corpus/[0-9][0-9]-*/; do
  name=$(basename "$dir")
  b=$("${CHECK[@]}" "$dir/buggy.c" 2>&1 | grep -c 'warning: .*\[rcuctx-')
  f=$("${CHECK[@]}" "$dir/fixed.c" 2>&1 | grep -c 'warning: .*\[rcuctx-')
  mark=""
  if [[ $b -eq 0 || $f -ne 0 ]]; then mark="  <-- wrong"; bad=1; fi
  printf '%-58s %-7s %-7s%s\n' "$name" "$b warn" "$f warn" "$mark"
done

if [[ -f mmu-ref/SOURCES.txt ]]; then
  echo
  echo "== mmu-ref under the checker"
  scripts/check-mmu-ref.sh "$PLUGIN" || bad=1
fi
exit $bad
