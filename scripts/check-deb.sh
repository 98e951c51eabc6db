#!/usr/bin/env bash
# ctest deb-package (issue #18): builds the .deb with cpack, inspects its
# control data and contents (dpkg-deb -I / -c), installs it into a scratch
# root with `dpkg --root` and runs what it installed on the corpus seed case.
#
# Why dpkg --root and not a clean chroot: a Debian 12 chroot needs
# debootstrap's ~300 MB download and root for chroot; dpkg --root installs the
# package through dpkg itself (the package database in the scratch root
# records it "install ok installed", its files land under the root) without
# touching the host. The package has no maintainer scripts (cmake/
# DebNoLdconfig.cmake), so nothing would run inside the root anyway. Its
# dependencies are Debian's libclang-cpp19/libllvm19/clang-19, which the
# scratch root does not hold (--force-depends): the installed binaries run
# against the host's copies of exactly those runtime packages, and ldd proves
# each library they load comes from a non -dev package. `apt-get -s install`
# of the .deb then checks its dependencies resolve in the configured Debian
# archive (skipped while another apt/dpkg runs).
#
# Usage: scripts/check-deb.sh BUILD_DIR     (leaves BUILD_DIR/packages/rcuctx_*.deb)
set -euo pipefail
BUILD=$(cd "${1:?usage: check-deb.sh BUILD_DIR}" && pwd)
REPO=$(cd "$(dirname "$0")/.." && pwd)
CLANG=${RCUCTX_CLANG:-/usr/lib/llvm-19/bin/clang}
W=$(mktemp -d /tmp/rcuctx-deb.XXXXXX)
trap 'rm -rf "$W"' EXIT
fail() { echo "check-deb: FAIL: $*" >&2; exit 1; }

