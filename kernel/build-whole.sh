#!/bin/bash
# rcuctx over the whole kernel (issue #6): Debian's linux-source-6.12,
# x86_64 defconfig + KVM/KVM_INTEL/KVM_AMD (=m) + the --prove options of
# build-kvm.sh, compiled with the plugin on EVERY C file, and the same build
# without the plugin, for the overhead.  Reports compiler crashes (must be 0),
# findings per check, the files with findings, failed objects, and wall / cpu /
# peak RSS of both builds.
#
#   kernel/build-whole.sh                      # the whole defconfig kernel (make all)
#   kernel/build-whole.sh --subset "kernel/ mm/ fs/ net/core/ drivers/virtio/ arch/x86/kvm/"
#   kernel/build-whole.sh --only plugin        # skip the build without the plugin
#   kernel/build-whole.sh --only noplugin      # only the reference build
#   kernel/build-whole.sh --report-only        # re-parse the logs of earlier runs
#   kernel/build-whole.sh --plugin X.so --rules-dir DIR --extra-plugin-args "strict"
#   kernel/build-whole.sh --noprove            # PROVE_RCU/PROVE_LOCKING & co. off
#   kernel/build-whole.sh --tag NAME           # results/O= names (default: full or subset)
#   kernel/build-whole.sh --leftover-only      # only step 5 on an existing plugin build
#
# Each variant has its own O= folder, build-kernel/out-whole-TAG-{plugin,noplugin}
# (same .config), TAG being "full" or "subset" unless --tag says otherwise.
# Before the timed build the folder is `make clean`ed (the .config stays), so
# every object really compiles, with or without the plugin.
# The timed step is `nice -n 15 make -k -jN` under /usr/bin/time -v: with
# `make -k` a failing object does not stop the build; failed objects are
# counted.  In --subset mode the timed step builds the listed directories;
# `make prepare` runs before it, untimed, with the same KCFLAGS (its compiles,
# e.g. asm-offsets.c, go through the plugin too and are in the log).
#
# A few kbuild directories replace KBUILD_CFLAGS and so drop KCFLAGS
# (arch/x86/boot, arch/x86/realmode, drivers/firmware/efi/libstub: ~57 files).
# After the plugin build, every kernel C compile whose saved command (.*.o.cmd)
# lacks -fplugin is run again from that command with the plugin added and
# -fsyntax-only (no build state is touched), into leftover-plugin.log, so the
# plugin really sees every C file.  This step is not part of the timing.
#
# The plugin and its rules are snapshotted first (snapshot.sh): the main build
# may rewrite rcuctx.so while this runs.
#
# Output, in build-kernel/whole-TAG/ (git-ignored):
#   build-{plugin,noplugin}.log    the full make log (stdout+stderr)
#   time-{plugin,noplugin}.txt     /usr/bin/time -v of the timed step
#   meta-{plugin,noplugin}.txt     targets, KCFLAGS, load average before/after
#   leftover-plugin.log            the files kbuild compiles without KCFLAGS, with the plugin
#   findings.txt                   every rcuctx diagnostic with its notes
#   report.md / report.json        the tables (whole_kernel_report.py)
#
# Exit status: 2 = a compiler crash or an [rcuctx-internal] diagnostic (the
# plugin failed on a file); 3 = a build did not run / setup error;
# 0 otherwise (findings and failed objects are reported, not fatal).
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARBALL=${RCUCTX_KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
BASE=${RCUCTX_KERNEL_DIR:-$REPO/build-kernel}
JOBS=${RCUCTX_JOBS:-2}
NICE=${RCUCTX_NICE:-15}
LLVM_SUFFIX=${RCUCTX_LLVM:--19}

PLUGIN=$REPO/build/checker/rcuctx.so
RULES=${RCUCTX_RULES_DIR:-$REPO/rules}
SUBSET=""
ONLY=""
EXTRA_ARGS=""
PROVE=1
REPORT_ONLY=0
TAG=""
LEFTOVER_ONLY=0

usage() { sed -n '2,/^[^#]/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit "${1:-3}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --subset) SUBSET=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --plugin) PLUGIN=$2; shift ;;
    --rules-dir) RULES=$2; shift ;;
    --extra-plugin-args) EXTRA_ARGS=$2; shift ;;
    --noprove) PROVE=0 ;;
    --report-only) REPORT_ONLY=1 ;;
    --tag) TAG=$2; shift ;;
    --leftover-only) LEFTOVER_ONLY=1 ;;
    -h|--help) usage 0 ;;
    *) echo "build-whole.sh: unknown option '$1'" >&2; usage ;;
  esac
  shift
