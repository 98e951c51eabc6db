#!/bin/sh
# rcuctx-check: the rcuctx plugin under the kernel's $(CHECK) convention.
#
#   make LLVM=-19 C=2 CHECK=/path/to/rcuctx-check arch/x86/kvm/
#   make LLVM=-19 C=2 CHECK=rcuctx-check CF="-fplugin-arg-rcuctx-strict" mm/
#
# kbuild runs `$(CHECK) $(CHECKFLAGS) $(c_flags) file.c` for each C file it
# builds (C=1) or for every one, built or not (C=2), in the object tree.
# CHECKFLAGS are sparse's: this drops the ones clang does not take
# (--arch=, -D__STDC__, and the sparse -W options named below; any other
# -W option clang does not know, from CF, is only ignored:
# -Wno-unknown-warning-option comes last, after kbuild's
# -Werror=unknown-warning-option), drops the dependency-file flags (-Wp,-MMD,...:
# they would overwrite the object's .d file) and runs clang with the plugin,
# -fsyntax-only: nothing is written. CF passes options through, plugin ones
# included. Findings are warnings (exit 0); a file clang cannot parse fails
# the check, as sparse's errors do.
#
# Environment: RCUCTX_PLUGIN (default: rcuctx.so beside this script, or
# ../lib/rcuctx/rcuctx.so when installed), RCUCTX_CLANG (default: clang-19).
# The plugin finds its rules relative to itself, or in RCUCTX_RULES_DIR.
set -u
here=$(dirname "$(readlink -f "$0")")
plugin=${RCUCTX_PLUGIN:-}
if [ -z "$plugin" ]; then
  for p in "$here/rcuctx.so" "$here/../lib/rcuctx/rcuctx.so"; do
    if [ -f "$p" ]; then plugin=$p; break; fi
  done
fi
if [ -z "$plugin" ]; then
  echo "rcuctx-check: cannot find the rcuctx plugin (looked beside $0 and in ../lib/rcuctx/; set RCUCTX_PLUGIN)" >&2
  exit 2
elif [ ! -f "$plugin" ]; then
  echo "rcuctx-check: RCUCTX_PLUGIN=$plugin: no such file" >&2
  exit 2
fi
clang=${RCUCTX_CLANG:-clang-19}
if [ $# -eq 0 ]; then
  echo "usage: rcuctx-check [compiler flags...] file.c   (kbuild: make C=1|2 CHECK=rcuctx-check)" >&2
  exit 2
fi

# Rebuild the argument list in place: shift each argument off the front and
# append what is kept (POSIX sh has no arrays).
n=$#
while [ "$n" -gt 0 ]; do
  a=$1
  shift
  n=$((n - 1))
  case "$a" in
    --arch=*|-D__STDC__|-D__STDC__=*) continue ;;
    -Wbitwise|-Wno-bitwise|-Wno-return-void|-Wno-unknown-attribute) continue ;;
    -Wsparse-all|-Wsparse-error|-Wcontext|-Wno-context|-Wcast-to-as|-Wdecl|-Wno-decl) continue ;;
    -Wp,-MMD,*|-Wp,-MD,*) continue ;;
  esac
  set -- "$@" "$a"
done
exec "$clang" -fsyntax-only "-fplugin=$plugin" "$@" -Wno-unknown-warning-option
