#!/usr/bin/env bash
# Build Linux 6.12's KVM (arch/x86/kvm/ + virt/kvm/) with the rcuctx plugin.
#
#   kernel/build-kvm.sh [--prove|--noprove|--full] [--plugin PATH] [--no-plugin]
#                       [--extra-plugin-args "ARGS"]
#
# --prove (default): x86_64 defconfig + KVM/KVM_INTEL/KVM_AMD=m + PROVE_LOCKING,
#   PROVE_RCU, DEBUG_ATOMIC_SLEEP, DEBUG_LOCK_ALLOC.  --noprove: the same with
#   those four off.  --full: --prove plus the options that defconfig leaves
#   off and that gate KVM files (SEV, Xen, SGX, Hyper-V, guest_memfd,
#   KVM_PROVE_MMU), for coverage.  Each has its own O= folder.
# --extra-plugin-args "strict disable=rcuctx-unbalanced": each word becomes
#   -fplugin-arg-rcuctx-WORD; a word starting with '-' is passed to clang as is.
# --no-plugin: the same build without the plugin (for timing).
#
# The kernel source is NOT part of this repository (GPL): it is extracted at
# run time from Debian's linux-source-6.12 tarball into a build folder
# outside the tracked tree ($RCUCTX_KERNEL_DIR, default <repo>/build-kernel,
# which .gitignore's "/build*/" covers).  Everything is cached: extraction,
# each configuration's .config and `make prepare`.  Only the KVM objects are
# rebuilt every run (their .o files are removed first, so the plugin really
# runs on every translation unit).
#
# The plugin and the rules it loads (<repo>/rules, or $RCUCTX_RULES_DIR) are
# copied to $OUT/rcuctx-snapshot/ first and checked on a canary (see
# snapshot.sh), so a concurrent rebuild of the plugin cannot break the run.
# Logs: $OUT/rcuctx-kvm-build.log (plugin) or $OUT/kvm-build-noplugin.log,
# $OUT/rcuctx-findings.txt (each finding with its notes), timings in
# $OUT/rcuctx-timings.txt and rcuctx-timings-history.txt.
#
# Exit status: 0 = built, no rcuctx finding; 2 = compiler crash; 1 = at least
# one rcuctx diagnostic; 3 = build failed for another reason (including
# rcuctx argument/rules errors); 4 = usage / setup error (first match wins).
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONFIG=prove
PLUGIN=$REPO/build/checker/rcuctx.so
USE_PLUGIN=1
EXTRA_ARGS=""

usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-4}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --prove) CONFIG=prove ;;
    --noprove) CONFIG=noprove ;;
    --full) CONFIG=full ;;
    --plugin) PLUGIN=$2; shift ;;
    --plugin=*) PLUGIN=${1#--plugin=} ;;
    --no-plugin) USE_PLUGIN=0 ;;
    --extra-plugin-args) EXTRA_ARGS=$2; shift ;;
    --extra-plugin-args=*) EXTRA_ARGS=${1#--extra-plugin-args=} ;;
    -h|--help) usage 0 ;;
    *) echo "build-kvm.sh: unknown option '$1'" >&2; usage ;;
  esac
  shift
done

. "$REPO/kernel/tree.sh"
kernel_tree_paths "$CONFIG"
mkdir -p "$BASE" || exit 4

. "$REPO/kernel/snapshot.sh"
die() { echo "build-kvm.sh: $*" >&2; exit "${RC:-4}"; }