done
case "$ONLY" in ""|plugin|noplugin) ;; *) echo "--only plugin|noplugin" >&2; exit 3 ;; esac

SRC=$BASE/linux-source-6.12
[ -n "$TAG" ] || { [ -n "$SUBSET" ] && TAG=subset || TAG=full; }
RES=$BASE/whole-$TAG
mkdir -p "$RES" || exit 3
die() { echo "build-whole.sh: $*" >&2; exit 3; }
say() { echo "[$(date +%H:%M:%S)] $*"; }

report() {
  local args=(--results "$RES")
  [ -n "$SUBSET" ] && args+=(--subset "$SUBSET")
  python3 "$REPO/kernel/whole_kernel_report.py" "${args[@]}"
}
if [ "$REPORT_ONLY" = 1 ]; then report; exit $?; fi

case "$PLUGIN" in /*) ;; *) PLUGIN=$PWD/$PLUGIN ;; esac
case "$RULES" in /*) ;; *) RULES=$PWD/$RULES ;; esac
for t in clang$LLVM_SUFFIX ld.lld$LLVM_SUFFIX llvm-ar$LLVM_SUFFIX llvm-nm$LLVM_SUFFIX \
         llvm-objcopy$LLVM_SUFFIX flex bison bc /usr/bin/time python3; do
  command -v "$t" >/dev/null || die "missing tool '$t'"
done

# --- 1. extract (once; shared with build-kvm.sh) --------------------------------
if [ ! -f "$SRC/.rcuctx-extracted" ]; then
  [ -f "$TARBALL" ] || die "no kernel tarball at $TARBALL (apt-get install linux-source-6.12)"
  say "extracting $TARBALL into $BASE"
  rm -rf "$SRC"
  nice -n "$NICE" tar -xJf "$TARBALL" -C "$BASE" || die "extraction failed"
  touch "$SRC/.rcuctx-extracted"
fi

# --- 2. snapshot the plugin and its rules ------------------------------------------
. "$REPO/kernel/snapshot.sh"
KCF_PLUGIN=""
if [ "$ONLY" != noplugin ]; then
  [ -f "$PLUGIN" ] || die "plugin not found: $PLUGIN"
  say "snapshotting $PLUGIN and $RULES"
  snapshot_plugin "$PLUGIN" "$RULES" "$RES/rcuctx-snapshot" || die "cannot load plugin $PLUGIN"
  KCF_PLUGIN=$SNAP_KCFLAGS
  for a in $EXTRA_ARGS; do
    case "$a" in -*) KCF_PLUGIN="$KCF_PLUGIN $a" ;; *) KCF_PLUGIN="$KCF_PLUGIN -fplugin-arg-rcuctx-$a" ;; esac
  done
fi

# --- 3. configure (cached per O= folder) ----------------------------------------
CFG_OPTS=(-m KVM -m KVM_INTEL -m KVM_AMD)
WANT=(CONFIG_KVM=m CONFIG_KVM_INTEL=m CONFIG_KVM_AMD=m)
for o in PROVE_LOCKING PROVE_RCU DEBUG_ATOMIC_SLEEP DEBUG_LOCK_ALLOC; do
  if [ "$PROVE" = 1 ]; then CFG_OPTS+=(-e "$o"); WANT+=("CONFIG_$o=y"); else CFG_OPTS+=(-d "$o"); fi
done
configure() { # OUT
  local out=$1 kmake=(make -C "$SRC" O="$1" LLVM="$LLVM_SUFFIX" -j"$JOBS")
  local stamp="$out/.rcuctx-config-done" want="${CFG_OPTS[*]}"
  if [ -f "$stamp" ] && [ -f "$out/.config" ] && [ "$(cat "$stamp")" = "$want" ]; then
    say "configure $out (cached)"; return 0
  fi
  mkdir -p "$out"
  say "configure $out: defconfig + $want"
  { nice -n "$NICE" "${kmake[@]}" defconfig &&
    "$SRC/scripts/config" --file "$out/.config" "${CFG_OPTS[@]}" &&
    nice -n "$NICE" "${kmake[@]}" olddefconfig; } > "$out/rcuctx-config.log" 2>&1 ||
    { tail -20 "$out/rcuctx-config.log"; die "configuration failed ($out/rcuctx-config.log)"; }
  for w in "${WANT[@]}"; do
    grep -qx "$w" "$out/.config" || die "after olddefconfig, $w is not set in $out/.config"
  done
  echo "$want" > "$stamp"
}

# --- 4. one timed build ---------------------------------------------------------
# build VARIANT KCFLAGS
build() {
  local v=$1 kcf=$2 out=$BASE/out-whole-$TAG-$1
  local log=$RES/build-$v.log tim=$RES/time-$v.txt meta=$RES/meta-$v.txt
  local kmake=(make -C "$SRC" O="$out" LLVM="$LLVM_SUFFIX" -j"$JOBS")
  configure "$out"
  say "make clean in $out (the .config stays; every object compiles again)"
  nice -n "$NICE" "${kmake[@]}" clean > "$out/rcuctx-clean.log" 2>&1 || die "make clean failed"
  local targets=()
  if [ -n "$SUBSET" ]; then read -r -a targets <<< "$SUBSET"; fi
  {
    echo "variant: $v"
    echo "started: $(date -Is)"
    echo "started epoch: $(date +%s)"
    echo "targets: ${targets[*]:-(all: vmlinux, modules, bzImage)}"
    echo "KCFLAGS: $kcf"
    echo "jobs: $JOBS nice: $NICE"
    echo "loadavg before: $(cut -d' ' -f1-3 /proc/loadavg)"
  } > "$meta"
  # In --subset mode `prepare` (host tools, objtool, asm-offsets, ...: the same
  # for both variants, with the variant's KCFLAGS) runs untimed, into the same
  # log, so the timed step is the subset's own compiles.
  : > "$log"
  if [ -n "$SUBSET" ]; then
    say "make prepare ($v, untimed)"
    { echo "# ---- make prepare (untimed)"
      nice -n "$NICE" "${kmake[@]}" -k KCFLAGS="$kcf" prepare 2>&1
      echo "# ---- prepare exit status: $?"; echo "# ---- timed build"; } >> "$log"
  fi
  echo "timed started epoch: $(date +%s)" >> "$meta"
  say "building ($v): nice -n $NICE make -k -j$JOBS ${targets[*]:-all} KCFLAGS=\"$kcf\""
  say "  log: $log"
  # Progress: one line a minute with the number of compiled files so far.
  ( while sleep 60; do
      [ -f "$log" ] || continue
      say "  ($v) $(grep -cE '^  CC ' "$log") C files so far; last: $(grep -E '^  (CC|LD|AR)' "$log" | tail -1 | sed 's/^ *//')"
    done ) &
  local prog=$!
  /usr/bin/time -v -o "$tim" nice -n "$NICE" "${kmake[@]}" -k KCFLAGS="$kcf" "${targets[@]}" >> "$log" 2>&1
  local rc=$?
  kill "$prog" 2>/dev/null; wait "$prog" 2>/dev/null
  {
    echo "make exit status: $rc"
    echo "finished: $(date -Is)"
    echo "loadavg after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "out: $out"
  } >> "$meta"
  say "build ($v) done: make exit status $rc, $(grep -cE '^  CC ' "$log") C files"
}

