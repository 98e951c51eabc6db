# Sourced by build-kvm.sh and whole-program-mm.sh: the Linux 6.12 tree they
# build in, extracted, configured and prepared once per configuration.
#
# Before sourcing: REPO (the repository root) and die() (prints, exits).
# kernel_tree_paths CONFIG   sets SRC, OUT, TIMES and KMAKE for prove,
#                            noprove, full or debian (each its own O= folder)
#
# kernel_check_tools         dies if a tool the kernel build needs is missing
# kernel_tree_ready          1. extract (once), 2. configure (once per
#                            configuration), 3. make prepare (again only if
#                            .config changed); each step's time is appended
#                            to $TIMES.new (step_start/step_time)
#
# debian: Debian's own amd64 configuration (linux-config-6.12), the kernel a
# Debian user runs -- transparent huge pages, memcg, KSM, zswap, userfaultfd,
# memory hotplug and failure, DAMON, MGLRU, all of which defconfig leaves
# out of mm/ -- plus the four lockdep/PROVE_RCU options, as prove has them.
TARBALL=${RCUCTX_KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
DEBIAN_CONFIG=${RCUCTX_DEBIAN_CONFIG:-/usr/src/linux-config-6.12/config.amd64_none_amd64.xz}
BASE=${RCUCTX_KERNEL_DIR:-$REPO/build-kernel}
JOBS=${RCUCTX_JOBS:-2}
LLVM_SUFFIX=${RCUCTX_LLVM:--19}

kernel_tree_paths() {
  CONFIG=$1
  SRC=$BASE/linux-source-6.12
  OUT=$BASE/out-$CONFIG
  TIMES=$OUT/rcuctx-timings.txt
  KMAKE=(make -C "$SRC" O="$OUT" LLVM="$LLVM_SUFFIX" -j"$JOBS")
}

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

kernel_check_tools() {
  local t
  for t in clang$LLVM_SUFFIX ld.lld$LLVM_SUFFIX llvm-ar$LLVM_SUFFIX llvm-nm$LLVM_SUFFIX \
           llvm-objcopy$LLVM_SUFFIX llvm-readelf$LLVM_SUFFIX llvm-strip$LLVM_SUFFIX flex bison bc; do
    command -v "$t" >/dev/null || die "missing tool '$t' (apt-get install clang-19 lld-19 llvm-19 flex bison bc libelf-dev libssl-dev)"
  done
}

kernel_tree_ready() {
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
  if [ "$CONFIG" = prove ] || [ "$CONFIG" = full ] || [ "$CONFIG" = debian ]; then
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
    if [ "$CONFIG" = debian ]; then
      [ -f "$DEBIAN_CONFIG" ] || die "no Debian kernel configuration at $DEBIAN_CONFIG (apt-get install linux-config-6.12)"
      # Module signing and the trusted keys name files of Debian's own
      # build (debian/certs/...): not needed to compile a directory.
      CFG_OPTS+=(-d MODULE_SIG -d MODULE_SIG_ALL --set-str SYSTEM_TRUSTED_KEYS ""
                 --set-str SYSTEM_REVOCATION_KEYS "" -d DEBUG_INFO_BTF)
      WANT+=(CONFIG_TRANSPARENT_HUGEPAGE=y CONFIG_MEMCG=y CONFIG_KSM=y CONFIG_USERFAULTFD=y)
      mkdir -p "$OUT"
      xz -dc "$DEBIAN_CONFIG" > "$OUT/.config" || die "cannot read $DEBIAN_CONFIG"
      BASECFG=(true)
      BASENAME="Debian's $(basename "$DEBIAN_CONFIG")"
    else
      BASECFG=("${KMAKE[@]}" defconfig)
      BASENAME=defconfig
    fi
    echo "-- configuring ($CONFIG): $BASENAME + ${CFG_OPTS[*]}"
    { "${BASECFG[@]}" &&
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
}