if [ "$USE_PLUGIN" = 1 ]; then
  case "$PLUGIN" in /*) ;; *) PLUGIN=$PWD/$PLUGIN ;; esac
  [ -f "$PLUGIN" ] || die "plugin not found: $PLUGIN (build it: ninja -C $REPO/build)"
fi
kernel_check_tools

mkdir -p "$OUT" || exit 4
if [ "$USE_PLUGIN" = 1 ]; then LOG=$OUT/rcuctx-kvm-build.log; else LOG=$OUT/kvm-build-noplugin.log; fi
: > "$TIMES.new"
echo "== rcuctx KVM build: config=$CONFIG out=$OUT"

# --- 1.-3. extract, configure, make prepare (each cached: kernel/tree.sh) ---
kernel_tree_ready

# --- 4. build the KVM objects, with the plugin -------------------------------
# arch/x86/kvm/Makefile also compiles virt/kvm/*.c (as ../../../virt/kvm/*.o,
# landing in $OUT/virt/kvm/), so one directory target covers both trees.
find "$OUT/arch/x86/kvm" "$OUT/virt/kvm" \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
     -o -name '*.mod.c' \) -delete 2>/dev/null
KCF=""
if [ "$USE_PLUGIN" = 1 ]; then
  # Snapshot plugin + rules (see snapshot.sh for why).
  SNAP=$OUT/rcuctx-snapshot
  snapshot_plugin "$PLUGIN" "${RCUCTX_RULES_DIR:-$REPO/rules}" "$SNAP" || die "cannot load plugin $PLUGIN"
  KCF=$SNAP_KCFLAGS
  for a in $EXTRA_ARGS; do
    case "$a" in
      -*) KCF="$KCF $a" ;;                       # a raw compiler flag
      *)  KCF="$KCF -fplugin-arg-rcuctx-$a" ;;   # a plugin option, e.g. strict
    esac
  done
fi
echo "-- make arch/x86/kvm/ KCFLAGS=\"$KCF\" (log: $LOG)"
step_start
{
  echo "# $(date -Is) config=$CONFIG KCFLAGS=$KCF"
  "${KMAKE[@]}" -k KCFLAGS="$KCF" arch/x86/kvm/ 2>&1
  echo "# make exit status: $?"
} > "$LOG"
MAKE_RC=$(sed -n 's/^# make exit status: //p' "$LOG" | tail -1)
step_time "kvm build$([ "$USE_PLUGIN" = 1 ] && echo ' (plugin)' || echo ' (no plugin)')" "$t0"
NOBJ=$(find "$OUT/arch/x86/kvm" "$OUT/virt/kvm" -name '*.o' ! -name '*.mod.o' 2>/dev/null | wc -l)
echo "C files compiled: $(grep -c "^  CC \[M\]" "$LOG"), objects present: $NOBJ; make exit status: $MAKE_RC"

# --- 5. report -----------------------------------------------------------------
echo
echo "== rcuctx diagnostics"
DIAGS=$(grep -F '[rcuctx-' "$LOG" | sort -u)
if [ -n "$DIAGS" ]; then
  printf '%s\n' "$DIAGS"
  echo
  echo "== per-file count (unique diagnostics, by the file they point at)"
  printf '%s\n' "$DIAGS" | sed -E 's/^([^:]+):[0-9]+:[0-9]+:.*/\1/; t; s/.*/<no location>/' \
    | sort | uniq -c | sort -rn
  echo
  echo "== by check"
  printf '%s\n' "$DIAGS" | grep -o '\[rcuctx-[a-z-]*\]' | sort | uniq -c | sort -rn
else
  echo "(none)"
fi
NFIND=$(printf '%s' "$DIAGS" | grep -c . || true)
# The full clang output of every finding (the warning, its notes and source
# snippets), for reading: $OUT/rcuctx-findings.txt
awk '/: (warning|error): .*\[rcuctx-/ { inb = 1; print "----"; print; next }
     inb && (/: note: / || /^ *[0-9]* *\|/ || /^In file included from/ || /^ +from /) { print; next }
     { inb = 0 }' "$LOG" > "$OUT/rcuctx-findings.txt"
[ "$NFIND" -gt 0 ] && echo "(full clang output of each finding, with notes: $OUT/rcuctx-findings.txt)"

PLUGIN_ERR=$(grep -E 'error: rcuctx:|unknown plugin argument|unable to load plugin|plugin .* failed' "$LOG" | sort -u)
CRASH=$(grep -E 'PLEASE submit a bug report|Stack dump:|clang frontend command failed|crash backtrace|Segmentation fault|error: unable to execute command|Preprocessed source\(s\) and associated run script' "$LOG" | sort -u)
echo
if [ -n "$PLUGIN_ERR" ]; then echo "== rcuctx/plugin errors"; printf '%s\n' "$PLUGIN_ERR"; echo; fi
if [ -n "$CRASH" ]; then echo "== COMPILER CRASH"; printf '%s\n' "$CRASH"; echo; fi

mv -f "$TIMES.new" "$TIMES"
{ echo "# $(date -Is) config=$CONFIG plugin=$USE_PLUGIN findings=$NFIND"; cat "$TIMES"; } >> "$OUT/rcuctx-timings-history.txt"
echo "== summary: config=$CONFIG findings=$NFIND crash=$([ -n "$CRASH" ] && echo yes || echo no) make_rc=$MAKE_RC"
echo "   log: $LOG"
echo "   timings: $TIMES"
if [ -n "$CRASH" ]; then exit 2; fi
if [ "$NFIND" -gt 0 ]; then exit 1; fi
if [ "$MAKE_RC" != 0 ] || [ -n "$PLUGIN_ERR" ]; then
  echo "build failed; last errors:"; grep -E 'error:|Error [0-9]' "$LOG" | head -20
  exit 3
fi
exit 0
