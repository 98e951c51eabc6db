#!/bin/sh
# Configure, build and run the mmu-ref tests under AddressSanitizer (with
# LeakSanitizer) and ThreadSanitizer, each in its own build directory.
# Usage: mmu-ref/scripts/run-sanitizers.sh [address|thread]...
# Build dirs: $MMUREF_BUILD_ROOT/build-asan, build-tsan (default: mmu-ref/).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
root=${MMUREF_BUILD_ROOT:-$here}
jobs=${MMUREF_JOBS:-2}
kinds=${*:-address thread}

for kind in $kinds; do
	case $kind in
	address) dir=$root/build-asan ;;
	thread) dir=$root/build-tsan ;;
	*) echo "unknown sanitizer $kind" >&2; exit 2 ;;
	esac
	echo "=== $kind: $dir"
	cmake -S "$here" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DMMUREF_SANITIZE="$kind" -DMMUREF_BUILD_BENCH=OFF
	cmake --build "$dir" -j "$jobs"
	(
		cd "$dir"
		export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}"
		export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$here/scripts/tsan-suppressions.txt:${TSAN_OPTIONS:-}"
		ctest --output-on-failure -j "$jobs"
	)
done
echo "=== sanitizers passed: $kinds"
