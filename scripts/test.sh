#!/usr/bin/env bash
# Quick start, step 2: the whole test suite (lit + FileCheck + -verify,
# GoogleTest units, mmu-ref's tests), through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --kernel
scripts/build.sh
ctest --test-dir "${RCUCTX_BUILD_DIR:-build}" --output-on-failure -j"$(nproc)"
