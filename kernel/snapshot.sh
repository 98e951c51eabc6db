# Sourced by build-kvm.sh and mutate-tdp-mmu.sh.
#
# snapshot_plugin PLUGIN RULES_DIR DEST
#   Copy the plugin and the bundled rules it loads into DEST (DEST/rcuctx.so,
#   DEST/rules/*.yaml, DEST/PROVENANCE) and check that the pair loads cleanly.
#   Why: the repository is worked on concurrently.  `ninja -C build` rewrites
#   rcuctx.so in place, so a compile that dlopen()s it mid-write fails ("file
#   too short", "invalid ELF header"); and the plugin reads rules/*.yaml at
#   every compile, so a rules edit that is ahead of the built binary breaks
#   every object ("rcuctx: unknown key ...").  Retries for up to ~2 minutes.
#   Sets SNAP_KCFLAGS to the -fplugin flags that use the snapshot.
snapshot_plugin() {
  local plugin=$1 rules=$2 dest=$3 try chk rc
  local cc=clang${LLVM_SUFFIX:--19}
  for try in $(seq 1 20); do
    rm -rf "$dest.tmp" && mkdir -p "$dest.tmp/rules" &&
      cp -f "$plugin" "$dest.tmp/rcuctx.so" && cp -f "$rules"/*.yaml "$dest.tmp/rules/" &&
      cmp -s "$plugin" "$dest.tmp/rcuctx.so" || { sleep 3; continue; }
    chk=$(echo 'int x;' | "$cc" -fplugin="$dest.tmp/rcuctx.so" \
            -fplugin-arg-rcuctx-rules-dir="$dest.tmp/rules" -fsyntax-only -x c - 2>&1)
    rc=$?
    if [ "$rc" = 0 ] && [ -z "$chk" ]; then
      # Canary: the plugin must not only load but analyse and report.
      printf '%s\n' 'void rcu_read_lock(void);' 'void rcu_read_unlock(void);' \
        'void might_sleep(void);' 'void rcuctx_canary(void);' \
        'void rcuctx_canary(void) { rcu_read_lock(); might_sleep(); rcu_read_unlock(); }' \
        > "$dest.tmp/canary.c"
      # (output captured first: `clang | grep -q` under pipefail fails when
      # grep exits early and clang gets SIGPIPE)
      chk=$("$cc" -fplugin="$dest.tmp/rcuctx.so" -fplugin-arg-rcuctx-rules-dir="$dest.tmp/rules" \
              -fsyntax-only "$dest.tmp/canary.c" 2>&1)
      case "$chk" in
        *"[rcuctx-sleep-in-atomic]"*) ;;
        *) echo "-- plugin/rules snapshot does not report the canary (try $try): $(printf '%s' "$chk" | head -1)" >&2
           sleep 6; continue ;;
      esac
      rm -rf "$dest" && mv "$dest.tmp" "$dest" || return 1
      local repo; repo=$(cd "$(dirname "$plugin")" && git rev-parse --show-toplevel 2>/dev/null)
      { echo "plugin: $plugin mtime $(date -r "$plugin" -Is) sha256 $(sha256sum "$dest/rcuctx.so" | cut -d' ' -f1)"
        echo "rules: $rules ($(cd "$dest/rules" && sha256sum *.yaml | cut -c1-12 | tr '\n' ' '))"
        if [ -n "$repo" ]; then
          echo "repo HEAD: $(git -C "$repo" log -1 --format='%h %ci %s')"
          echo "checker/ rules/ files modified in the work tree: $(git -C "$repo" status --porcelain -- checker rules | wc -l)"
        fi
      } > "$dest/PROVENANCE"
      echo "canary: sleep under rcu_read_lock() reported, the plugin analyses" >> "$dest/PROVENANCE"
      sed 's/^/-- /' "$dest/PROVENANCE"
      SNAP_KCFLAGS="-fplugin=$dest/rcuctx.so -fplugin-arg-rcuctx-rules-dir=$dest/rules"
      return 0
    fi
    echo "-- plugin/rules snapshot not usable yet (try $try): $(printf '%s' "$chk" | head -1)" >&2
    sleep 6
  done
  return 1
}
