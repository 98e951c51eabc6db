#!/usr/bin/env bash
# ctest install-relocated (issue #18): `cmake --install` into a temporary
# prefix, copy only that prefix elsewhere (the prefix is relocatable), then
# run the installed plugin, clang-tidy module and tool on the corpus seed case
# with the source tree hidden: inside a private mount namespace a tmpfs is
# mounted over the checkout (build tree included), so nothing the installed
# binaries do can reach it, and $RCUCTX_RULES_DIR is unset. Their findings
# must be the same as the build tree's. Also checks the installed layout,
# that --version names the installed rules with their sha256sum, and that
# rcuctx(1) documents every option --help lists.
#
# Usage: scripts/check-install.sh BUILD_DIR
# Without the rights to make a mount namespace (unshare -m, root), the
# installed binaries still run from the copy of only the prefix, with the
# checkout visible; the script says so.
set -euo pipefail
BUILD=$(cd "${1:?usage: check-install.sh BUILD_DIR}" && pwd)
REPO=$(cd "$(dirname "$0")/.." && pwd)
CLANG=${RCUCTX_CLANG:-/usr/lib/llvm-19/bin/clang}
TIDY=${RCUCTX_CLANG_TIDY:-clang-tidy-19}
W=$(mktemp -d /tmp/rcuctx-install.XXXXXX)
trap 'rm -rf "$W"' EXIT
fail() { echo "check-install: FAIL: $*" >&2; exit 1; }

cmake --install "$BUILD" --prefix "$W/stage" >/dev/null
for f in bin/rcuctx bin/rcuctx-check lib/rcuctx/rcuctx.so lib/rcuctx/librcuctx-tidy.so share/man/man1/rcuctx.1.gz \
         share/doc/rcuctx/README.md share/doc/rcuctx/docs/ci.md share/doc/rcuctx/docs/ci/github-actions.yml; do
  [[ -e "$W/stage/$f" ]] || fail "not installed: $f"
done
for r in "$REPO"/rules/*.yaml; do
  cmp -s "$r" "$W/stage/share/rcuctx/rules/$(basename "$r")" || fail "rules/$(basename "$r") not installed"
done
# Only the prefix, somewhere else.
cp -a "$W/stage" "$W/moved"
rm -rf "$W/stage"
P=$W/moved

# The seed case and its headers, outside the checkout.
mkdir -p "$W/case"
cp "$REPO"/corpus/01-*/buggy.c "$W/case/"
cp -r "$REPO/corpus/include" "$W/case/include"
cat > "$W/case/compile_commands.json" <<JSON
[{"directory": "$W/case", "file": "$W/case/buggy.c",
  "arguments": ["clang-19", "-c", "-Wno-unused-value", "-I$W/case/include", "buggy.c"]}]
JSON

# Runs the three front ends from one layout: $1 plugin dir, $2 tool, $3 out.
cat > "$W/run.sh" <<'RUN'
set -uo pipefail
libdir=$1 tool=$2 out=$3 case=$4 clang=$5 tidy=$6
cd "$case"
keep() { grep -E '(warning|error|note): ' | sed "s|$case/||g" || true; }
"$clang" -fsyntax-only -Wno-unused-value -fplugin="$libdir/rcuctx.so" -Iinclude buggy.c 2>&1 | keep > "$out.plugin"
"$tidy" --load="$libdir/librcuctx-tidy.so" -checks='-*,rcuctx-*' buggy.c -- -Wno-unused-value -Iinclude 2>/dev/null | keep > "$out.tidy"
"$tool" -p compile_commands.json --quiet > "$out.tool.txt" 2>&1; echo "exit $?" >> "$out.tool.txt"
# make C=2 CHECK=rcuctx-check: the wrapper beside the tool finds the plugin itself
RCUCTX_CLANG="$clang" "$(dirname "$tool")/rcuctx-check" -Wbitwise -D__STDC__ -Wno-unused-value -Iinclude buggy.c 2>&1 | keep > "$out.check"
sed -i "s|$case/||g" "$out.tool.txt"
"$tool" --version > "$out.version" 2>&1 || echo "version exit $?" >> "$out.version"
"$clang" -fsyntax-only -fplugin="$libdir/rcuctx.so" -fplugin-arg-rcuctx-version -x c /dev/null \
  > "$out.plugin-version" 2>&1 || echo "plugin version exit $?" >> "$out.plugin-version"
