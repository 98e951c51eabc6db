#!/usr/bin/env bash
# The main job: runs the checker over the corpus (every buggy/fixed pair)
# and over mmu-ref, shows the seed bug's diagnostic in full, and prints a
# table. Exit status 1 if a buggy case is missed, a fixed case or mmu-ref
# is flagged.
#
# A case is judged by the plugin (buggy.c, fixed.c), or, for a folder case
# (buggy/ and fixed/ folders with a compile_commands.json.in, a bug that
# crosses files), by the whole-program tool: the database is instantiated
# the way the case's lit test does it (@DIR@, @INC@) and `rcuctx -p` runs on
# buggy/ and fixed/. Either way buggy needs at least one warning, fixed none.
#
# The plugin and tool are those of $RCUCTX_BUILD_DIR (default build/; may
# be absolute), or $RCUCTX_PLUGIN / $RCUCTX_TOOL. Nothing is built here.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${RCUCTX_BUILD_DIR:-build}
case "$BUILD" in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
PLUGIN=${RCUCTX_PLUGIN:-$BUILD/checker/rcuctx.so}
TOOL=${RCUCTX_TOOL:-$BUILD/checker/rcuctx}
CHECK=(clang-19 -fsyntax-only -Wno-unused-value -fplugin="$PLUGIN" -Icorpus/include)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/rcuctx-corpus.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

# count_plugin FILE / count_whole CASE-DIR buggy|fixed: the number of rcuctx
# warnings, or "ERR" when the checker did not run to the end (a compile
# error, the tool's exit status 2, a missing file).
count_plugin() {
  local out rc
  [[ -f $1 ]] || { echo ERR; return; }
  out=$("${CHECK[@]}" "$1" 2>&1); rc=$?
  if [[ $rc -ne 0 ]]; then echo ERR; return; fi
  grep -c 'warning: .*\[rcuctx-' <<<"$out"
}
count_whole() {
  local dir=$1 side=$2 out rc db=$TMP/$(basename "$1")/$2
  [[ -d $dir/$side ]] || { echo ERR; return; }
  mkdir -p "$db" &&
    sed -e "s|@DIR@|$PWD/$dir/$side|g" -e "s|@INC@|$PWD/corpus/include|g" \
      "$dir/compile_commands.json.in" > "$db/compile_commands.json" || { echo ERR; return; }
  out=$("$TOOL" -p "$db" --quiet 2>&1); rc=$?
  if [[ $rc -ne 0 && $rc -ne 1 ]]; then echo ERR; return; fi
  grep -c 'warning: .*\[rcuctx-' <<<"$out"
}

echo "== the seed: corpus/01 (buggy), as a developer sees it"
"${CHECK[@]}" corpus/01-*/buggy.c
echo

bad=0
printf '%-58s %-7s %-7s\n' "corpus case" "buggy" "fixed"
for dir in corpus/[0-9][0-9]-*/; do
  dir=${dir%/}
  name=$(basename "$dir")
  if [[ -f $dir/compile_commands.json.in ]]; then
    b=$(count_whole "$dir" buggy); f=$(count_whole "$dir" fixed); how="  (whole-program: rcuctx -p)"
  else
    b=$(count_plugin "$dir/buggy.c"); f=$(count_plugin "$dir/fixed.c"); how=""
  fi
  mark=""
  if [[ $b == ERR || $f == ERR || $b -eq 0 || $f -ne 0 ]]; then mark="  <-- wrong"; bad=1; fi
  printf '%-58s %-7s %-7s%s%s\n' "$name" "$b warn" "$f warn" "$how" "$mark"
done

if [[ -f mmu-ref/SOURCES.txt ]]; then
  echo
  echo "== mmu-ref under the checker"
  scripts/check-mmu-ref.sh "$PLUGIN" || bad=1
fi
exit $bad
