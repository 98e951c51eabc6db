#!/bin/sh
# SPDX-License-Identifier: MIT
# The fixed differential-fuzzing run for CI (issue #6): seeds 0..49, default
# and strict mode, under two minutes on two cores. Fails on any definite miss
# (a violation the oracle saw on every execution reaching a site, which the
# checker did not report) and on any generator/oracle error; prints the false
# alarm rate of both modes.
#   fuzz/ci.sh [PLUGIN]     (default: build/checker/rcuctx.so)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
plugin=${1:-$here/../build/checker/rcuctx.so}
exec python3 "$here/run.py" --seeds 0..49 --strict --plugin "$plugin" --table disagreements -v