RUN

env -u RCUCTX_RULES_DIR bash "$W/run.sh" "$BUILD/checker" "$BUILD/checker/rcuctx" "$W/built" "$W/case" "$CLANG" "$TIDY"
how="with the checkout $REPO hidden (tmpfs over it, private mount namespace)"
if ! unshare -m bash -c "mount -t tmpfs none '$REPO' && test ! -e '$REPO/rules' && env -u RCUCTX_RULES_DIR bash '$W/run.sh' '$P/lib/rcuctx' '$P/bin/rcuctx' '$W/installed' '$W/case' '$CLANG' '$TIDY'" 2>"$W/unshare.err"; then
  how="from a copy of only the install prefix, checkout visible (no mount namespace: $(head -1 "$W/unshare.err"))"
  env -u RCUCTX_RULES_DIR bash "$W/run.sh" "$P/lib/rcuctx" "$P/bin/rcuctx" "$W/installed" "$W/case" "$CLANG" "$TIDY"
fi

for k in plugin tidy tool.txt check; do
  [[ -s "$W/built.$k" ]] || fail "build tree: no $k output"
  grep -q 'rcuctx-rcu-section' "$W/built.$k" || fail "build tree $k: the seed finding is missing: $(cat "$W/built.$k")"
  diff -u "$W/built.$k" "$W/installed.$k" || fail "installed $k differs from the build tree"
  echo "check-install: $k: $(grep -c 'warning:' "$W/installed.$k") warning(s), same as the build tree"
done
grep -q "^exit 1$" "$W/installed.tool.txt" || fail "installed tool: expected exit 1 (findings)"
diff -u "$W/installed.plugin" "$W/installed.check" || fail "installed rcuctx-check differs from the plugin"

# --version: the installed rules, found next to the binary, with their hashes.
grep -q "bundled rules: $P/share/rcuctx/rules (from next to $P/bin/rcuctx)" "$W/installed.version" ||
  fail "installed --version: $(cat "$W/installed.version")"
grep -q "bundled rules: $P/share/rcuctx/rules (from next to $P/lib/rcuctx/rcuctx.so)" "$W/installed.plugin-version" ||
  fail "installed plugin version: $(cat "$W/installed.plugin-version")"
(cd "$REPO/rules" && sha256sum *.yaml) | while read -r sum f; do
  grep -q "$sum  $P/share/rcuctx/rules/$f" "$W/installed.version" || fail "--version lacks $f's sha256 $sum"
  grep -q "$sum  $P/share/rcuctx/rules/$f" "$W/installed.plugin-version" || fail "plugin version lacks $f's sha256"
done
grep -q "LLVM 19" "$W/installed.version" || fail "--version names no LLVM"

# rcuctx(1) documents every option --help lists (both come from one table).
man=$W/rcuctx.1
gzip -dc "$P/share/man/man1/rcuctx.1.gz" > "$man"
for o in $("$P/bin/rcuctx" --help | grep -oE '^  -{1,2}[a-z][a-z-]*' | sed 's/^ *//'); do
  grep -qF ".B $(sed 's/-/\\-/g' <<<"$o")" "$man" || fail "rcuctx.1 lacks $o"
done
for o in rules-dir= version summary-dir=; do
  grep -qF "$(sed 's/-/\\-/g' <<<"$o")" "$man" || fail "rcuctx.1 lacks plugin option $o"
done
echo "check-install: OK: installed plugin, tidy module, tool and rcuctx-check ran $how; same findings as the build tree"
