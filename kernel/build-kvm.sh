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
TARBALL=${RCUCTX_KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
BASE=${RCUCTX_KERNEL_DIR:-$REPO/build-kernel}
JOBS=${RCUCTX_JOBS:-2}
LLVM_SUFFIX=${RCUCTX_LLVM:--19}

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

SRC=$BASE/linux-source-6.12
OUT=$BASE/out-$CONFIG
TIMES=$OUT/rcuctx-timings.txt
mkdir -p "$BASE" || exit 4

. "$REPO/kernel/snapshot.sh"
now() { date +%s.%N; }
# CPU seconds (user+sys) used so far by this shell's waited-for children,
# into CPU_NOW (`times` must run in this shell, not in a $(...) subshell).
child_cpu() {
  times > "$OUT/.rcuctx-times"
  CPU_NOW=$(awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] } printf "%.1f", t }' "$OUT/.rcuctx-times")
}
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
step_time() { # name start-time; CPU counted since the last step_start
  local t; t=$(secs "$2" "$(now)"); child_cpu
  printf '%-28s %8ss elapsed %8ss cpu\n' "$1" "$t" "$(secs "$CPU0" "$CPU_NOW")" | tee -a "$TIMES.new"
}
step_start() { t0=$(now); child_cpu; CPU0=$CPU_NOW; }
die() { echo "build-kvm.sh: $*" >&2; exit "${RC:-4}"; }

if [ "$USE_PLUGIN" = 1 ]; then
  case "$PLUGIN" in /*) ;; *) PLUGIN=$PWD/$PLUGIN ;; esac
  [ -f "$PLUGIN" ] || die "plugin not found: $PLUGIN (build it: ninja -C $REPO/build)"
fi
for t in clang$LLVM_SUFFIX ld.lld$LLVM_SUFFIX llvm-ar$LLVM_SUFFIX llvm-nm$LLVM_SUFFIX \
         llvm-objcopy$LLVM_SUFFIX llvm-readelf$LLVM_SUFFIX llvm-strip$LLVM_SUFFIX flex bison bc; do
  command -v "$t" >/dev/null || die "missing tool '$t' (apt-get install clang-19 lld-19 llvm-19 flex bison bc libelf-dev libssl-dev)"
done

mkdir -p "$OUT" || exit 4
if [ "$USE_PLUGIN" = 1 ]; then LOG=$OUT/rcuctx-kvm-build.log; else LOG=$OUT/kvm-build-noplugin.log; fi
: > "$TIMES.new"
echo "== rcuctx KVM build: config=$CONFIG out=$OUT"

# --- 1. extract (once) ------------------------------------------------------
step_start
if [ ! -f "$SRC/.rcuctx-extracted" ]; then
  [ -f "$TARBALL" ] || die "no kernel tarball at $TARBALL (apt-get install linux-source-6.12)"
  echo "-- extracting $TARBALL into $BASE"
  rm -rf "$SRC"
  tar -xJf "$TARBALL" -C "$BASE" || die "extraction failed"
  touch "$SRC/.rcuctx-extracted"
  step_time "extract" "$t0"
else
  step_time "extract (cached)" "$t0"
fi
KMAKE=(make -C "$SRC" O="$OUT" LLVM="$LLVM_SUFFIX" -j"$JOBS")

# --- 2. configure (once per configuration) ----------------------------------
step_start
CFG_OPTS=(-m KVM -m KVM_INTEL -m KVM_AMD)
WANT=(CONFIG_KVM=m CONFIG_KVM_INTEL=m CONFIG_KVM_AMD=m)
PROVE=(PROVE_LOCKING PROVE_RCU DEBUG_ATOMIC_SLEEP DEBUG_LOCK_ALLOC)
# --full: every KVM source file that defconfig leaves out (svm/sev.c, xen.c,
# vmx/sgx.c, *_onhyperv.c, virt/kvm/guest_memfd.c), and KVM_PROVE_MMU.
FULL=(-e EXPERT -e DEBUG_KERNEL -e CRYPTO_HW -e CRYPTO_DEV_CCP -m CRYPTO_DEV_CCP_DD
      -e AMD_IOMMU -e CRYPTO_DEV_SP_PSP -e KVM_AMD_SEV -e KVM_XEN
      -e X86_X2APIC -e CRYPTO -e CRYPTO_SHA256 -e X86_SGX -e X86_SGX_KVM
      -e HYPERVISOR_GUEST -m HYPERV -e KVM_SW_PROTECTED_VM -e KVM_PROVE_MMU)
if [ "$CONFIG" = prove ] || [ "$CONFIG" = full ]; then
  for o in "${PROVE[@]}"; do CFG_OPTS+=(-e "$o"); WANT+=("CONFIG_$o=y"); done
  if [ "$CONFIG" = full ]; then
    CFG_OPTS+=("${FULL[@]}")
    WANT+=(CONFIG_KVM_AMD_SEV=y CONFIG_KVM_XEN=y CONFIG_X86_SGX_KVM=y CONFIG_HYPERV=m
           CONFIG_KVM_SW_PROTECTED_VM=y CONFIG_KVM_PROVE_MMU=y)
  fi
else
  for o in "${PROVE[@]}"; do CFG_OPTS+=(-d "$o"); done
fi
STAMP_CFG="$OUT/.rcuctx-config-done"
if [ ! -f "$STAMP_CFG" ] || [ ! -f "$OUT/.config" ]; then
  echo "-- configuring ($CONFIG): defconfig + ${CFG_OPTS[*]}"
  { "${KMAKE[@]}" defconfig &&
    "$SRC/scripts/config" --file "$OUT/.config" "${CFG_OPTS[@]}" &&
    "${KMAKE[@]}" olddefconfig; } > "$OUT/rcuctx-config.log" 2>&1 ||
    { tail -20 "$OUT/rcuctx-config.log"; die "configuration failed (see $OUT/rcuctx-config.log)"; }
  for w in "${WANT[@]}"; do
    grep -qx "$w" "$OUT/.config" || die "after olddefconfig, $w is not set in $OUT/.config"
  done
  if [ "$CONFIG" = noprove ]; then
    for o in "${PROVE[@]}"; do
      grep -qx "CONFIG_$o=y" "$OUT/.config" && die "CONFIG_$o=y in the noprove configuration"
    done
  fi
  touch "$STAMP_CFG"
  rm -f "$OUT/.rcuctx-prepare-done"
  step_time "configure" "$t0"
else
  step_time "configure (cached)" "$t0"
fi

# --- 3. make prepare (once per configuration) -------------------------------
step_start
STAMP_PREP="$OUT/.rcuctx-prepare-done"
if [ ! -f "$STAMP_PREP" ] || [ "$OUT/.config" -nt "$STAMP_PREP" ]; then
  echo "-- make prepare (log: $OUT/rcuctx-prepare.log)"
  "${KMAKE[@]}" prepare > "$OUT/rcuctx-prepare.log" 2>&1 ||
    { tail -30 "$OUT/rcuctx-prepare.log"; die "make prepare failed"; }
  touch "$STAMP_PREP"
  step_time "prepare" "$t0"
else
  step_time "prepare (cached)" "$t0"
fi

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
