#!/bin/bash
# The whole-program tool over Linux 6.12's KVM: after kernel/build-kvm.sh has
# built a configuration (its .cmd files are the compile database), writes
# compile_commands.json with the kernel's own gen_compile_commands.py, keeps
# arch/x86/kvm/ and virt/kvm/, and runs `rcuctx -p` on it: every file parsed,
# linked across files, entry points checked across files. Any finding or any
# file that does not parse fails (exit 1).
#
#   kernel/whole-program-kvm.sh [--prove|--noprove|--full] [--tool PATH] [--sarif FILE]
set -uo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE=${RCUCTX_KERNEL_DIR:-$REPO/build-kernel}
CONFIG=prove
TOOL=$REPO/build/checker/rcuctx
SARIF=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prove) CONFIG=prove ;;
    --noprove) CONFIG=noprove ;;
    --full) CONFIG=full ;;
    --tool) TOOL=$2; shift ;;
    --sarif) SARIF=$2; shift ;;
    *) echo "usage: $0 [--prove|--noprove|--full] [--tool PATH] [--sarif FILE]" >&2; exit 2 ;;
  esac
  shift
done
SRC=$BASE/linux-source-6.12
OUT=$BASE/out-$CONFIG
[ -d "$OUT/arch/x86/kvm" ] || { echo "no KVM build in $OUT: run kernel/build-kvm.sh --$CONFIG first" >&2; exit 2; }
export RCUCTX_RULES_DIR=${RCUCTX_RULES_DIR:-$REPO/rules}

python3 "$SRC/scripts/clang-tools/gen_compile_commands.py" -d "$OUT" -o "$OUT/compile_commands.all.json" || exit 2
python3 - "$OUT/compile_commands.all.json" "$OUT/compile_commands.json" <<'PY'
import json, sys
db = [e for e in json.load(open(sys.argv[1]))
      if "/arch/x86/kvm/" in e["file"] or "/virt/kvm/" in e["file"]]
json.dump(db, open(sys.argv[2], "w"), indent=1)
print("compile_commands.json: %d KVM files" % len(db))
PY

start=$(date +%s.%N)
# RCUCTX_WP_NO_GRAPH=1: no lock graph (bench/whole_program_ab.py times builds
# from before --lock-graph existed against this one, both without it).
GRAPH=$OUT/kvm-lock-order.dot
GRAPH_ARGS=(--lock-graph "$GRAPH")
[ -n "${RCUCTX_WP_NO_GRAPH:-}" ] && GRAPH_ARGS=()
"$TOOL" -p "$OUT/compile_commands.json" -j"${RCUCTX_JOBS:-2}" --quiet --link-stats --indirect-stats \
  "${GRAPH_ARGS[@]}" ${RCUCTX_WP_ARGS:-} > "$OUT/rcuctx-whole-program.txt"
rc=$?
end=$(date +%s.%N)
cat "$OUT/rcuctx-whole-program.txt"
# The lock-order graph, rendered with Debian's graphviz (README shows it):
# every class of the DOT must be a node of the picture.
if [ -n "${RCUCTX_WP_NO_GRAPH:-}" ]; then
  echo "lock graph: not written (RCUCTX_WP_NO_GRAPH)"
elif command -v dot >/dev/null; then
  if dot -Tsvg "$GRAPH" -o "${GRAPH%.dot}.svg"; then
    want=$(grep -c '^  "[^"]*" \[shape=' "$GRAPH")
    got=$(grep -c '<g id="node' "${GRAPH%.dot}.svg")
    echo "lock graph: $want classes in $GRAPH, $got nodes drawn in ${GRAPH%.dot}.svg"
    [ "$want" = "$got" ] || { echo "lock graph: the picture lost nodes"; rc=2; }
  else
    echo "lock graph: dot failed on $GRAPH"; rc=2
  fi
else
  echo "lock graph: $GRAPH written (graphviz's dot not installed: not rendered)"
fi
if [ -n "$SARIF" ]; then
  "$TOOL" -p "$OUT/compile_commands.json" -j"${RCUCTX_JOBS:-2}" --quiet --format=sarif \
    --source-root="$SRC" -o "$SARIF" || true
fi
printf 'whole-program (%s): exit %d in %.0f s\n' "$CONFIG" "$rc" "$(echo "$end - $start" | bc)"
exit $rc
