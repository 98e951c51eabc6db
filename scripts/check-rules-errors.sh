#!/usr/bin/env bash
# ctest rules-dir-errors (issue #18): a rules folder that is missing, not a
# folder, unreadable, empty, or holds a file of a newer rules version is ONE
# error naming where (file:line:col for the version), and exit status 2 from
# the tool. The plugin reports the same one error as a clang error (clang
# then exits 1: a plugin cannot choose the compiler's exit status), the
# clang-tidy module as its one diagnostic. Also the precedence: rules-dir= /
# --rules-dir > $RCUCTX_RULES_DIR > next to the binary.
#
# Usage: scripts/check-rules-errors.sh BUILD_DIR
# As root the unreadable cases run as 'nobody' (setpriv), since root reads
# anything.
set -uo pipefail
BUILD=$(cd "${1:?usage: check-rules-errors.sh BUILD_DIR}" && pwd)
REPO=$(cd "$(dirname "$0")/.." && pwd)
CLANG=${RCUCTX_CLANG:-/usr/lib/llvm-19/bin/clang}
TIDY=${RCUCTX_CLANG_TIDY:-clang-tidy-19}
TOOL=$BUILD/checker/rcuctx
PLUGIN=$BUILD/checker/rcuctx.so
W=$(mktemp -d /tmp/rcuctx-rules-errors.XXXXXX)
chmod 755 "$W"
trap 'chmod -R u+rwx "$W"; rm -rf "$W"' EXIT
unset RCUCTX_RULES_DIR
failures=0
fail() { echo "check-rules-errors: FAIL: $*" >&2; failures=$((failures + 1)); }

cp "$REPO"/corpus/01-*/buggy.c "$W/buggy.c"
cp -r "$REPO/corpus/include" "$W/include"
echo "[{\"directory\": \"$W\", \"file\": \"buggy.c\", \"arguments\": [\"clang-19\", \"-c\", \"-Iinclude\", \"buggy.c\"]}]" \
  > "$W/compile_commands.json"
chmod -R a+rX "$W"

# expect NAME EXPECTED-ERROR-REGEX [runner...] -- rcuctx args (run in $W)
expect() {
  local name=$1 want=$2; shift 2
  local runner=()
  while [[ $1 != -- ]]; do runner+=("$1"); shift; done
  shift
  local out rc lines
  out=$(cd "$W" && "${runner[@]}" "$TOOL" "$@" -p . --quiet 2>&1 >/dev/null); rc=$?
  lines=$(grep -c . <<<"$out")
  if [[ $rc != 2 || $lines != 1 ]] || ! grep -qE "^rcuctx: error: $want" <<<"$out"; then
    fail "$name: tool exit $rc, $lines line(s): $out"
  else
    echo "check-rules-errors: $name: exit 2: $out"
  fi
}
# Same through the plugin: $1 name, $2 regex, $3 plugin rules-dir (or ''), runner after --.
expect_plugin() {
  local name=$1 want=$2 dir=$3; shift 4
  local args=() out rc
  [[ -n $dir ]] && args+=("-fplugin-arg-rcuctx-rules-dir=$dir")
  out=$(cd "$W" && "$@" "$CLANG" -fsyntax-only -fplugin="$PLUGIN" "${args[@]}" -Iinclude buggy.c 2>&1); rc=$?
  if [[ $rc == 0 || $(grep -c 'error:' <<<"$out") != 1 ]] || ! grep -qE "$want" <<<"$out"; then
    fail "plugin $name: exit $rc: $out"
  else
    echo "check-rules-errors: plugin $name: exit $rc: $(grep 'error:' <<<"$out")"
  fi
}

