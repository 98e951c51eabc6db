#!/usr/bin/env bash
# The tool's SARIF for the three-file seed case must pass the SARIF
# validator (scripts/validate-sarif.sh) with no error.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${RCUCTX_BUILD_DIR:-build}
TOOL=${1:-$BUILD/checker/rcuctx}
work=$BUILD/sarif-check
rm -rf "$work" && mkdir -p "$work"
sed -e "s|@DIR@|$PWD/test/lit/Inputs/crossfile|g" -e "s|@INC@|$PWD/corpus/include|g" \
  test/lit/Inputs/crossfile/compile_commands.json.in > "$work/compile_commands.json"
export RCUCTX_RULES_DIR=${RCUCTX_RULES_DIR:-$PWD/rules}
rc=0
"$TOOL" -p "$work" --format=sarif --source-root="$PWD" -o "$work/seed.sarif" || rc=$?
[[ $rc -eq 1 ]] || { echo "expected exit 1 (findings), got $rc"; exit 1; }
scripts/validate-sarif.sh "$work/seed.sarif"
