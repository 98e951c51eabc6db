#!/usr/bin/env bash
# Configures and builds rcuctx (plugin, unit tests, mmu-ref) into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${RCUCTX_BUILD_DIR:-build}
if [[ ! -f "$BUILD/build.ninja" ]]; then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 >/dev/null
fi
ninja -C "$BUILD" -j"$(nproc)" >/dev/null
echo "rcuctx: built $BUILD/checker/rcuctx.so"
