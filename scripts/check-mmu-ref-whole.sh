#!/usr/bin/env bash
# The whole-program tool over mmu-ref: a compile_commands.json for its C
# files (the flags scripts/check-mmu-ref.sh uses), then `rcuctx -p`; any
# finding, cross-file or not, or any file that does not parse fails.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${RCUCTX_BUILD_DIR:-build}
TOOL=${1:-$BUILD/checker/rcuctx}
work=$BUILD/mmu-ref-whole
mkdir -p "$work"
python3 - "$PWD" "$work/compile_commands.json" <<'PY'
import json, sys
root, out = sys.argv[1], sys.argv[2]
srcs = [l.strip() for l in open(root + "/mmu-ref/SOURCES.txt") if l.strip()]
json.dump([{"directory": root, "file": root + "/" + s,
            "arguments": ["clang-19", "-c", "-std=gnu11", "-DMMUREF_DEBUG",
                          "-Immu-ref/include", "-Immu-ref/src", s]} for s in srcs],
          open(out, "w"), indent=1)
PY
export RCUCTX_RULES_DIR=${RCUCTX_RULES_DIR:-$PWD/rules}
"$TOOL" -p "$work" --link-stats