rm -f "$BUILD"/packages/rcuctx_*.deb
(cd "$BUILD" && cpack --config CPackConfig.cmake -G DEB >"$W/cpack.log" 2>&1) || { cat "$W/cpack.log"; fail "cpack"; }
debs=("$BUILD"/packages/rcuctx_*_*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || fail "expected one rcuctx_<version>_<arch>.deb, got: ${debs[*]}"
DEB=${debs[0]}
version=$(sed -n 's/^project(rcuctx VERSION \([0-9.]*\).*/\1/p' "$REPO/CMakeLists.txt")
arch=$(dpkg --print-architecture)
[[ $(basename "$DEB") == "rcuctx_${version}_${arch}.deb" ]] || fail "file name $(basename "$DEB")"

# Control data.
dpkg-deb -I "$DEB" > "$W/info"
field() { dpkg-deb -f "$DEB" "$1"; }
[[ $(field Package) == rcuctx && $(field Version) == "$version" && $(field Architecture) == "$arch" ]] ||
  fail "control: $(cat "$W/info")"
depends=$(field Depends)
for d in libclang-cpp19 libllvm19 clang-19; do
  grep -qE "(^|, )$d( |,|$)" <<<"$depends" || fail "Depends lacks $d: $depends"
done
! grep -qE -- '-dev( |,|$)' <<<"$depends" || fail "Depends names a -dev package: $depends"
! grep -qE '^ *[0-9]+ bytes, .* (postinst|postrm|preinst|prerm) ' "$W/info" || fail "maintainer scripts: $(cat "$W/info")"
echo "check-deb: Depends: $depends"

# Contents.
dpkg-deb -c "$DEB" | awk '{print $6}' > "$W/contents"
for f in ./usr/bin/rcuctx ./usr/bin/rcuctx-check ./usr/bin/rcuctx-sarif-to-codequality ./usr/lib/rcuctx/rcuctx.so ./usr/lib/rcuctx/librcuctx-tidy.so \
         ./usr/share/man/man1/rcuctx.1.gz ./usr/share/doc/rcuctx/README.md ./usr/share/doc/rcuctx/docs/ci.md; do
  grep -qxF "$f" "$W/contents" || fail "missing $f"
done
for r in "$REPO"/rules/*.yaml; do
  grep -qxF "./usr/share/rcuctx/rules/$(basename "$r")" "$W/contents" || fail "missing rules/$(basename "$r")"
done
# Files only where they belong (folders are listed too: ./usr/, ./usr/lib/, ...).
grep -v '/$' "$W/contents" | grep -vE '^\./usr/(bin/rcuctx(-check|-sarif-to-codequality)?$|lib/rcuctx/|share/rcuctx/rules/|share/man/man1/|share/doc/rcuctx/)' \
  > "$W/stray" || true
[[ ! -s $W/stray ]] || fail "unexpected files: $(head "$W/stray")"
echo "check-deb: $(grep -c . "$W/contents") paths, $(du -k "$DEB" | cut -f1) kB"

# Install into a scratch root through dpkg.
R=$W/root
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/var/lib/dpkg/triggers"
: > "$R/var/lib/dpkg/status"
: > "$R/var/lib/dpkg/available"
dpkg --root="$R" --log=/dev/null --force-depends --force-not-root -i "$DEB" >"$W/dpkg.log" 2>&1 ||
  { cat "$W/dpkg.log"; fail "dpkg --root -i"; }
status=$(dpkg --root="$R" -s rcuctx | sed -n 's/^Status: //p')
[[ $status == "install ok installed" ]] || fail "dpkg --root status: $status"
bad=$(dpkg --root="$R" --verify rcuctx 2>&1) && [[ -z $bad ]] || fail "dpkg --verify (md5sums): $bad"
echo "check-deb: dpkg --root=<scratch> -i: $status; dpkg --verify: files match their md5sums"

# The tool resolves against Debian's runtime libraries, never -dev ones.
ldd "$R/usr/bin/rcuctx" > "$W/ldd"
! grep -q "not found" "$W/ldd" || fail "unresolved: $(grep 'not found' "$W/ldd")"
! readelf -d "$R/usr/bin/rcuctx" | grep -qE 'RPATH|RUNPATH' || fail "installed tool keeps an RPATH"
for lib in libclang-cpp.so.19.1 libLLVM.so.19.1; do
  path=$(awk -v l="$lib" '$1 == l {print $3}' "$W/ldd")
  [[ -n $path ]] || fail "$lib not loaded: $(cat "$W/ldd")"
  owner=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | cut -d: -f1 | head -1)
  [[ -n $owner && $owner != *-dev ]] || fail "$lib ($path) comes from '${owner:-no package}'"
  echo "check-deb: $lib -> $path ($owner)"
done

# What the package installed runs: the tool and the plugin in clang-19, with
# the rules found next to them in the scratch root.
mkdir "$W/case"
cp "$REPO"/corpus/01-*/buggy.c "$W/case/"
cp -r "$REPO/corpus/include" "$W/case/include"
echo "[{\"directory\": \"$W/case\", \"file\": \"buggy.c\", \"arguments\": [\"clang-19\", \"-c\", \"-Iinclude\", \"buggy.c\"]}]" \
  > "$W/case/compile_commands.json"
cd "$W/case"
env -u RCUCTX_RULES_DIR "$R/usr/bin/rcuctx" --version > "$W/version"
grep -q "bundled rules: $R/usr/share/rcuctx/rules (from next to $R/usr/bin/rcuctx)" "$W/version" ||
  fail "tool --version: $(cat "$W/version")"
rc=0
env -u RCUCTX_RULES_DIR "$R/usr/bin/rcuctx" -p . --quiet > "$W/tool.out" 2>&1 || rc=$?
[[ $rc == 1 ]] && grep -q 'rcuctx-rcu-section' "$W/tool.out" || fail "tool (exit $rc): $(cat "$W/tool.out")"
env -u RCUCTX_RULES_DIR "$CLANG" -fsyntax-only -Wno-unused-value -fplugin="$R/usr/lib/rcuctx/rcuctx.so" \
  -fplugin-arg-rcuctx-version -Iinclude buggy.c > "$W/plugin.out" 2>&1 || fail "plugin: $(cat "$W/plugin.out")"
grep -q "from next to $R/usr/lib/rcuctx/rcuctx.so" "$W/plugin.out" && grep -q 'rcuctx-rcu-section' "$W/plugin.out" ||
  fail "plugin: $(cat "$W/plugin.out")"
echo "check-deb: installed tool and plugin (clang-19) report the seed finding"

# The dependencies resolve in the configured Debian archive.
if pgrep -x apt-get >/dev/null || pgrep -x apt >/dev/null || pgrep -x dpkg >/dev/null; then
  echo "check-deb: apt-get -s install skipped: another apt/dpkg is running"
else
  apt-get -s install "$DEB" > "$W/apt.log" 2>&1 || { cat "$W/apt.log"; fail "apt-get -s install $DEB"; }
  grep -qE '^(Inst|Conf) rcuctx ' "$W/apt.log" || { cat "$W/apt.log"; fail "apt-get -s would not install rcuctx"; }
  echo "check-deb: apt-get -s install ./$(basename "$DEB"): dependencies resolve"
fi
echo "check-deb: OK"
