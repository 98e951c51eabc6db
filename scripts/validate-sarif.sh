#!/usr/bin/env bash
# Validates SARIF files with Microsoft's SARIF Multitool (the validator
# behind the SARIF viewers; schema check plus the spec's rules), fetched from
# npm's registry into the build folder on first use. Fails on any
# error-level result; warnings are printed. The tarball comes straight from
# registry.npmjs.org (no npm needed); it is a self-contained Linux binary.
# Usage: scripts/validate-sarif.sh FILE.sarif...
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=${RCUCTX_BUILD_DIR:-build}/tools/sarif-multitool
MT=$TOOLS/package/Sarif.Multitool
if [[ ! -x $MT ]]; then
  mkdir -p "$TOOLS"
  url=https://registry.npmjs.org/@microsoft/sarif-multitool-linux/-/sarif-multitool-linux-5.7.0.tgz
  python3 -c "import sys, urllib.request; open(sys.argv[2], 'wb').write(urllib.request.urlopen(sys.argv[1], timeout=300).read())" \
    "$url" "$TOOLS/multitool.tgz"
  tar xzf "$TOOLS/multitool.tgz" -C "$TOOLS" && chmod +x "$MT"
fi
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
status=0
for f in "$@"; do
  out=$(mktemp --suffix=.sarif)
  "$MT" validate "$f" -o "$out" --log ForceOverwrite >/dev/null
  python3 - "$f" "$out" <<'PY' || status=1
import json, sys
log = json.load(open(sys.argv[2]))
errors = 0
for run in log["runs"]:
    for r in run.get("results", []):
        level = r.get("level", "warning")
        msg = r["message"].get("text") or " ".join(r["message"].get("arguments", []))
        print("%s: %s %s: %s" % (sys.argv[1], level, r["ruleId"], msg))
        errors += level == "error"
print("%s: %d error(s) from the SARIF validator" % (sys.argv[1], errors))
sys.exit(1 if errors else 0)
PY
  rm -f "$out"
done
exit $status
