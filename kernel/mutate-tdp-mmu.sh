#!/usr/bin/env bash
# Inject one RCU/lock-context bug at a time into Linux 6.12's
# arch/x86/kvm/mmu/tdp_mmu.c, rebuild just that object with the rcuctx plugin,
# and record whether rcuctx flags the line the bug was injected at.
#
#   kernel/mutate-tdp-mmu.sh [--prove|--noprove|--both] [--plugin PATH]
#                            [--extra-plugin-args "ARGS"] [--only NAME[,NAME]]
#
# Needs a configured + prepared tree from kernel/build-kvm.sh (it is run for
# you if the saved compile command of tdp_mmu.o is missing).  The pristine
# tdp_mmu.c is copied from the extracted tree to a scratch folder inside the
# build dir ($RCUCTX_KERNEL_DIR/mutate/, default <repo>/build-kernel/mutate/);
# the extracted tree itself is never modified.  Each mutant is compiled with
# the exact command kbuild used for tdp_mmu.o (from .tdp_mmu.o.cmd), with the
# source path, output path and -fplugin flags replaced.  Misses are reported,
# not fixed.  Exit status: 0 when every run compiled (flagged or not), 1 when
# a mutant failed to compile for a reason other than rcuctx, 2 on a crash.
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE=${RCUCTX_KERNEL_DIR:-$REPO/build-kernel}
LLVM_SUFFIX=${RCUCTX_LLVM:--19}
PLUGIN=$REPO/build/checker/rcuctx.so
CONFIGS="prove"
EXTRA_ARGS=""
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prove) CONFIGS=prove ;;
    --noprove) CONFIGS=noprove ;;
    --both) CONFIGS="prove noprove" ;;
    --plugin) PLUGIN=$2; shift ;;
    --extra-plugin-args) EXTRA_ARGS=$2; shift ;;
    --only) ONLY=$2; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "mutate-tdp-mmu.sh: unknown option '$1'" >&2; exit 4 ;;
  esac
  shift
done
case "$PLUGIN" in /*) ;; *) PLUGIN=$PWD/$PLUGIN ;; esac
. "$REPO/kernel/snapshot.sh"

SRC=$BASE/linux-source-6.12
WORK=$BASE/mutate
mkdir -p "$WORK"
for c in $CONFIGS; do
  if [ ! -f "$BASE/out-$c/arch/x86/kvm/mmu/.tdp_mmu.o.cmd" ]; then
    echo "-- no saved compile command for out-$c; running build-kvm.sh --$c --no-plugin first"
    "$REPO/kernel/build-kvm.sh" --"$c" --no-plugin > "$WORK/build-$c.log" 2>&1 ||
      { echo "build-kvm.sh --$c failed, see $WORK/build-$c.log"; exit 4; }
  fi
done

snapshot_plugin "$PLUGIN" "${RCUCTX_RULES_DIR:-$REPO/rules}" "$WORK/rcuctx-snapshot" ||
  { echo "cannot load plugin $PLUGIN" >&2; exit 4; }
KCF=$SNAP_KCFLAGS
for a in $EXTRA_ARGS; do
  case "$a" in -*) KCF="$KCF $a" ;; *) KCF="$KCF -fplugin-arg-rcuctx-$a" ;; esac
done

export SRC WORK BASE CONFIGS KCF ONLY
exec python3 "$REPO/kernel/mutate_tdp_mmu.py"