# --- 5. the C files whose kbuild flags drop KCFLAGS, with the plugin ----------
leftover() {
  local out=$BASE/out-whole-$TAG-plugin log=$RES/leftover-plugin.log start f cmd n=0
  start=$(sed -n 's/^started epoch: //p' "$RES/meta-plugin.txt")
  [ -n "$start" ] || die "no plugin build in $RES"
  say "compiling again, with the plugin, the C files kbuild built without KCFLAGS"
  : > "$log"
  while IFS= read -r -d '' f; do
    cmd=$(head -1 "$f")
    case "$cmd" in *-nostdinc*" -c -o "*.c*) ;; *) continue ;; esac
    case "$cmd" in *-fplugin=*) continue ;; esac
    cmd=${cmd#savedcmd_*:= }
    cmd=${cmd%% ; *}
    cmd=$(printf '%s' "$cmd" | sed -E 's/ -Wp,-MMD,[^ ]+//; s/ -c -o [^ ]+\.o / -fsyntax-only /')
    echo "  CC      $(printf '%s' "${f#"$out"/}" | sed -E 's#(^|/)\.([^/]+)\.cmd$#\1\2#')" >> "$log"
    (cd "$out" && nice -n "$NICE" bash -c "$cmd $KCF_PLUGIN") >> "$log" 2>&1 ||
      echo "# leftover compile failed: $f" >> "$log"
    n=$((n + 1))
  done < <(find "$out" -name '.*.o.cmd' -newermt "@$start" -print0)
  say "leftover: $n files (log: $log)"
}

if [ "$LEFTOVER_ONLY" = 1 ]; then leftover; report; exit $?; fi
if [ "$ONLY" != noplugin ]; then build plugin "$KCF_PLUGIN"; leftover; fi
if [ "$ONLY" != plugin ]; then build noplugin ""; fi

# --- 6. report ----------------------------------------------------------------------
report