mkdir "$W/empty" "$W/newer" "$W/locked" "$W/badfile" "$W/good"
cp "$REPO"/rules/*.yaml "$W/good/"
cp "$REPO"/rules/*.yaml "$W/newer/"
printf '# written for a future rcuctx\nversion: 2\nfunctions: []\n' > "$W/newer/50-future.yaml"
cp "$REPO"/rules/*.yaml "$W/locked/"
cp "$REPO"/rules/*.yaml "$W/badfile/"
chmod -R a+rX "$W"
chmod 000 "$W/locked"
chmod 000 "$W/badfile/20-kvm.yaml"
as_user=()
[[ $(id -u) == 0 ]] && as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)

expect missing "$W/nope: rules folder \(from --rules-dir\) does not exist$" -- --rules-dir "$W/nope"
expect missing-env "$W/nope: rules folder \(from \\\$RCUCTX_RULES_DIR\) does not exist$" env RCUCTX_RULES_DIR="$W/nope" --
expect not-a-folder "$W/buggy.c: rules folder \(from --rules-dir\) is not a folder$" -- --rules-dir "$W/buggy.c"
expect empty "$W/empty: rules folder \(from --rules-dir\) holds no \*\.yaml rules files$" -- --rules-dir "$W/empty"
expect newer "$W/newer/50-future.yaml:2:10: rules version 2 is newer than this rcuctx .* understands \(version 1\)" -- --rules-dir "$W/newer"
expect unreadable-folder "$W/locked: rules folder \(from --rules-dir\) cannot be read: Permission denied$" "${as_user[@]}" -- --rules-dir "$W/locked"
expect unreadable-file "$W/badfile/20-kvm.yaml: cannot read rules file: Permission denied$" "${as_user[@]}" -- --rules-dir "$W/badfile"
# An installed layout without its rules names where it looked.
mkdir -p "$W/prefix/bin"
cp "$TOOL" "$W/prefix/bin/rcuctx"
out=$(cd "$W" && "$W/prefix/bin/rcuctx" -p . 2>&1); rc=$?
[[ $rc == 2 && $(grep -c . <<<"$out") == 1 ]] && grep -qF "rcuctx: error: $W/prefix/share/rcuctx/rules: no rules folder next to $W/prefix/bin/rcuctx" <<<"$out" ||
  fail "installed without rules: exit $rc: $out"
echo "check-rules-errors: no rules next to the binary: exit $rc: $out"

expect_plugin missing "error: rcuctx: $W/nope: rules folder \(from rules-dir=\) does not exist" "$W/nope" --
expect_plugin newer "50-future.yaml:2:10: error: rcuctx: rules version 2 is newer" "$W/newer" --
expect_plugin unreadable-folder "error: rcuctx: $W/locked: rules folder \(from rules-dir=\) cannot be read" "$W/locked" -- "${as_user[@]}"
out=$(cd "$W" && "$TIDY" --load="$BUILD/checker/librcuctx-tidy.so" -checks='-*,rcuctx-*' \
  --config="{CheckOptions: {RcuctxRulesDir: '$W/nope'}}" buggy.c -- -Iinclude 2>&1)
grep -qF "rcuctx: $W/nope: rules folder (from RcuctxRulesDir) does not exist" <<<"$out" || fail "tidy RcuctxRulesDir: $out"
echo "check-rules-errors: tidy: $(grep -F 'rules folder' <<<"$out" | head -1)"

# Precedence: an explicit folder wins over $RCUCTX_RULES_DIR, which wins over
# the folder next to the binary.
v=$(cd "$W" && RCUCTX_RULES_DIR="$W/nope" "$TOOL" --rules-dir "$W/good" --version 2>&1)
grep -q "bundled rules: $W/good (from --rules-dir)" <<<"$v" || fail "--rules-dir over \$RCUCTX_RULES_DIR: $v"
v=$(cd "$W" && RCUCTX_RULES_DIR="$W/good" "$TOOL" --version 2>&1)
grep -q "bundled rules: $W/good (from \$RCUCTX_RULES_DIR)" <<<"$v" || fail "\$RCUCTX_RULES_DIR over next-to-binary: $v"
v=$(cd "$W" && RCUCTX_RULES_DIR="$W/nope" "$CLANG" -fsyntax-only -fplugin="$PLUGIN" -fplugin-arg-rcuctx-rules-dir="$W/good" \
  -fplugin-arg-rcuctx-version -x c /dev/null 2>&1)
grep -q "bundled rules: $W/good (from rules-dir=)" <<<"$v" || fail "plugin rules-dir= over \$RCUCTX_RULES_DIR: $v"
v=$(cd "$W" && "$TOOL" --version 2>&1)
grep -q "bundled rules: $BUILD/share/rcuctx/rules (from next to $TOOL)" <<<"$v" || fail "next to the binary: $v"
echo "check-rules-errors: precedence rules-dir > \$RCUCTX_RULES_DIR > next to the binary: ok"

if ((failures)); then echo "check-rules-errors: $failures failure(s)"; exit 1; fi
echo "check-rules-errors: OK"
