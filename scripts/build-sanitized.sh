#!/usr/bin/env bash
# Builds rcuctx with AddressSanitizer + UndefinedBehaviorSanitizer into
# build-asan/ (issue #6): the plugin and clang-tidy module (shared sanitizer
# runtime: load them into clang-19 with scripts/check-sanitized.sh, which
# LD_PRELOADs it), the unit tests, and the rules-loader libFuzzer target.
#   RCUCTX_SANITIZE=address,undefined  sanitizers (default)
#   RCUCTX_ASAN_BUILD_DIR=build-asan   where to build
# Extra arguments are ninja targets (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${RCUCTX_ASAN_BUILD_DIR:-build-asan}
SAN=${RCUCTX_SANITIZE:-address,undefined}
if [[ ! -f "$BUILD/build.ninja" ]]; then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DRCUCTX_SANITIZE="$SAN" -DRCUCTX_BUILD_MMU_REF=OFF -DRCUCTX_KERNEL_TESTS=OFF >/dev/null
fi
nice ninja -C "$BUILD" -j"$(nproc)" "$@" >/dev/null
echo "rcuctx: built $BUILD/checker/rcuctx.so with -fsanitize=$SAN"
